import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '#shared/backoff';

describe('backoff', () => {
  it('doubles from the first wait up to the cap, and starts over after a reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.attempt).toBe(6);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('takes another growth factor and never overflows after many failures', () => {
    expect([0, 1, 2].map((a) => backoffDelay(a, { initialMs: 10, maxMs: 1000, factor: 3 }))).toEqual([10, 30, 90]);
    expect(backoffDelay(10_000, { initialMs: 500, maxMs: 30_000 })).toBe(30_000);
    expect(backoffDelay(-1, { initialMs: 500, maxMs: 30_000 })).toBe(500);
  });

  it('spreads each wait within the jitter band', () => {
    const opts = { initialMs: 1000, maxMs: 1000, jitter: 0.2 };
    expect(backoffDelay(0, opts, () => 0)).toBe(800);
    expect(backoffDelay(0, opts, () => 0.5)).toBe(1000);
    expect(backoffDelay(0, opts, () => 0.999999)).toBe(1200);
  });
});
