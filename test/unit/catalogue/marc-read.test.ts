// Reading MARC 21: ISO 2709 through marcjs with the record's encoding decided
// per record (leader/09, or the source's Big5 setting), damaged frames
// reported instead of parsed, MARCXML with namespace prefixes, and the
// holdings rule turning 949 fields into copies.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Marc, Record as MarcRecord } from 'marcjs';
import { readIso2709Record, splitIso2709 } from '#server/catalogue/marc-iso2709';
import { readMarcXmlFile, recordFromMarcXml } from '#server/catalogue/marc-xml';
import { extractBib } from '#server/catalogue/marc-extract';
import { DEFAULT_HOLDINGS } from '#shared/catalogue/sources';
import { data, rawRecord } from './raw-marc';

const read = (file: Buffer, encoding: 'marc21' | 'big5' = 'marc21') => splitIso2709(file).map((r) => readIso2709Record(r, encoding));
const title = (r: ReturnType<typeof readIso2709Record>) => (r.ok ? r.record.fields.find((f) => f[0] === '245')?.[3] : r.code);

describe('ISO 2709 records', () => {
  it('round-trips any UTF-8 title marcjs writes, CJK and astral characters included', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20)), (t) => {
      const r = new MarcRecord();
      r.leader = '00000nam a2200000 a 4500';
      r.append(['001', 'x'], ['245', '10', 'a', t]);
      expect(read(Buffer.from(Marc.format(r, 'iso2709'))).map(title)).toEqual([t]);
    }));
  });

  it('decodes Big5 field by field when the source says Big5, and names it when it does not', () => {
    const rec = rawRecord('a', [['001', Buffer.from('b')], ['245', data('10', ['a', iconv.encode('臺灣史：從遠古到現代', 'big5')])]]);
    expect(read(rec, 'big5').map(title)).toEqual(['臺灣史：從遠古到現代']);
    expect(read(rec).map(title)).toEqual(['BIG5_IN_UTF8_RECORD']);
    expect(read(rawRecord(' ', [['245', data('10', ['a', iconv.encode('臺灣史', 'big5')])]])).map(title)).toEqual(['BIG5_IN_MARC8_RECORD']);
  });

  it('reads plain-ASCII MARC-8 and refuses MARC-8 escapes, ANSEL, broken UTF-8 and unknown schemes', () => {
    expect(read(rawRecord(' ', [['245', data('10', ['a', 'Plain title'])]])).map(title)).toEqual(['Plain title']);
    expect(read(rawRecord(' ', [['245', data('10', ['a', '\x1b$1!0d\x1b(B'])]])).map(title)).toEqual(['MARC8_NOT_SUPPORTED']);
    expect(read(rawRecord(' ', [['245', data('10', ['a', Buffer.from([0x45, 0xe2, 0x65])])]])).map(title)).toEqual(['MARC8_NOT_SUPPORTED']);
    expect(read(rawRecord('a', [['245', data('10', ['a', Buffer.from([0xe7, 0xb5])])]])).map(title)).toEqual(['BROKEN_UTF8']);
    const z = rawRecord('a', [['245', data('10', ['a', 'x'])]]);
    z[9] = 0x7a;
    expect(read(z).map(title)).toEqual(['UNKNOWN_ENCODING']);
  });

  it('reports a record cut anywhere as truncated or damaged, never parsing past its end', () => {
    const whole = rawRecord('a', [['001', Buffer.from('id1')], ['245', data('10', ['a', '統計學'], ['b', '觀念與應用'])]]);
    for (let cut = 1; cut < whole.length - 1; cut++) {
      const [r] = read(whole.subarray(0, cut));
      expect(r!.ok, `cut at ${cut}`).toBe(false);
      expect(['TRUNCATED_RECORD', 'BAD_LEADER', 'BAD_DIRECTORY', 'BAD_RECORD']).toContain(r!.ok ? '' : r!.code);
    }
    expect(read(Buffer.concat([whole, Buffer.from('\r\n'), whole])).map(title)).toEqual(['統計學', '統計學']);
  });
});

describe('MARCXML', () => {
  it('reads prefixed namespaces and numeric character references', () => {
    const xml = `<?xml version="1.0"?><marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record>
      <marc:leader>00000nam a2200000 a 4500</marc:leader><marc:controlfield tag="001">m1</marc:controlfield>
      <marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">&#x7D71;&#x8A08;&#x5B78; &amp; R</marc:subfield></marc:datafield>
    </marc:record></marc:collection>`;
    const file = readMarcXmlFile(xml);
    expect(file.ok).toBe(true);
    const r = recordFromMarcXml(file.ok ? file.records[0] : null, 1);
    expect(r.ok && r.record.fields).toEqual([['001', 'm1'], ['245', '10', 'a', '統計學 & R']]);
    expect(readMarcXmlFile('<collection><record>')).toMatchObject({ ok: false, code: 'MALFORMED_XML' });
    expect(recordFromMarcXml({ leader: 'short' }, 3)).toMatchObject({ ok: false, code: 'BAD_LEADER' });
  });
});

describe('holdings rules', () => {
  const rec = new MarcRecord();
  rec.leader = '00000nam a2200000 a 4500';
  rec.append(['001', 'h1'], ['245', '10', 'a', 'Title /'],
    ['852', '  ', 'b', 'MAIN', 'h', '510', 'i', '8345', 'p', 'B1'],
    ['852', '  ', 'b', 'ref', 'h', '510', 'p', 'B2'],
    ['852', '  ', 'b', 'MAIN', 'p', 'B3']);

  it('reads call number, location and barcode; reference copies are not lendable; no status subfield is unknown', () => {
    const x = extractBib(rec, 1, DEFAULT_HOLDINGS, 'NKUST', new Set(['NKUST']));
    expect(x.ok && x.bib.title).toBe('Title');
    expect(x.ok && x.bib.holdings.map((h) => [h.barcode, h.callNumber, h.lendable, h.availability])).toEqual([
      ['B1', '510 8345', true, 'unknown'], ['B2', '510', false, 'unknown'], ['B3', null, true, 'unknown']]);
  });

  it('maps status values, with * meaning any value (a due date)', () => {
    const rule = { ...DEFAULT_HOLDINGS, statusSubfield: 'p', onLoanStatuses: ['B2'], missingStatuses: ['b3'] };
    const x = extractBib(rec, 1, rule, 'NKUST', new Set(['NKUST']));
    expect(x.ok && x.bib.holdings.map((h) => h.availability)).toEqual(['unknown', 'on_loan', 'missing']);
    const koha = extractBib(rec, 1, { ...DEFAULT_HOLDINGS, statusSubfield: 'i', onLoanStatuses: ['*'] }, 'NKUST', new Set(['NKUST']));
    expect(koha.ok && koha.bib.holdings.map((h) => h.availability)).toEqual(['on_loan', 'available', 'available']);
  });

  it('leaves out copies of libraries that are not members, and refuses a record without a title', () => {
    const x = extractBib(rec, 1, { ...DEFAULT_HOLDINGS, librarySubfield: 'b', libraryCodes: { MAIN: 'NKUST' } }, 'NUK', new Set(['NKUST']));
    expect(x).toMatchObject({ ok: true, holdingsSkipped: 1 });
    const untitled = new MarcRecord();
    untitled.append(['001', 'u']);
    expect(extractBib(untitled, 7, DEFAULT_HOLDINGS, 'NKUST', new Set())).toMatchObject({ ok: false, code: 'NO_TITLE' });
  });
});
