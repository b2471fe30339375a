// The hybrid logical clock: local order survives a clock stepping back,
// received timestamps push later local ones after them, and the string
// encoding sorts like the (wallMs, counter) pair.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, HLC_PATTERN, HybridLogicalClock, parseHlc, type HlcTimestamp } from '#shared/domain/hlc';

/** A wall clock the test drives. */
function manualClock(start: number): { now: () => number; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => { t = ms; } };
}

const T = 1_741_000_000_000;

describe('HybridLogicalClock', () => {
  it('stays strictly increasing when the wall clock goes backwards or stands still', () => {
    const wall = manualClock(T);
    const clock = new HybridLogicalClock('desk-a', wall.now);
    const seen = [clock.now(), clock.now()];
    wall.set(T - 60_000);
    seen.push(clock.now(), clock.now());
    wall.set(T - 120_000);
    seen.push(clock.now());
    wall.set(T + 1);
    seen.push(clock.now());
    for (let i = 1; i < seen.length; i++) expect(seen[i]! > seen[i - 1]!).toBe(true);
    expect(parseHlc(seen[2]!)).toEqual({ wallMs: T, counter: 2, node: 'desk-a' });
    expect(parseHlc(seen[5]!)).toEqual({ wallMs: T + 1, counter: 0, node: 'desk-a' });
  });

  it('orders the next local timestamp after a received remote one, whatever the clocks say', () => {
    const cases: Array<{ local: number; remote: HlcTimestamp }> = [
      { local: T, remote: { wallMs: T + 5_000, counter: 3, node: 'svc' } }, // remote ahead
      { local: T, remote: { wallMs: T, counter: 9, node: 'svc' } }, // same ms, higher counter
      { local: T + 5_000, remote: { wallMs: T, counter: 9, node: 'svc' } }, // local ahead
      { local: T, remote: { wallMs: T + 1, counter: 0xffff, node: 'svc' } }, // counter at its maximum
    ];
    for (const { local, remote } of cases) {
      const wall = manualClock(local);
      const clock = new HybridLogicalClock('desk-a', wall.now);
      clock.now();
      const r = formatHlc(remote);
      clock.receive(r);
      const next = clock.now();
      expect(next > r, `${next} after ${r}`).toBe(true);
      expect(next).toMatch(new RegExp(HLC_PATTERN));
    }
  });

  it('ignores a garbage remote timestamp', () => {
    const wall = manualClock(T);
    const clock = new HybridLogicalClock('desk-a', wall.now);
    const a = clock.now();
    clock.receive('not a timestamp');
    clock.receive(`${'9'.repeat(15)}:zzzz:svc`);
    const b = clock.now();
    expect(parseHlc(b)).toEqual({ wallMs: T, counter: 1, node: 'desk-a' });
    expect(b > a).toBe(true);
  });

  it('property: any interleaving of clock steps, local events and receipts stays monotonic and after every receipt', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), delta: fc.integer({ min: -10_000, max: 10_000 }) }),
      fc.record({ kind: fc.constant('now' as const) }),
      fc.record({ kind: fc.constant('recv' as const), wallMs: fc.integer({ min: T - 20_000, max: T + 20_000 }), counter: fc.integer({ min: 0, max: 0xffff }) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const wall = manualClock(T);
      const clock = new HybridLogicalClock('desk-a', wall.now);
      let floor = '';
      for (const o of ops) {
        if (o.kind === 'tick') wall.set(wall.now() + o.delta);
        else if (o.kind === 'now') {
          const t = clock.now();
          expect(t > floor).toBe(true);
          floor = t;
        } else {
          const r = formatHlc({ wallMs: o.wallMs, counter: o.counter, node: 'remote' });
          clock.receive(r);
          if (r > floor) floor = r;
        }
      }
    }), { numRuns: 300 });
  });
});

describe('encoding', () => {
  const ts = fc.record({
    wallMs: fc.integer({ min: 0, max: 999_999_999_999_999 }),
    counter: fc.integer({ min: 0, max: 0xffff }),
    node: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/),
  });

  it('string order equals (wallMs, counter) order', () => {
    fc.assert(fc.property(ts, ts, (a, b) => {
      const byPair = a.wallMs !== b.wallMs ? Math.sign(a.wallMs - b.wallMs) : Math.sign(a.counter - b.counter);
      const sa = formatHlc(a);
      const sb = formatHlc(b);
      const byString = sa < sb ? -1 : sa > sb ? 1 : 0;
      if (byPair !== 0) expect(byString).toBe(byPair);
    }), { numRuns: 500 });
  });

  it('parseHlc(formatHlc(x)) round-trips and matches HLC_PATTERN', () => {
    fc.assert(fc.property(ts, (t) => {
      const s = formatHlc(t);
      expect(s).toMatch(new RegExp(HLC_PATTERN));
      expect(parseHlc(s)).toEqual(t);
    }), { numRuns: 300 });
  });

  it('returns null for garbage', () => {
    for (const s of ['', 'abc', '123:0000:n', '000000000000001:00g0:n', '000000000000001:0000:', `000000000000001:0000:${'x'.repeat(65)}`,
      '00000000000001:0000:n', '000000000000001:00000:n', '000000000000001-0000-n', '000000000000001:ABCD:n']) {
      expect(parseHlc(s), s).toBeNull();
    }
  });

  it('property: arbitrary strings never throw and only well-formed ones parse', () => {
    fc.assert(fc.property(fc.string({ maxLength: 90 }), (s) => {
      const p = parseHlc(s);
      if (p !== null) expect(formatHlc(p)).toBe(s);
    }), { numRuns: 300 });
  });
});
