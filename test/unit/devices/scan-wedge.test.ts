// Keyboard-wedge detection: scans vs typing by rhythm, length and suffix,
// with and without a Chinese IME swallowing the keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charFromCode, WedgeDetector } from '#shared/scan/wedge';
import type { WedgeKeyEvent, WedgeResult } from '#shared/scan/wedge';

function codeOf(ch: string): string {
  if (/[0-9]/.test(ch)) return `Digit${ch}`;
  if (/[A-Za-z]/.test(ch)) return `Key${ch.toUpperCase()}`;
  return ch === '-' ? 'Minus' : ch === '.' ? 'Period' : 'Unknown';
}

/** Keydown events for `text` then a suffix, `gapMs` apart; `ime` makes them look like a Chinese IME's. */
function keys(text: string, gapMs: number, options: { start?: number; ime?: boolean; suffix?: 'Enter' | 'Tab' | null } = {}): WedgeKeyEvent[] {
  let t = options.start ?? 1000;
  const out: WedgeKeyEvent[] = [];
  for (const ch of text) {
    out.push(
      options.ime
        ? { key: 'Process', code: codeOf(ch), timeStamp: t, isComposing: true, shiftKey: ch !== ch.toLowerCase() }
        : { key: ch, code: codeOf(ch), timeStamp: t, isComposing: false },
    );
    t += gapMs;
  }
  const suffix = options.suffix === undefined ? 'Enter' : options.suffix;
  if (suffix) out.push({ key: suffix, code: suffix, timeStamp: t, isComposing: false });
  return out;
}

function feedAll(detector: WedgeDetector, events: WedgeKeyEvent[]): WedgeResult[] {
  return events.map((e) => detector.feed(e));
}

describe('keyboard wedge detector', () => {
  it('recognises a fast burst ending in Enter as a scan and swallows the Enter', () => {
    const d = new WedgeDetector();
    const results = feedAll(d, keys('31234000000019', 8));
    const last = results.at(-1)!;
    expect(last.scan).toMatchObject({ text: '31234000000019', suffix: 'Enter', keys: 14, imeRecovered: false });
    expect(last.swallow).toBe(true);
    expect(results.slice(0, -1).every((r) => r.scan === null)).toBe(true);
  });

  it('leaves typing alone: slow keys, or too short, or a pause in the middle', () => {
    const d = new WedgeDetector();
    expect(feedAll(d, keys('31234000000019', 120)).at(-1)!.scan).toBeNull();
    expect(feedAll(d, keys('123', 5)).at(-1)!.scan).toBeNull();
    // A person types "ab", pauses, then a scan arrives: only the scan is reported.
    const mixed = [...keys('ab', 150, { suffix: null, start: 0 }), ...keys('A1234567', 6, { start: 1000 })];
    expect(feedAll(d, mixed).at(-1)!.scan?.text).toBe('A1234567');
    // Enter after a long pause is the person's.
    const late = keys('A1234567', 6, { suffix: null, start: 5000 });
    feedAll(d, late);
    expect(d.feed({ key: 'Enter', code: 'Enter', timeStamp: 6000, isComposing: false }).scan).toBeNull();
  });

  it('recovers the characters from `code` when a Chinese IME hides them (key "Process", isComposing)', () => {
    const d = new WedgeDetector();
    const results = feedAll(d, keys('A0123B', 7, { ime: true }));
    expect(results.at(-1)!.scan).toMatchObject({ text: 'A0123B', imeRecovered: true });
    // During the burst the page is told to suppress the keys the IME would compose.
    expect(results.slice(1, -1).every((r) => r.swallow)).toBe(true);
  });

  it('accepts Tab as suffix, ignores Shift between characters, and can end suffix-less scans on idle', () => {
    const d = new WedgeDetector();
    const events = keys('CODE39-X', 5, { suffix: 'Tab' }).flatMap((e) => (e.key === 'Tab' ? [e] : [{ key: 'Shift', code: 'ShiftLeft', timeStamp: e.timeStamp, isComposing: false }, e]));
    expect(feedAll(d, events).at(-1)!.scan?.text).toBe('CODE39-X');
    const idle = new WedgeDetector({ idleEndMs: 50 });
    feedAll(idle, keys('12345678', 5, { suffix: null, start: 0 }));
    expect(idle.idleDueIn(40)).toBe(45);
    expect(idle.idle(60)).toBeNull();
    expect(idle.idle(100)?.text).toBe('12345678');
  });

  it('maps physical keys on a US layout', () => {
    expect(charFromCode('Digit7', false)).toBe('7');
    expect(charFromCode('Digit7', true)).toBe('&');
    expect(charFromCode('KeyQ', undefined)).toBe('Q');
    expect(charFromCode('KeyQ', false)).toBe('q');
    expect(charFromCode('Numpad3', false)).toBe('3');
    expect(charFromCode('Minus', false)).toBe('-');
    expect(charFromCode('F5', false)).toBeNull();
  });

  it('never throws and never reports a scan below the minimum length, whatever the events', () => {
    const event = fc.record({
      key: fc.oneof(fc.constantFrom('Enter', 'Tab', 'Process', 'Shift', 'Backspace', 'Unidentified'), fc.string({ maxLength: 2 })),
      code: fc.oneof(fc.constantFrom('Digit1', 'KeyA', 'Enter', 'Tab', 'Numpad0', 'Space'), fc.string({ maxLength: 8 })),
      timeStamp: fc.double({ min: 0, max: 1e6, noNaN: true }),
      isComposing: fc.boolean(),
      shiftKey: fc.option(fc.boolean(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const d = new WedgeDetector({ minLength: 4 });
        for (const e of events) {
          const r = d.feed(e);
          if (r.scan) expect(r.scan.keys).toBeGreaterThanOrEqual(4);
        }
      }),
    );
  });
});
