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

/**
 * SQL condition (on grain and period) and its parameters, numbered from
 * `base`. Whole years [yA, yB) come from the yearly rows (unless rows are
 * grouped by month: a yearly row cannot be split), whole months [mA, mB)
 * outside those from the monthly rows, and the remaining days from the daily rows.
 */
export function rangeCondition(r: StatsRange, base: number, useYears: boolean): { sql: string; params: string[] } {
  const mA = r.from === firstOfMonth(r.from) ? r.from : nextMonth(r.from);
  const mB = firstOfMonth(addDays(r.to, 1));
  let yA = mA.endsWith('-01-01') ? mA : nextYear(mA);
  let yB = `${mB.slice(0, 4)}-01-01`;
  if (!useYears || yA >= yB) [yA, yB] = [mB, mB];
  const [from, to, pmA, pmB, pyA, pyB] = [0, 1, 2, 3, 4, 5].map((n) => `$${base + n}::date`);
  return {
    sql: `((grain = 'y' and period >= ${pyA} and period < ${pyB})
       or (grain = 'm' and period >= ${pmA} and period < ${pmB} and not (period >= ${pyA} and period < ${pyB}))
       or (grain = 'd' and period between ${from} and ${to} and not (period >= ${pmA} and period < ${pmB})))`,
    params: [r.from, r.to, mA, mB, yA, yB],
  };
}

/** The SQL expression naming a row's group: 'YYYY-MM', 'YYYY' or 'all'. */
export function groupExpr(g: Grouping): string {
  return g === 'month' ? `to_char(period, 'YYYY-MM')` : g === 'year' ? `to_char(period, 'YYYY')` : `'all'`;
}
