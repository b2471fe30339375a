// Vendor usage in COUNTER Release 5: the Title Master Report (TR) and its
// book standard views TR_B1 (book requests), TR_B2 (access denied: the
// vendor's turn-aways) and TR_B3 (usage by access type), in either form a
// vendor delivers:
// - JSON per the COUNTER_SUSHI5 schema: Report_Header (Report_ID, Release,
//   Institution_Name, Report_Filters with Begin_Date/End_Date …) and
//   Report_Items, each with Title, Item_ID [{Type, Value}], Platform and
//   Performance [{Period {Begin_Date, End_Date}, Instance [{Metric_Type, Count}]}];
// - tabular (TSV or CSV): 12 header rows of name and value (Report_Name …
//   Created_By), row 13 blank, row 14 the column headings (Title … Metric_Type,
//   Reporting_Period_Total, then one column per month as Mmm-yyyy), then one
//   row per title and metric.
// The result is one count per item, month and metric; every malformed row is
// reported with its line (tabular) or item number (JSON).
import { textFault } from '../text/unicode';
import { toIsbn13 } from '../catalogue/isbn';
import type { ImportProblem } from './wire';
import { blankLine, splitDelimited } from './delimited';

export const COUNTER_REPORTS = ['TR', 'TR_B1', 'TR_B2', 'TR_B3'] as const;
export const COUNTER_METRICS = [
  'Total_Item_Investigations', 'Total_Item_Requests', 'Unique_Item_Investigations', 'Unique_Item_Requests',
  'Unique_Title_Investigations', 'Unique_Title_Requests', 'No_License', 'Limit_Exceeded',
] as const;
export type CounterMetric = (typeof COUNTER_METRICS)[number];

export const HEADER_ROWS = ['Report_Name', 'Report_ID', 'Release', 'Institution_Name', 'Institution_ID', 'Metric_Types', 'Report_Filters',
  'Report_Attributes', 'Exceptions', 'Reporting_Period', 'Created', 'Created_By'] as const;

export interface CounterCount {
  row: number;
  title: string;
  platform: string;
  isbn: string | null;
  proprietaryId: string | null;
  doi: string | null;
  /** YYYY-MM-01 */
  month: string;
  metric: CounterMetric;
  count: number;
}

export interface CounterParse {
  kind: 'counter-json' | 'counter-tabular';
  reportId: string | null;
  period: { begin: string; end: string } | null;
  institutionId: string | null;
  counts: CounterCount[];
  /** Data rows (tabular) or Report_Items (JSON). */
  rows: number;
  problems: ImportProblem[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const isMetric = (s: string): s is CounterMetric => (COUNTER_METRICS as readonly string[]).includes(s);
const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(s);

/** "Jan-2026" (or 2026-01) → 2026-01-01, else null. */
export function monthOf(heading: string): string | null {
  const m = /^([A-Za-z]{3})-(\d{4})$/.exec(heading.trim());
  if (m) {
    const i = MONTHS.findIndex((x) => x.toLowerCase() === m[1]!.toLowerCase());
    return i < 0 ? null : `${m[2]}-${String(i + 1).padStart(2, '0')}-01`;
  }
  const iso = /^(\d{4})-(\d{2})$/.exec(heading.trim());
  return iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12 ? `${iso[1]}-${iso[2]}-01` : null;
}

function reportIdProblem(id: string | null): string | null {
  if (!id) return 'Report_ID is missing';
  return (COUNTER_REPORTS as readonly string[]).includes(id) ? null : `Report_ID ${id}: this import takes ${COUNTER_REPORTS.join(', ')}`;
}

/** Either form: JSON when the text starts with {, else tabular. */
export function parseCounter(text: string): CounterParse {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return src.trimStart().startsWith('{') ? parseCounterJson(src) : parseCounterTabular(src);
}

export function parseCounterJson(text: string): CounterParse {
  const out: CounterParse = { kind: 'counter-json', reportId: null, period: null, institutionId: null, counts: [], rows: 0, problems: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    out.problems.push({ row: 0, field: null, message: `Not JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'}` });
    return out;
  }
  const o = (doc ?? {}) as Record<string, unknown>;
  const header = o['Report_Header'] as Record<string, unknown> | undefined;
  if (typeof header !== 'object' || header === null) {
    out.problems.push({ row: 0, field: 'Report_Header', message: 'missing: a COUNTER R5 JSON report has Report_Header and Report_Items' });
    return out;
  }
  out.reportId = typeof header['Report_ID'] === 'string' ? header['Report_ID'] : null;
  const idProblem = reportIdProblem(out.reportId);
  if (idProblem) out.problems.push({ row: 0, field: 'Report_Header/Report_ID', message: idProblem });
  if (String(header['Release'] ?? '') !== '5') out.problems.push({ row: 0, field: 'Report_Header/Release', message: `Release ${String(header['Release'] ?? '(none)')}: this import reads Release 5` });
  const ids = Array.isArray(header['Institution_ID']) ? (header['Institution_ID'] as Array<Record<string, unknown>>) : [];
  const firstId = ids.find((i) => typeof i?.['Value'] === 'string');
  out.institutionId = firstId ? `${String(firstId['Type'] ?? '')}:${String(firstId['Value'])}` : null;
  const filters = Array.isArray(header['Report_Filters']) ? (header['Report_Filters'] as Array<Record<string, unknown>>) : [];
  const filter = (n: string) => filters.find((f) => f?.['Name'] === n)?.['Value'];
  const begin = filter('Begin_Date');
  const end = filter('End_Date');
  if (isDate(begin) && isDate(end)) out.period = { begin, end };
  const items = o['Report_Items'];
  if (!Array.isArray(items)) {
    out.problems.push({ row: 0, field: 'Report_Items', message: 'missing or not a list' });
    return out;
  }
  for (const [i, raw] of items.entries()) {
    out.rows++;
    const row = i + 1;
    const at = `Report_Items/${i}`;
    const bad = (field: string, message: string) => out.problems.push({ row, field: `${at}/${field}`, message });
    const before = out.problems.length;
    const item = (raw ?? {}) as Record<string, unknown>;
    const title = typeof item['Title'] === 'string' ? item['Title'].trim() : '';
    const platform = typeof item['Platform'] === 'string' ? item['Platform'].trim() : '';
    if (title === '') bad('Title', 'required');
    if (platform === '') bad('Platform', 'required');
    for (const [f, v] of [['Title', title], ['Platform', platform]] as const) if (textFault(v)) bad(f, 'contains text that cannot be stored (NUL or a broken character)');
    const itemIds = Array.isArray(item['Item_ID']) ? (item['Item_ID'] as Array<Record<string, unknown>>) : [];
    const idOf = (type: string): string | null => {
      const v = itemIds.find((x) => x?.['Type'] === type)?.['Value'];
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
    };
    const isbnText = idOf('ISBN');
    const isbn = isbnText ? toIsbn13(isbnText) : null;
    if (isbnText && !isbn) bad('Item_ID', `ISBN "${isbnText.slice(0, 40)}" is not valid`);
    const perf = item['Performance'];
    if (!Array.isArray(perf) || perf.length === 0) bad('Performance', 'required: a list of periods with their metric instances');
    const counts: CounterCount[] = [];
    for (const [p, period] of (Array.isArray(perf) ? perf : []).entries()) {
      const pr = (period ?? {}) as Record<string, unknown>;
      const b = (pr['Period'] as Record<string, unknown> | undefined)?.['Begin_Date'];
      const month = isDate(b) ? `${b.slice(0, 7)}-01` : null;
      if (!month) bad(`Performance/${p}/Period/Begin_Date`, 'a date YYYY-MM-DD');
      const inst = Array.isArray(pr['Instance']) ? (pr['Instance'] as Array<Record<string, unknown>>) : null;
      if (!inst) bad(`Performance/${p}/Instance`, 'required: a list of {Metric_Type, Count}');
      for (const [k, x] of (inst ?? []).entries()) {
        const metric = typeof x?.['Metric_Type'] === 'string' ? x['Metric_Type'] : '';
        const count = x?.['Count'];
        if (!isMetric(metric)) bad(`Performance/${p}/Instance/${k}/Metric_Type`, `"${String(metric).slice(0, 40)}": one of ${COUNTER_METRICS.join(', ')}`);
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1e9) bad(`Performance/${p}/Instance/${k}/Count`, `${JSON.stringify(count)?.slice(0, 20)}: a whole number, 0 or more`);
        else if (month && isMetric(metric)) counts.push({ row, title, platform, isbn, proprietaryId: idOf('Proprietary'), doi: idOf('DOI'), month, metric, count });
      }
    }
    if (out.problems.length === before) out.counts.push(...counts);
  }
  return out;
}

export function parseCounterTabular(text: string): CounterParse {
  const out: CounterParse = { kind: 'counter-tabular', reportId: null, period: null, institutionId: null, counts: [], rows: 0, problems: [] };
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const lines = splitDelimited(text, firstLine.includes('\t') ? '\t' : ',');
  // The 12 header rows, by name in the first cell and value in the second.
  const head = new Map<string, string>();
  for (const [i, name] of HEADER_ROWS.entries()) {
    const l = lines[i];
    const got = l?.cells[0]?.trim() ?? '';
    if (got !== name) {
      out.problems.push({ row: i + 1, field: name, message: `line ${i + 1} should be the ${name} header row (COUNTER R5 tabular: 12 header rows, a blank row, then the column headings), found "${got.slice(0, 40)}"` });
      return out;
    }
    head.set(name, (l?.cells[1] ?? '').trim());
  }
  out.reportId = head.get('Report_ID') || null;
  const idProblem = reportIdProblem(out.reportId);
  if (idProblem) out.problems.push({ row: 2, field: 'Report_ID', message: idProblem });
  if (head.get('Release') !== '5') out.problems.push({ row: 3, field: 'Release', message: `Release ${head.get('Release') || '(none)'}: this import reads Release 5` });
  out.institutionId = head.get('Institution_ID') || null;
  const period = /Begin_Date=(\d{4}-\d{2}-\d{2});\s*End_Date=(\d{4}-\d{2}-\d{2})/.exec(head.get('Reporting_Period') ?? '');
  if (period) out.period = { begin: period[1]!, end: period[2]! };
  if (lines[12] && !blankLine(lines[12])) out.problems.push({ row: 13, field: null, message: 'line 13 should be blank' });
  const headings = lines[13]?.cells.map((c) => c.trim()) ?? [];
  const col = (n: string) => headings.indexOf(n);
  for (const need of ['Title', 'Platform', 'Metric_Type', 'Reporting_Period_Total']) {
    if (col(need) < 0) out.problems.push({ row: 14, field: need, message: `the column headings on line 14 have no ${need}` });
  }
  const monthCols = headings.map((h, i) => ({ i, month: i > col('Reporting_Period_Total') ? monthOf(h) : null })).filter((m): m is { i: number; month: string } => m.month !== null);
  if (col('Reporting_Period_Total') >= 0 && monthCols.length === 0) out.problems.push({ row: 14, field: null, message: 'no month columns (Mmm-yyyy) after Reporting_Period_Total' });
  if (out.problems.length > 0) return out;
  for (const l of lines.slice(14)) {
    if (blankLine(l)) continue;
    out.rows++;
    const at = (n: string) => (col(n) >= 0 ? (l.cells[col(n)] ?? '').trim() : '');
    const bad = (field: string | null, message: string) => out.problems.push({ row: l.line, field, message });
    const before = out.problems.length;
    if (l.cells.length !== headings.length) bad(null, `${l.cells.length} cells where the headings have ${headings.length}`);
    for (const c of l.cells) if (textFault(c)) { bad(null, 'contains text that cannot be stored (NUL or a broken character)'); break; }
    const title = at('Title');
    const platform = at('Platform');
    const metric = at('Metric_Type');
    if (title === '') bad('Title', 'required');
    if (platform === '') bad('Platform', 'required');
    if (!isMetric(metric)) bad('Metric_Type', `"${metric.slice(0, 40)}": one of ${COUNTER_METRICS.join(', ')}`);
    const isbnText = at('ISBN');
    const isbn = isbnText ? toIsbn13(isbnText) : null;
    if (isbnText && !isbn) bad('ISBN', `"${isbnText.slice(0, 40)}" is not a valid ISBN`);
    const num = (s: string): number | null => (/^\d{1,9}$/.test(s) ? Number(s) : s === '' ? 0 : null);
    const total = num(at('Reporting_Period_Total'));
    if (total === null) bad('Reporting_Period_Total', `"${at('Reporting_Period_Total').slice(0, 20)}": a whole number`);
    const perMonth: Array<{ month: string; count: number }> = [];
    for (const m of monthCols) {
      const n = num((l.cells[m.i] ?? '').trim());
      if (n === null) bad(headings[m.i]!, `"${(l.cells[m.i] ?? '').slice(0, 20)}": a whole number`);
      else perMonth.push({ month: m.month, count: n });
    }
    if (total !== null && perMonth.length === monthCols.length) {
      const sum = perMonth.reduce((a, b) => a + b.count, 0);
      if (sum !== total) bad('Reporting_Period_Total', `${total} but the months add up to ${sum}`);
    }
    if (out.problems.length > before || !isMetric(metric)) continue;
    for (const m of perMonth) {
      if (m.count === 0) continue;
      out.counts.push({ row: l.line, title, platform, isbn, proprietaryId: at('Proprietary_ID') || null, doi: at('DOI') || null, month: m.month, metric, count: m.count });
    }
  }
  return out;
}
