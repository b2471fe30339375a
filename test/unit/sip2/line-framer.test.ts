// The one line framer (src/main/link/line-framer.ts), as SIP2 and the serial
// scanners use it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineFramer, type LineEvent } from '#node/line-framer';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (events: LineEvent[]) => events.map((e) => (e.kind === 'line' ? String.fromCharCode(...e.bytes) : `overflow>${e.maxLength}`));

describe('line framer', () => {
  it('ends a line at CR, LF or CRLF, skips empty lines and keeps a partial line for the next chunk', () => {
    const f = new LineFramer(100);
    expect(text(f.push(bytes('9300CNuser|AZ1\r\n98YY')))).toEqual(['9300CNuser|AZ1']);
    expect(f.pending).toBe(4);
    expect(text(f.push(bytes('Y\n\n\r24\r')))).toEqual(['98YYY', '24']);
    expect(f.pending).toBe(0);
  });

  it('reports an overlong line once, drops it to its terminator, and goes on', () => {
    const f = new LineFramer(8);
    expect(text(f.push(bytes('0123456789')))).toEqual(['overflow>8']);
    expect(text(f.push(bytes('more garbage\rOK\r')))).toEqual(['OK']);
    expect(text(f.push(bytes('12345678\r')))).toEqual(['12345678']);
  });

  it('gives the same lines however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Z0-9|]{1,12}$/), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 })), (lines, cuts) => {
        const stream = bytes(lines.map((l, i) => l + ['\r', '\n', '\r\n'][i % 3]).join(''));
        const f = new LineFramer(64);
        const got: LineEvent[] = [];
        let at = 0;
        for (const n of [...cuts, stream.length]) {
          got.push(...f.push(stream.slice(at, at + n)));
          at += n;
          if (at >= stream.length) break;
        }
        expect(text(got)).toEqual(lines);
      }),
    );
  });

  it('does not keep a reference to the caller\'s chunk', () => {
    const f = new LineFramer(16);
    const chunk = bytes('AB');
    f.push(chunk);
    chunk.fill(0x58);
    expect(text(f.push(bytes('C\r')))).toEqual(['ABC']);
  });
});
