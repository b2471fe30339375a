// The vendor formats without a service: KBART rows and their problems,
// COUNTER R5 JSON and tabular (months, totals, header rows), the delimited
// reader (CSV quoting, CRLF, BOM) and the reading-link signature.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitDelimited } from '#shared/ebooks/delimited';
import { isWebUrl, KBART_FIELDS, parseKbart } from '#shared/ebooks/kbart';
import { monthOf, parseCounter } from '#shared/ebooks/counter';
import { linkSigner } from '#server/ebooks/read-links';
import { taipeiMonth } from '#server/ebooks/clock';
import { toIsbn10 } from '#shared/catalogue/isbn';
import { counterJson, counterTabular, isbnOf, kbartFile } from '#test/integration/ebooks/support/files';

describe('delimited text', () => {
  it('reads CSV quoting, CRLF and a byte order mark; TSV keeps quotes as they are', () => {
    expect(splitDelimited('\uFEFFa,"b, ""c""",d\r\n1,2,3\r\n', ',').map((l) => l.cells)).toEqual([['a', 'b, "c"', 'd'], ['1', '2', '3']]);
    expect(splitDelimited('"x"\ty\n', '\t')[0]!.cells).toEqual(['"x"', 'y']);
    expect(splitDelimited('a,"two\nlines"\nb,c', ',').map((l) => l.line)).toEqual([1, 3]);
  });

  it('gives back any table of plain cells it was given', () => {
    const cell = fc.string().filter((s) => !/[\t\r\n]/.test(s) && !s.startsWith('\uFEFF'));
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const text = rows.map((r) => r.join('\t')).join('\n') + '\n';
      expect(splitDelimited(text, '\t').map((l) => l.cells)).toEqual(rows);
    }));
  });
});

describe('KBART', () => {
  it('reads the Phase II header in any column order, ISBNs to 13 digits, and the copies column', () => {
    expect(KBART_FIELDS).toHaveLength(25);
    // An ISBN-10 with hyphens is kept as its ISBN-13.
    const ten = toIsbn10(isbnOf(42))!;
    const ok = parseKbart(kbartFile([{ titleId: 'A1', title: '書一', copies: 7, isbn: `${ten.slice(0, 3)}-${ten.slice(3, 9)}-${ten.slice(9)}` }]));
    expect(ok).toMatchObject({ rows: 1, problems: [], titles: [{ row: 2, titleId: 'A1', title: '書一', copies: 7, onlineIdentifier: isbnOf(42), publicationType: 'monograph' }] });
    // Columns reordered: read by name.
    const [head, row] = kbartFile([{ titleId: 'B2', title: '書二', copies: 3 }]).trim().split('\n').map((l) => l.split('\t').reverse().join('\t'));
    expect(parseKbart(`${head}\n${row}\n`).titles[0]).toMatchObject({ titleId: 'B2', copies: 3 });
  });

  it('refuses a file without the copies column or without a header, and names each bad field by line', () => {
    const noCopies = kbartFile([{ titleId: 'A', title: 'x', copies: 1 }]).replace(/\tcopies\n/, '\n');
    expect(parseKbart(noCopies).problems[0]).toMatchObject({ row: 1, field: 'copies' });
    expect(parseKbart('').problems[0]!.row).toBe(1);
    const p = parseKbart(kbartFile([{ titleId: 'A', title: 'x', copies: '1.5' }, { titleId: 'B', title: 'y', copies: 100_001 }]));
    expect(p.problems.map((x) => `${x.row}:${x.field}`)).toEqual(['2:copies', '3:copies']);
    expect(p.titles).toEqual([]);
  });

  it('takes only web addresses as title_url', () => {
    for (const good of ['https://a.example/b?c=d#e', 'http://reader.vendor.com.tw:8080/x']) expect(isWebUrl(good), good).toBe(true);
    for (const bad of ['javascript:alert(1)', 'ftp://a/b', 'https://', 'https://a b/c', '//a/b', 'data:text/html,x']) expect(isWebUrl(bad), bad).toBe(false);
  });
});

describe('COUNTER R5', () => {
  it('reads months as Mmm-yyyy or yyyy-mm', () => {
    expect([monthOf('Jan-2026'), monthOf('dec-2025'), monthOf('2026-03'), monthOf('2026-13'), monthOf('Foo-2026')]).toEqual(['2026-01-01', '2025-12-01', '2026-03-01', null, null]);
  });

  it('JSON: a count per item, month and metric, with the header\'s report id and period', () => {
    const p = parseCounter(counterJson([{ title: 'T', isbn: isbnOf(1), proprietary: 'EV:9', months: { '2026-01': { Total_Item_Requests: 3, Unique_Title_Requests: 1 }, '2026-02': { No_License: 2 } } }]));
    expect(p).toMatchObject({ kind: 'counter-json', reportId: 'TR_B1', period: { begin: '2026-01-01', end: '2026-03-31' }, institutionId: 'Proprietary:EV:NKUST', rows: 1, problems: [] });
    expect(p.counts.map((c) => `${c.month} ${c.metric} ${c.count} ${c.isbn} ${c.proprietaryId}`)).toEqual([
      `2026-01-01 Total_Item_Requests 3 ${isbnOf(1)} EV:9`, `2026-01-01 Unique_Title_Requests 1 ${isbnOf(1)} EV:9`, `2026-02-01 No_License 2 ${isbnOf(1)} EV:9`,
    ]);
  });

  it('tabular: 12 header rows, a blank row, headings; month cells summed against Reporting_Period_Total; zero months dropped', () => {
    const text = counterTabular([{ title: 'T', isbn: isbnOf(2), metric: 'Total_Item_Requests', counts: [0, 4] }], ['2026-01', '2026-02']);
    const lines = text.split('\r\n');
    expect(lines[0]!.startsWith('Report_Name\t')).toBe(true);
    expect(lines[12]).toBe('');
    expect(lines[13]!.split('\t').slice(-3)).toEqual(['Reporting_Period_Total', 'Jan-2026', 'Feb-2026']);
    const p = parseCounter(text);
    expect(p).toMatchObject({ kind: 'counter-tabular', reportId: 'TR_B1', rows: 1, problems: [] });
    expect(p.counts.map((c) => [c.month, c.count])).toEqual([['2026-02-01', 4]]);
    const wrongTotal = parseCounter(counterTabular([{ title: 'T', metric: 'Total_Item_Requests', counts: [1, 1], total: 3 }], ['2026-01', '2026-02']));
    expect(wrongTotal.problems).toMatchObject([{ row: 15, field: 'Reporting_Period_Total' }]);
    expect(wrongTotal.counts).toEqual([]);
  });

  it('refuses other reports and releases', () => {
    expect(parseCounter(counterJson([], { reportId: 'DR' })).problems[0]!.field).toBe('Report_Header/Report_ID');
    expect(parseCounter(JSON.stringify({ Report_Header: { Report_ID: 'TR_B3', Release: '4' }, Report_Items: [] })).problems[0]!.field).toBe('Report_Header/Release');
    expect(parseCounter('not json {').kind).toBe('counter-tabular');
  });
});

describe('reading links', () => {
  it('verify only the loan and expiry they were made for, under the same secret', () => {
    const s = linkSigner('secret-one');
    const sig = s.sign('01LOAN', 1_800_000_000_000);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.verify('01LOAN', 1_800_000_000_000, sig)).toBe(true);
    expect(s.verify('01LOAN', 1_800_000_000_001, sig)).toBe(false);
    expect(s.verify('01LOAM', 1_800_000_000_000, sig)).toBe(false);
    expect(linkSigner('secret-two').verify('01LOAN', 1_800_000_000_000, sig)).toBe(false);
    expect(s.verify('01LOAN', 1_800_000_000_000, 'short')).toBe(false);
  });

  it('usage months are Taipei months', () => {
    expect(taipeiMonth(Date.parse('2026-01-31T16:30:00Z'))).toBe('2026-02-01');
    expect(taipeiMonth(Date.parse('2026-01-31T15:59:00Z'))).toBe('2026-01-01');
  });
});
