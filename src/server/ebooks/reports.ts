// The console's e-book statistics: the consortium's own loans, reads and
// turn-aways per title, school, year or month, with the vendors' COUNTER
// counts for the same key beside them. Turn-aways per title against copies
// owned is the number that says whether to buy more copies, so the title view
// is sorted by turn-aways.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import type { EbookReport, EbookReportRow, ReportGroup } from '#shared/ebooks/wire';

const GROUPS: readonly ReportGroup[] = ['title', 'school', 'year', 'month'];
// SQL for each grouping's key; picked from this fixed table, never from input.
const KEY: Record<ReportGroup, string> = { title: 'title_id', school: 'library_id', year: `to_char(month, 'YYYY')`, month: `to_char(month, 'YYYY-MM')` };

export interface ReportQuery { from: string; to: string; library: string | null; group: ReportGroup }

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseReportQuery(q: Record<string, unknown>, library: string | null): ReportQuery {
  const from = q['from'] ?? '2000-01-01';
  const to = q['to'] ?? '2999-12-31';
  const group = q['group'] ?? 'title';
  if (typeof from !== 'string' || !DATE.test(from) || Number.isNaN(Date.parse(from))) throw new ApiError(400, 'VALIDATION_FAILED', '?from: a date YYYY-MM-DD');
  if (typeof to !== 'string' || !DATE.test(to) || Number.isNaN(Date.parse(to))) throw new ApiError(400, 'VALIDATION_FAILED', '?to: a date YYYY-MM-DD');
  if (from > to) throw new ApiError(400, 'VALIDATION_FAILED', '?from: on or before ?to');
  if (typeof group !== 'string' || !(GROUPS as readonly string[]).includes(group)) throw new ApiError(400, 'VALIDATION_FAILED', `?group: one of ${GROUPS.join(', ')}`);
  return { from, to, library, group: group as ReportGroup };
}

export async function ebookReport(db: Sql, q: ReportQuery): Promise<EbookReport> {
  // Counts are monthly: a range takes every month it touches.
  const fromMonth = `${q.from.slice(0, 7)}-01`;
  const toMonth = `${q.to.slice(0, 7)}-01`;
  const key = KEY[q.group];
  const { rows: ours } = await db.query<{ k: string; loans: string; reads: string; turnaways: string }>(
    `select ${key} as k, sum(loans) as loans, sum(reads) as reads, sum(turnaways) as turnaways from ebook_usage
      where month between $1::date and $2::date and ($3::text is null or library_id = $3) group by 1`,
    [fromMonth, toMonth, q.library],
  );
  const { rows: theirs } = await db.query<{ k: string | null; requests: string; unique_titles: string; turnaways: string }>(
    `select ${key} as k,
            sum(count) filter (where metric_type = 'Total_Item_Requests') as requests,
            sum(count) filter (where metric_type = 'Unique_Title_Requests') as unique_titles,
            sum(count) filter (where metric_type in ('No_License', 'Limit_Exceeded')) as turnaways
       from ebook_counter_usage
      where month between $1::date and $2::date and ($3::text is null or library_id = $3) group by 1`,
    [fromMonth, toMonth, q.library],
  );
  const rows = new Map<string, EbookReportRow>();
  const row = (k: string): EbookReportRow => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { key: k, label: k, loans: 0, reads: 0, turnaways: 0, copies: null, vendorRequests: 0, vendorUniqueTitleRequests: 0, vendorTurnaways: 0 }));
    return r;
  };
  for (const o of ours) Object.assign(row(o.k), { loans: Number(o.loans), reads: Number(o.reads), turnaways: Number(o.turnaways) });
  for (const t of theirs) {
    // Vendor items we could not match to a title stay out of the title view (they are in the others).
    if (t.k === null) continue;
    Object.assign(row(t.k === '' ? 'consortium' : t.k), { vendorRequests: Number(t.requests ?? 0), vendorUniqueTitleRequests: Number(t.unique_titles ?? 0), vendorTurnaways: Number(t.turnaways ?? 0) });
  }
  if (q.group === 'title' && rows.size > 0) {
    const { rows: titles } = await db.query<{ id: string; title: string; copies: number }>('select id, title, copies from ebook_titles where id = any($1::text[])', [[...rows.keys()]]);
    for (const t of titles) Object.assign(row(t.id), { label: t.title, copies: t.copies });
  }
  const list = [...rows.values()];
  list.sort(q.group === 'title' ? (a, b) => b.turnaways - a.turnaways || b.loans - a.loans || a.key.localeCompare(b.key) : (a, b) => a.key.localeCompare(b.key));
  return { group: q.group, from: q.from, to: q.to, library: q.library, rows: list };
}
