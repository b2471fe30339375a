// Duration buckets: hourly to two weeks, daily to 120 days, then one bucket;
// quantiles and the 48 h / 72 h counts read from them.
import { describe, expect, it } from 'vitest';
import { bucketLowerHours, bucketOf, OVERFLOW_BUCKET, quantileHours, thresholdCounts } from '#server/stats/buckets';
import { segments } from '#server/stats/ranges';

describe('duration buckets', () => {
  it('are an hour wide to two weeks, a day wide to 120 days, then one overflow bucket', () => {
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(59)).toBe(0);
    expect(bucketOf(60)).toBe(1);
    expect(bucketLowerHours(bucketOf(47 * 60 + 59))).toBe(47);
    expect(bucketLowerHours(bucketOf(336 * 60 - 1))).toBe(335);
    expect(bucketLowerHours(bucketOf(336 * 60))).toBe(336);
    expect(bucketLowerHours(bucketOf((336 + 23) * 60))).toBe(336);
    expect(bucketLowerHours(bucketOf((336 + 24) * 60))).toBe(360);
    expect(bucketOf(200 * 24 * 60)).toBe(OVERFLOW_BUCKET);
    expect(bucketLowerHours(OVERFLOW_BUCKET)).toBe(120 * 24);
  });

  it('give nearest-rank quantiles as the bucket lower edge', () => {
    const hist = new Map([[10, 4], [30, 5], [80, 1]]);
    expect(quantileHours(hist, 0.5)).toBe(30);
    expect(quantileHours(hist, 0.4)).toBe(10);
    expect(quantileHours(hist, 0.9)).toBe(30);
    expect(quantileHours(hist, 1)).toBe(80);
    expect(quantileHours(new Map(), 0.5)).toBeNull();
  });

  it('count under 48 h, 48 h to 72 h, and 72 h or more exactly', () => {
    expect(thresholdCounts(new Map([[47, 2], [48, 3], [71, 1], [72, 4], [OVERFLOW_BUCKET, 1]]))).toEqual({ under48h: 2, from48to72h: 4, over72h: 5 });
  });
});

describe('range split', () => {
  it('reads whole years, whole months and ragged days from their own rows, each day once', () => {
    expect(segments({ from: '2024-11-15', to: '2026-02-10' }, true)).toEqual([
      { grain: 'd', from: '2024-11-15', until: '2024-12-01' }, { grain: 'd', from: '2026-02-01', until: '2026-02-11' },
      { grain: 'm', from: '2024-12-01', until: '2025-01-01' }, { grain: 'y', from: '2025-01-01', until: '2026-01-01' }, { grain: 'm', from: '2026-01-01', until: '2026-02-01' },
    ]);
    // Grouped by month: no yearly rows.
    expect(segments({ from: '2024-11-15', to: '2026-02-10' }, false).map((s) => s.grain)).toEqual(['d', 'd', 'm']);
    // Inside one month: days only. Whole years exactly: one yearly span.
    expect(segments({ from: '2026-03-03', to: '2026-03-09' }, true)).toEqual([{ grain: 'd', from: '2026-03-03', until: '2026-03-10' }]);
    expect(segments({ from: '2025-01-01', to: '2025-12-31' }, true)).toEqual([{ grain: 'y', from: '2025-01-01', until: '2026-01-01' }]);
  });
});
