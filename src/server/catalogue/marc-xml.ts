// MARCXML (MARC 21 slim) records into marcjs Records. The XML is read by
// fast-xml-parser rather than marcjs's MarcxmlParser, which slices tags at
// fixed character offsets and so cannot read namespace prefixes (<marc:record>),
// other attribute orders, or MARCXML inside an SRU envelope (<recordData>);
// the record model is marcjs's, so one extractor serves both file formats.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Record as MarcRecord } from 'marcjs';
import type { MarcReadResult } from './marc-iso2709';

const ARRAYS = new Set(['record', 'controlfield', 'datafield', 'subfield']);

export function marcXmlParser(extraArrays: readonly string[] = []): XMLParser {
  const arrays = new Set([...ARRAYS, ...extraArrays]);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Numeric character references (&#x7D71;) are how many servers send CJK.
    htmlEntities: true,
    isArray: (name) => arrays.has(name),
  });
}

export type XmlNode = Record<string, unknown>;

const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return text((v as XmlNode)['#text']);
  return '';
};
const attr = (node: unknown, name: string): string => (node && typeof node === 'object' ? text((node as XmlNode)[`@${name}`]) : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** One parsed <record> element (MARC 21 slim) as a marcjs Record. */
export function recordFromMarcXml(node: unknown, position: number): MarcReadResult {
  if (!node || typeof node !== 'object') return { ok: false, code: 'NOT_MARCXML', message: `Record ${position}: empty <record> element.` };
  const n = node as XmlNode;
  const leader = text(n['leader']);
  if (leader.length !== 24) return { ok: false, code: 'BAD_LEADER', message: `Record ${position}: the leader is ${leader.length} characters, not 24.` };
  const record = new MarcRecord();
  record.leader = leader;
  record.fields = [];
  for (const cf of list(n['controlfield'])) {
    const tag = attr(cf, 'tag');
    if (!/^[0-9A-Za-z]{3}$/.test(tag)) return { ok: false, code: 'BAD_FIELD', message: `Record ${position}: controlfield tag "${tag.slice(0, 10)}" is not three characters.` };
    record.fields.push([tag, text(cf)]);
  }
  for (const df of list(n['datafield'])) {
    const tag = attr(df, 'tag');
    if (!/^[0-9A-Za-z]{3}$/.test(tag)) return { ok: false, code: 'BAD_FIELD', message: `Record ${position}: datafield tag "${tag.slice(0, 10)}" is not three characters.` };
    const field = [tag, `${(attr(df, 'ind1') || ' ').slice(0, 1)}${(attr(df, 'ind2') || ' ').slice(0, 1)}`];
    for (const sf of list((df as XmlNode)['subfield'])) field.push(attr(sf, 'code').slice(0, 1), text(sf));
    record.fields.push(field);
  }
  // MARCXML orders fields by tag in practice; keep the tag order the ISO 2709 path has.
  record.fields.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return { ok: true, record };
}

export type MarcXmlFile = { ok: true; records: unknown[] } | { ok: false; code: string; message: string };

/** A MARCXML file: a <collection> of <record>s, or one <record>. */
export function readMarcXmlFile(xml: string): MarcXmlFile {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, code: 'MALFORMED_XML', message: `The file is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).` };
  const doc = marcXmlParser().parse(xml) as XmlNode;
  const collection = doc['collection'] as XmlNode | undefined;
  const records = collection ? list(collection['record']) : list(doc['record']);
  if (!collection && !doc['record']) return { ok: false, code: 'NOT_MARCXML', message: 'The XML has no MARC 21 <collection> or <record> element.' };
  return { ok: true, records };
}
