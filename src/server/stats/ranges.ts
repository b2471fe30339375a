// A date range over the aggregates: whole years are read from the yearly
// rows, whole months from the monthly rows and the days at either ragged end
// from the daily rows, so five years cost about as many rows as five days.
import { addDays, isLocalDate, type LocalDate } from '#shared/domain/dates';

export interface StatsRange {
  from: LocalDate;
  to: LocalDate;
}

export type Grouping = 'month' | 'year' | 'all';

export class RangeError400 extends Error {}

export function checkRange(from: string, to: string): StatsRange {
  if (!isLocalDate(from) || !isLocalDate(to)) throw new RangeError400('from and to must be dates, YYYY-MM-DD');
  if (from > to) throw new RangeError400('from must not be after to');
  if (from < '2000-01-01' || to > '2100-12-31') throw new RangeError400('dates must lie between 2000-01-01 and 2100-12-31');
  return { from, to };
}

const firstOfMonth = (d: LocalDate) => `${d.slice(0, 7)}-01`;
function nextMonth(d: LocalDate): LocalDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function nextYear(d: LocalDate): LocalDate {
  return `${Number(d.slice(0, 4)) + 1}-01-01`;
}

export interface Segment { grain: 'd' | 'm' | 'y'; from: LocalDate; until: LocalDate }

/**
 * The rows a range reads, as half-open [from, until) spans per grain: whole
 * years from the yearly rows (unless rows are grouped by month: a yearly row
 * cannot be split), whole months outside those from the monthly rows, and the
 * days at the ragged ends from the daily rows. Each span is one index range
 * scan on (metric, grain, library_id, period).
 */
export function segments(r: StatsRange, useYears: boolean): Segment[] {
  const end = addDays(r.to, 1);
  const mA = r.from === firstOfMonth(r.from) ? r.from : nextMonth(r.from);
  const mB = firstOfMonth(end);
  if (mA >= mB) return [{ grain: 'd', from: r.from, until: end }];
  const out: Segment[] = [{ grain: 'd', from: r.from, until: mA }, { grain: 'd', from: mB, until: end }];
  const yA = mA.endsWith('-01-01') ? mA : nextYear(mA);
  const yB = `${mB.slice(0, 4)}-01-01`;
  if (useYears && yA < yB) out.push({ grain: 'm', from: mA, until: yA }, { grain: 'y', from: yA, until: yB }, { grain: 'm', from: yB, until: mB });
  else out.push({ grain: 'm', from: mA, until: mB });
  return out.filter((x) => x.from < x.until);
}

/** A union of one select per segment; `select` is the column list and `where` the rest of the condition (params from $1). */
export function segmentedFrom(table: string, select: string, where: string, paramCount: number, r: StatsRange, useYears: boolean): { sql: string; params: string[] } {
  const segs = segments(r, useYears);
  const params: string[] = [];
  const parts = segs.map((s) => {
    params.push(s.from, s.until);
    const a = paramCount + params.length - 1;
    return `select ${select} from ${table} where ${where} and grain = '${s.grain}' and period >= $${a}::date and period < $${a + 1}::date`;
  });
  return { sql: `(${parts.join(' union all ')})`, params };
}

/** The SQL expression naming a row's group: 'YYYY-MM', 'YYYY' or 'all'. */
export function groupExpr(g: Grouping): string {
  return g === 'month' ? `to_char(period, 'YYYY-MM')` : g === 'year' ? `to_char(period, 'YYYY')` : `'all'`;
}
