// Time for the e-book service, injectable so tests can move it (loan expiry,
// offers that lapse) without waiting. Every time the e-book tables store comes
// from here, never from the database's now(), so a test's clock is the only one.

export interface Clock { now(): number }

export const systemClock: Clock = { now: () => Date.now() };

const TAIPEI_MS = 8 * 3_600_000;

/** The first day of the month in Taipei time (YYYY-MM-01): usage is counted per local month. */
export function taipeiMonth(ms: number): string {
  return `${new Date(ms + TAIPEI_MS).toISOString().slice(0, 7)}-01`;
}

/** A moment as Taipei wall-clock text for notices (2026-12-09 18:30). */
export function taipeiMinute(ms: number): string {
  return new Date(ms + TAIPEI_MS).toISOString().slice(0, 16).replace('T', ' ');
}
