// Duration histograms. The aggregates keep, per period and key, how many
// durations fell in each bucket instead of the durations themselves, so a
// median or p90 over five years reads a few hundred rows, not every request.
// Buckets are one hour wide for the first two weeks (where the 48 h / 72 h
// thresholds and most turnarounds lie), one day wide up to 120 days, and one
// overflow bucket after that. A quantile is reported as the lower edge of the
// bucket holding the nearest-rank value: exact to the hour below two weeks.

const HOUR_MIN = 60;
const HOURLY_LIMIT_H = 14 * 24;
const DAILY_LIMIT_H = 120 * 24;
export const OVERFLOW_BUCKET = HOURLY_LIMIT_H + (DAILY_LIMIT_H - HOURLY_LIMIT_H) / 24;

/** The bucket of a duration in whole minutes (negative durations, from skewed desk clocks, count as 0). */
export function bucketOf(minutes: number): number {
  const hours = Math.floor(Math.max(0, minutes) / HOUR_MIN);
  if (hours < HOURLY_LIMIT_H) return hours;
  if (hours < DAILY_LIMIT_H) return HOURLY_LIMIT_H + Math.floor((hours - HOURLY_LIMIT_H) / 24);
  return OVERFLOW_BUCKET;
}

/** The smallest duration in hours that falls into a bucket. */
export function bucketLowerHours(bucket: number): number {
  if (bucket < HOURLY_LIMIT_H) return bucket;
  return HOURLY_LIMIT_H + (bucket - HOURLY_LIMIT_H) * 24;
}

export type Histogram = ReadonlyMap<number, number>;

/** Nearest-rank quantile (the value at rank ⌈p·n⌉), as its bucket's lower edge in hours; null when empty. */
export function quantileHours(hist: Histogram, p: number): number | null {
  let n = 0;
  for (const c of hist.values()) n += c;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const b of [...hist.keys()].sort((a, c) => a - c)) {
    seen += hist.get(b)!;
    if (seen >= rank) return bucketLowerHours(b);
  }
  return null;
}

/** Counts under 48 h, from 48 h up to (not including) 72 h, and 72 h or more: exact, since buckets are hourly there. */
export function thresholdCounts(hist: Histogram): { under48h: number; from48to72h: number; over72h: number } {
  const out = { under48h: 0, from48to72h: 0, over72h: 0 };
  for (const [b, c] of hist) {
    const h = bucketLowerHours(b);
    if (h < 48) out.under48h += c;
    else if (h < 72) out.from48to72h += c;
    else out.over72h += c;
  }
  return out;
}
