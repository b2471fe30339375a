// A date range over the aggregates: whole months are read from the monthly
// rows and the days at either ragged end from the daily rows, so any range
// costs about as many rows as its months, not its days.
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

/**
 * SQL condition (for a table aliased with grain/period) and its parameters,
 * numbered from `base`: daily rows in [from, to] outside [a, b), monthly rows in [a, b),
 * where [a, b) are the whole months inside the range.
 */
export function rangeCondition(r: StatsRange, base: number): { sql: string; params: string[] } {
  const a = r.from === firstOfMonth(r.from) ? r.from : nextMonth(r.from);
  const b = firstOfMonth(addDays(r.to, 1));
  const [p1, p2, p3, p4] = [base, base + 1, base + 2, base + 3].map((n) => `$${n}::date`);
  return {
    sql: `((grain = 'd' and period between ${p1} and ${p2} and not (period >= ${p3} and period < ${p4})) or (grain = 'm' and period >= ${p3} and period < ${p4}))`,
    params: [r.from, r.to, a, b],
  };
}

/** The SQL expression naming a row's group: 'YYYY-MM', 'YYYY' or 'all'. */
export function groupExpr(g: Grouping): string {
  return g === 'month' ? `to_char(period, 'YYYY-MM')` : g === 'year' ? `to_char(period, 'YYYY')` : `'all'`;
}
