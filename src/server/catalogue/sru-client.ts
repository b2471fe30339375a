// An SRU client for harvesting: searchRetrieve with a CQL query, records in
// MARCXML, paged with startRecord/maximumRecords until the server gives no
// nextRecordPosition. Written from the OASIS searchRetrieve specifications
// (SRU 1.2 binding, part 2; SRU 2.0 binding, part 3) and the LC SRU 1.1 pages:
// - 1.1/1.2 requests carry operation=searchRetrieve&version=…&recordPacking=xml;
//   responses are in the http://www.loc.gov/zing/srw/ namespace with <version>.
// - 2.0 requests carry neither operation nor version (the server infers the
//   operation from `query`), and recordXMLEscaping=xml replaces recordPacking;
//   responses are in the http://docs.oasis-open.org/ns/search-ws/sruResponse namespace.
// - A request without parameters is an explain request in every version, so
//   the server's explainResponse tells which version it speaks.
// - Fatal diagnostics are in <diagnostics>; a record the server could not
//   render is a surrogate diagnostic in place of that record.
import { XMLValidator } from 'fast-xml-parser';
import type { SruSettings, SruVersion } from '#shared/catalogue/sources';
import { marcXmlParser, type XmlNode } from './marc-xml';

export class SruError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface SruRecord {
  position: number;
  /** The parsed MARCXML <record> element, or null where the server sent a diagnostic. */
  marc: unknown;
  diagnostic: string | null;
}

export interface SruPage {
  version: SruVersion;
  total: number;
  records: SruRecord[];
  nextPosition: number | null;
}

const NS_20 = 'http://docs.oasis-open.org/ns/search-ws/sruResponse';
const MAX_BODY = 64 * 1024 * 1024;
const parser = marcXmlParser(['diagnostic']);

async function get(url: URL, timeoutMs: number): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/xml, text/xml' } });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new SruError('SRU_TIMEOUT', `${url.host} did not answer within ${timeoutMs} ms.`);
    throw new SruError('SRU_UNREACHABLE', `Could not reach ${url.host}: ${e.cause?.code ?? e.cause?.message ?? String(err)}.`);
  }
  let body: string;
  try {
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.length > MAX_BODY) throw new SruError('SRU_RESPONSE_TOO_LARGE', `${url.host} sent ${buf.length} bytes in one page; lower the page size.`);
    body = buf.toString('utf8');
  } catch (err) {
    if (err instanceof SruError) throw err;
    const e = err as { name?: string };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new SruError('SRU_TIMEOUT', `${url.host} did not finish its answer within ${timeoutMs} ms.`);
    throw new SruError('SRU_UNREACHABLE', `${url.host} broke off its answer: ${String(err)}.`);
  }
  // SRU servers often answer diagnostics with an HTTP error status and an SRU body: read the body first.
  if (res.status !== 200 && !body.includes('Response')) throw new SruError('SRU_HTTP_ERROR', `${url.host} answered HTTP ${res.status}.`);
  return body;
}

function parse(body: string, host: string): { root: XmlNode; name: string; is20: boolean } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new SruError('SRU_MALFORMED_XML', `${host} sent XML that is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`);
  const doc = parser.parse(body) as XmlNode;
  const name = Object.keys(doc).find((k) => k.endsWith('Response'));
  if (!name) throw new SruError('SRU_NOT_SRU', `${host} did not answer with an SRU response (root element: ${Object.keys(doc).filter((k) => k !== '?xml')[0] ?? 'none'}).`);
  return { root: doc[name] as XmlNode, name, is20: body.includes(NS_20) };
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : v && typeof v === 'object' && '#text' in v ? text((v as XmlNode)['#text']) : '');
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

function versionOf(root: XmlNode, is20: boolean): SruVersion {
  const v = text(root['version']).trim();
  if (v === '1.1' || v === '1.2' || v === '2.0') return v;
  return is20 ? '2.0' : '1.2';
}

function diagnosticText(d: unknown): string {
  const n = (d ?? {}) as XmlNode;
  const uri = text(n['uri']);
  return [text(n['message']) || 'diagnostic', text(n['details']) && `(${text(n['details'])})`, uri && `[${uri}]`].filter(Boolean).join(' ');
}

/** The version the server speaks, from its explain response. */
export async function detectVersion(baseUrl: string, timeoutMs: number): Promise<SruVersion> {
  const url = new URL(baseUrl);
  const { root, is20 } = parse(await get(url, timeoutMs), url.host);
  return versionOf(root, is20);
}

export function searchRetrieveUrl(s: SruSettings, version: SruVersion, query: string, start: number): URL {
  const url = new URL(s.url);
  const p = url.searchParams;
  if (version !== '2.0') {
    p.set('operation', 'searchRetrieve');
    p.set('version', version);
    p.set('recordPacking', 'xml');
  } else {
    p.set('recordXMLEscaping', 'xml');
  }
  p.set('query', query);
  p.set('startRecord', String(start));
  p.set('maximumRecords', String(s.pageSize));
  p.set('recordSchema', s.recordSchema);
  return url;
}

export async function searchRetrieve(s: SruSettings, version: SruVersion, query: string, start: number): Promise<SruPage> {
  const url = searchRetrieveUrl(s, version, query, start);
  const { root, name, is20 } = parse(await get(url, s.timeoutMs), url.host);
  if (name !== 'searchRetrieveResponse') throw new SruError('SRU_NOT_SRU', `${url.host} answered ${name} to a searchRetrieve request.`);
  const fatal = asList((root['diagnostics'] as XmlNode | undefined)?.['diagnostic']);
  if (fatal.length) {
    const d = fatal[0] as XmlNode;
    const details = text(d['details']).trim();
    // Diagnostic 5, unsupported version: its details name a version the server does support.
    if (/\/diagnostic\/1\/5$/.test(text(d['uri'])) && /^(1\.1|1\.2|2\.0)$/.test(details) && details !== version) return searchRetrieve(s, details as SruVersion, query, start);
    throw new SruError('SRU_DIAGNOSTIC', `${url.host}: ${diagnosticText(d)}`);
  }
  const total = Number(text(root['numberOfRecords']));
  if (!Number.isFinite(total)) throw new SruError('SRU_NOT_SRU', `${url.host} sent no numberOfRecords.`);
  const records: SruRecord[] = [];
  const list = asList((root['records'] as XmlNode | undefined)?.['record']);
  list.forEach((r, i) => {
    const rec = (r ?? {}) as XmlNode;
    const position = Number(text(rec['recordPosition'])) || start + i;
    const schema = text(rec['recordSchema']);
    let data = rec['recordData'] as unknown;
    // Packing "string": the record is escaped XML text inside recordData.
    if (typeof data === 'string' && data.trim().startsWith('<')) {
      const ok = XMLValidator.validate(data);
      data = ok === true ? parser.parse(data) : null;
      if (data === null) return records.push({ position, marc: null, diagnostic: 'the record is not well-formed XML' });
    }
    const node = (data ?? {}) as XmlNode;
    if (schema.includes('diagnostic') || node['diagnostic']) return records.push({ position, marc: null, diagnostic: diagnosticText(asList(node['diagnostic'])[0]) });
    const marc = asList(node['record'])[0];
    records.push(marc ? { position, marc, diagnostic: null } : { position, marc: null, diagnostic: `no MARCXML record (schema ${schema || 'unnamed'})` });
  });
  // nextRecordPosition is optional (Zebra omits it): without it, the next page starts after the last record
  // received, as long as the result set has more.
  const given = Number(text(root['nextRecordPosition']));
  const next = Number.isInteger(given) && given > 0 ? given : records.length > 0 ? start + records.length : null;
  return { version: versionOf(root, is20), total, records, nextPosition: next !== null && next > start && next <= total ? next : null };
}
