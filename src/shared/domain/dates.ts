// Calendar arithmetic on local dates ('YYYY-MM-DD'). Loan periods, pickup
// windows and fines are counted in the library's local calendar days, not in
// UTC instants: Taiwan is UTC+8 without daylight saving, but the offset is a
// policy value so another consortium can set its own.

export type LocalDate = string;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function toUtcMs(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a local date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The local calendar date of an instant, for a fixed UTC offset in minutes. */
export function localDateOf(instant: string | number, utcOffsetMinutes: number): LocalDate {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return fromUtcMs(ms + utcOffsetMinutes * 60_000);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

export interface ClosedDays {
  readonly closedWeekdays: readonly number[];
  readonly closedDates: readonly LocalDate[];
}

export function isClosed(date: LocalDate, closed: ClosedDays): boolean {
  return closed.closedWeekdays.includes(weekdayOf(date)) || closed.closedDates.includes(date);
}

/** The date itself if the library is open then, else the next open day (bounded: a year of closures is a configuration error). */
export function nextOpenDay(date: LocalDate, closed: ClosedDays): LocalDate {
  let d = date;
  for (let i = 0; i < 366 && isClosed(d, closed); i++) d = addDays(d, 1);
  return d;
}

/** Days in (from, to] on which the library was open: the days a fine clock runs. */
export function openDaysAfter(from: LocalDate, to: LocalDate, closed: ClosedDays): number {
  const span = daysBetween(from, to);
  let n = 0;
  for (let i = 1; i <= span; i++) if (!isClosed(addDays(from, i), closed)) n++;
  return n;
}
