// How long a fair reservation holds: the fair's hold days (3 by the
// consortium's rule) from the moment it was made — or from the fair's opening
// when it was made before the fair — but never past the fair's last day.
// Stored on the reservation as an instant, so the desk, the service and the
// lapse sweep all judge it from the same stored time.
import type { FairRecord } from './records';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant a local date begins at a fixed UTC offset. */
function startOfLocalDay(date: string, utcOffsetMinutes: number): number {
  return Date.parse(`${date}T00:00:00.000Z`) - utcOffsetMinutes * 60_000;
}

export function holdUntilFor(fair: Pick<FairRecord, 'startsOn' | 'endsOn' | 'holdDays'>, reservedAtMs: number, utcOffsetMinutes: number): string {
  const opens = startOfLocalDay(fair.startsOn, utcOffsetMinutes);
  const closes = startOfLocalDay(fair.endsOn, utcOffsetMinutes) + DAY_MS;
  const until = Math.min(Math.max(reservedAtMs, opens) + fair.holdDays * DAY_MS, closes);
  return new Date(until).toISOString();
}

/** Whether a reservation held until `holdUntil` has lapsed at `atMs`. */
export function isPastHold(holdUntil: string, atMs: number): boolean {
  return atMs > Date.parse(holdUntil);
}
