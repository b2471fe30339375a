// Vendor files as vendors deliver them, written by the tests: a KBART Phase II
// title list (UTF-8, tab-separated, the 25 KBART fields in order) with the
// consortium's `copies` column appended, and COUNTER R5 TR_B1 reports as
// SUSHI JSON and as the tabular file (12 header rows, a blank row, headings).
import { KBART_FIELDS } from '#shared/ebooks/kbart';
import { isbn13CheckDigit } from '#shared/catalogue/isbn';

export interface TitleSpec {
  titleId: string;
  title: string;
  isbn?: string;
  author?: string;
  copies: number | string;
  url?: string;
  type?: string;
}

/** A valid ISBN-13 made from a number (978957 + 6 digits + check digit). */
export function isbnOf(n: number): string {
  const first12 = `978957${String(n).padStart(6, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}

export function kbartFile(titles: readonly TitleSpec[], opts: { crlf?: boolean } = {}): string {
  const header = [...KBART_FIELDS, 'copies'].join('\t');
  const rows = titles.map((t) => {
    const f: Record<string, string> = {
      publication_title: t.title, print_identifier: '', online_identifier: t.isbn ?? '', title_url: t.url ?? `https://ebook.example-vendor.com.tw/book/${encodeURIComponent(t.titleId)}`,
      first_author: t.author ?? '', title_id: t.titleId, coverage_depth: 'fulltext', publisher_name: '五南圖書出版', publication_type: t.type ?? 'monograph',
      date_monograph_published_online: '2021', access_type: 'P',
    };
    return [...KBART_FIELDS.map((k) => f[k] ?? ''), String(t.copies)].join('\t');
  });
  return [header, ...rows].join(opts.crlf ? '\r\n' : '\n') + (opts.crlf ? '\r\n' : '\n');
}

/** The consortium's whole collection: 976 titles, 10,123 copies bought outright. */
export function consortiumCollection(): TitleSpec[] {
  const titles: TitleSpec[] = [];
  let copies = 0;
  for (let i = 0; i < 976; i++) {
    // 10 copies each, and 3 more on the first 41 titles: 9,760 + 123 + 240 = 10,123.
    const n = 10 + (i < 41 ? 3 : 0) + (i < 240 ? 1 : 0);
    copies += n;
    titles.push({ titleId: `HY${String(i).padStart(5, '0')}`, title: `雲端電子書 第 ${i + 1} 冊：資料科學導論`, isbn: isbnOf(i + 1), author: '陳大文', copies: n });
  }
  if (copies !== 10_123) throw new Error(`collection has ${copies} copies`);
  return titles;
}

export interface CounterItem { title: string; isbn?: string; proprietary?: string; months: Record<string, Partial<Record<string, number>>> }

export function counterJson(items: readonly CounterItem[], opts: { reportId?: string; begin?: string; end?: string; platform?: string } = {}): string {
  const begin = opts.begin ?? '2026-01-01';
  const end = opts.end ?? '2026-03-31';
  return JSON.stringify({
    Report_Header: {
      Created: '2026-04-03T02:00:00Z', Created_By: 'Example Vendor', Customer_ID: 'relay-consortium', Report_ID: opts.reportId ?? 'TR_B1', Release: '5',
      Report_Name: 'Book Requests (Excluding OA_Gold)', Institution_Name: '國立高雄科技大學', Institution_ID: [{ Type: 'Proprietary', Value: 'EV:NKUST' }],
      Report_Filters: [
        { Name: 'Data_Type', Value: 'Book' }, { Name: 'Access_Type', Value: 'Controlled' }, { Name: 'Access_Method', Value: 'Regular' },
        { Name: 'Begin_Date', Value: begin }, { Name: 'End_Date', Value: end },
      ],
    },
    Report_Items: items.map((it) => ({
      Title: it.title, Platform: opts.platform ?? 'ExampleEbooks', Publisher: '五南圖書出版', Data_Type: 'Book', YOP: '2021', Access_Type: 'Controlled', Access_Method: 'Regular',
      Item_ID: [...(it.isbn ? [{ Type: 'ISBN', Value: it.isbn }] : []), ...(it.proprietary ? [{ Type: 'Proprietary', Value: it.proprietary }] : [])],
      Performance: Object.entries(it.months).map(([month, metrics]) => ({
        Period: { Begin_Date: `${month}-01`, End_Date: `${month}-28` },
        Instance: Object.entries(metrics).map(([Metric_Type, Count]) => ({ Metric_Type, Count })),
      })),
    })),
  });
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tabular TR_B1: rows per title and metric; months given as YYYY-MM become Mmm-yyyy columns. */
export function counterTabular(rows: ReadonlyArray<{ title: string; isbn?: string; proprietary?: string; metric: string; counts: readonly (number | string)[]; total?: number | string }>, months: readonly string[], delimiter: '\t' | ',' = '\t'): string {
  const cell = (s: string) => (delimiter === ',' && /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const line = (cells: readonly string[]) => cells.map(cell).join(delimiter);
  const head: string[][] = [
    ['Report_Name', 'Book Requests (Excluding OA_Gold)'], ['Report_ID', 'TR_B1'], ['Release', '5'], ['Institution_Name', '國立屏東大學'],
    ['Institution_ID', 'Proprietary:EV:NPTU'], ['Metric_Types', 'Total_Item_Requests; Unique_Title_Requests'],
    ['Report_Filters', 'Data_Type=Book; Access_Type=Controlled; Access_Method=Regular'], ['Report_Attributes', ''], ['Exceptions', ''],
    ['Reporting_Period', `Begin_Date=${months[0]}-01; End_Date=${months[months.length - 1]}-28`], ['Created', '2026-04-03T02:00:00Z'], ['Created_By', 'Example Vendor'],
  ];
  const headings = ['Title', 'Publisher', 'Publisher_ID', 'Platform', 'DOI', 'Proprietary_ID', 'ISBN', 'Print_ISSN', 'Online_ISSN', 'URI', 'YOP', 'Metric_Type', 'Reporting_Period_Total',
    ...months.map((m) => `${MON[Number(m.slice(5, 7)) - 1]}-${m.slice(0, 4)}`)];
  const body = rows.map((r) => [r.title, '五南圖書出版', '', 'ExampleEbooks', '', r.proprietary ?? '', r.isbn ?? '', '', '', '', '2021', r.metric,
    String(r.total ?? r.counts.reduce<number>((a, b) => a + Number(b), 0)), ...r.counts.map(String)]);
  return [...head.map(line), '', line(headings), ...body.map(line)].join('\r\n') + '\r\n';
}
