// The portal's hand-checked bodies: notice preferences and SIP2 settings.
import { describe, expect, it } from 'vitest';
import { parsePreferences } from '#server/portal/preferences-input';
import { parseSip2Settings } from '#server/portal/sip2-settings';
import { NOTICE_KINDS } from '#shared/portal/wire';

const kinds = Object.fromEntries(NOTICE_KINDS.map((k) => [k, true]));
const code = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
};

describe('parsePreferences', () => {
  it('takes an address (or none), a language and every kind', () => {
    expect(parsePreferences({ email: ' reader@nptu.edu.tw ', language: 'en', kinds })).toEqual({ email: 'reader@nptu.edu.tw', language: 'en', kinds });
    expect(parsePreferences({ email: null, language: 'zh-TW', kinds }).email).toBeNull();
    expect(parsePreferences({ email: '', language: 'zh-TW', kinds }).email).toBeNull();
  });
  it('names the field it refuses', () => {
    expect(code(() => parsePreferences({ email: 'a b@c.tw', language: 'en', kinds }))).toMatch(/^VALIDATION_FAILED: \/email/);
    expect(code(() => parsePreferences({ email: 'x@localhost', language: 'en', kinds }))).toMatch(/\/email/);
    expect(code(() => parsePreferences({ email: `${'a'.repeat(250)}@b.tw`, language: 'en', kinds }))).toMatch(/\/email/);
    expect(code(() => parsePreferences({ email: null, language: 'ja', kinds }))).toMatch(/\/language/);
    expect(code(() => parsePreferences({ email: null, language: 'en', kinds: { ...kinds, overdue: 1 } }))).toMatch(/\/kinds\/overdue/);
    expect(code(() => parsePreferences({ email: null, language: 'en', kinds: { ...kinds, spam: true } }))).toMatch(/spam: unknown field/);
    expect(code(() => parsePreferences({ email: null, language: 'en', kinds: [] }))).toMatch(/\/kinds/);
    expect(code(() => parsePreferences({ email: 'a\u0000@b.tw', language: 'en', kinds }))).toMatch(/VALIDATION_FAILED/);
  });
});

describe('parseSip2Settings', () => {
  it('fills defaults, keeps the stored password when none is sent', () => {
    const first = parseSip2Settings('NKUST', { host: 'sip.nkust.edu.tw', port: 6001, loginUser: 'relay', loginPassword: 'pw' }, null);
    expect(first).toMatchObject({ libraryId: 'NKUST', tls: false, enabled: true, timeoutMs: 5000, loginPassword: 'pw', charset: 'utf-8' });
    expect(parseSip2Settings('NKUST', { charset: 'big5' }, first).charset).toBe('big5');
    expect(parseSip2Settings('NKUST', { timeoutMs: 3000 }, first)).toMatchObject({ host: 'sip.nkust.edu.tw', loginPassword: 'pw', timeoutMs: 3000 });
  });
  it('refuses what would break a SIP2 message or a connection', () => {
    expect(code(() => parseSip2Settings('NKUST', { host: 'a b', port: 1 }, null))).toMatch(/\/host/);
    expect(code(() => parseSip2Settings('NKUST', { host: 'h', port: 70000 }, null))).toMatch(/\/port/);
    expect(code(() => parseSip2Settings('NKUST', { host: 'h', port: 1, loginPassword: 'a|b' }, null))).toMatch(/\/loginPassword/);
    expect(code(() => parseSip2Settings('NKUST', { host: 'h', port: 1, timeoutMs: 10 }, null))).toMatch(/\/timeoutMs/);
    expect(code(() => parseSip2Settings('NKUST', { host: 'h', port: 1, tls: 'yes' }, null))).toMatch(/\/tls/);
    expect(code(() => parseSip2Settings('NKUST', { host: 'h', port: 1, charset: 'ebcdic' }, null))).toMatch(/\/charset/);
  });
});
