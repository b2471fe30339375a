import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeError, encodeEvent, encodeHello, encodeRequest, encodeResult, parseClientMessage, parseHostMessage } from '#shared/bridge/framing';

describe('bridge WebSocket framing', () => {
  it('never throws on arbitrary text or JSON, and always answers ok or a typed error', () => {
    const texts = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constantFrom('{"id":1,"method":"x","__proto__":{}}', '{"auth":{}}', '[]', 'null', '{"id":1e400}'));
    fc.assert(
      fc.property(texts, (text) => {
        const c = parseClientMessage(text, 10_000);
        const h = parseHostMessage(text);
        for (const r of [c, h]) {
          if (!r.ok) expect(['MALFORMED_MESSAGE', 'MESSAGE_TOO_LARGE']).toContain(r.error.code);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary objects shaped almost like requests', () => {
    const obj = fc.record({ id: fc.anything(), method: fc.anything(), params: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(obj, (o) => {
        let text: string;
        try {
          text = JSON.stringify(o) ?? 'undefined';
        } catch {
          return; // BigInt and friends cannot be JSON at all
        }
        const r = parseClientMessage(text);
        if (r.ok && r.value.kind === 'request') {
          expect(typeof r.value.method).toBe('string');
          expect(['string', 'number']).toContain(typeof r.value.id);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads requests and auth, and refuses the rest with specific messages', () => {
    expect(parseClientMessage(encodeRequest(7, 'devices.list', {}))).toEqual({ ok: true, value: { kind: 'request', id: 7, method: 'devices.list', params: {} } });
    expect(parseClientMessage('{"id":"a","method":"desk.config"}')).toEqual({ ok: true, value: { kind: 'request', id: 'a', method: 'desk.config', params: {} } });
    expect(parseClientMessage('{"auth":"tok"}')).toEqual({ ok: true, value: { kind: 'auth', token: 'tok' } });
    expect(parseClientMessage('not json')).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE', message: 'The message is not JSON.' } });
    expect(parseClientMessage('{"id":1.5,"method":"x"}')).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE', id: null } });
    expect(parseClientMessage('{"id":3,"method":""}')).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE', id: 3 } });
    expect(parseClientMessage('{"id":3,"method":"x","extra":1}')).toMatchObject({ ok: false, error: { message: 'unknown field "extra".', id: 3 } });
    expect(parseClientMessage('x'.repeat(101), 100)).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
  });

  it('round-trips host messages', () => {
    expect(parseHostMessage(encodeResult(1, { a: 1 }))).toEqual({ ok: true, value: { kind: 'result', id: 1, result: { a: 1 } } });
    expect(parseHostMessage(encodeError(null, { code: 'UNAUTHORIZED', message: 'no' }))).toEqual({ ok: true, value: { kind: 'error', id: null, error: { code: 'UNAUTHORIZED', message: 'no' } } });
    expect(parseHostMessage(encodeEvent('scan', { code: '1' }))).toEqual({ ok: true, value: { kind: 'event', event: 'scan', payload: { code: '1' } } });
    expect(parseHostMessage(encodeHello())).toEqual({ ok: true, value: { kind: 'hello', version: 1 } });
  });
});
