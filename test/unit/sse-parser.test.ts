import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SseParser } from '#shared/sse-parser';

const STREAM = 'event: hello\ndata: {"a":1}\n\n: ping\n\nevent: change\r\ndata: line1\r\ndata: line2\r\n\r\ndata:x\n\nevent: empty\n\n';

describe('SseParser', () => {
  it('parses events, multi-line data, CRLF, comments and the default event name', () => {
    expect(new SseParser().push(STREAM)).toEqual([
      { event: 'hello', data: '{"a":1}' },
      { event: 'change', data: 'line1\nline2' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('gives the same messages however the text is split into chunks', () => {
    const whole = new SseParser().push(STREAM);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const p = new SseParser();
        const got = [];
        let from = 0;
        for (const c of [...points, STREAM.length]) {
          got.push(...p.push(STREAM.slice(from, c)));
          from = c;
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => void new SseParser().push(s)), { numRuns: 500 });
  });
});
