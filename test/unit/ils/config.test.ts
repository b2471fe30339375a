// ILS settings: defaults, one error per bad field, secrets kept out of the redacted view.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ILS_CONFIG, ilsAccountFor, parseIlsConfig, redactIlsConfig } from '#main/ils/config';
import type { IlsConfig } from '#main/ils/config';
import { validateInput } from '#main/bridge/validate';

const GOOD = {
  enabled: true,
  host: 'sip.library.example.tw',
  port: 6001,
  tls: { enabled: true, rejectUnauthorized: true, caPem: '' },
  institutionId: 'TPML',
  loginUserId: 'desk1',
  loginPassword: 's3cret-pw',
  locationCode: 'DESK-1',
  terminalPassword: 'term-pw',
  errorDetection: true,
  requestTimeoutMs: 8000,
  operations: { dispatchCheckout: true, returnCheckin: true, patronValidation: false },
  accounts: { NTL: 'ILL-NTL', TPML2: 'ILL-TPML2' },
  offlinePinRule: 'accept-card-only',
};

function parsed(input: unknown, previous?: IlsConfig): IlsConfig {
  const result = parseIlsConfig(input, { previous });
  if (!result.ok) throw new Error(`expected valid settings, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errors(input: unknown): Record<string, string> {
  const result = parseIlsConfig(input);
  if (result.ok) throw new Error('expected invalid settings');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('parseIlsConfig', () => {
  it('fills defaults for an empty object: disabled, port 6001, error detection on, TLS verifying', () => {
    expect(parsed({})).toEqual(DEFAULT_ILS_CONFIG);
    expect(DEFAULT_ILS_CONFIG).toMatchObject({ enabled: false, port: 6001, errorDetection: true, requestTimeoutMs: 10_000, offlinePinRule: 'refuse' });
    expect(DEFAULT_ILS_CONFIG.tls).toEqual({ enabled: false, rejectUnauthorized: true, caPem: '' });
  });

  it('accepts a complete configuration as given (trimming text fields)', () => {
    const value = parsed({ ...GOOD, host: '  sip.library.example.tw ', institutionId: ' TPML ' });
    expect(value).toEqual({
      ...GOOD,
      host: 'sip.library.example.tw',
      institutionId: 'TPML',
      // Settings a complete configuration from before issue 19 leaves out take the consortium's defaults.
      charset: 'utf-8',
      checksumMode: 'bytes',
      fieldDelimiter: '|',
      timeZone: 'Asia/Taipei',
      noBlockFlag: 'YN',
      feePaid: true,
    });
  });

  it('checks the connection settings issue 19 added: charset, checksum mode, delimiter, zone, no-block flag', () => {
    expect(parsed({ ...GOOD, charset: 'big5', checksumMode: 'tolerant', fieldDelimiter: '^', timeZone: 'Asia/Taipei', noBlockFlag: '10' })).toMatchObject({
      charset: 'big5',
      checksumMode: 'tolerant',
      fieldDelimiter: '^',
      noBlockFlag: '10',
    });
    const found = errors({ ...GOOD, charset: 'gb2312', checksumMode: 'loose', fieldDelimiter: 'A', timeZone: 'Mars/Olympus', noBlockFlag: 'Y' });
    expect(Object.keys(found).sort()).toEqual(['charset', 'checksumMode', 'fieldDelimiter', 'noBlockFlag', 'timeZone']);
    expect(found['timeZone']).toMatch(/time zone/);
  });

  it('accepts IP addresses, bracketed IPv6 and host names', () => {
    for (const host of ['127.0.0.1', '::1', '[2001:db8::1]', 'localhost', 'ils-01.lib.example']) {
      expect(parsed({ ...GOOD, host }).host).toBe(host);
    }
  });

  it('reports every bad field at once, with its path', () => {
    const found = errors({
      enabled: 'yes',
      host: 'bad host!',
      port: 70000,
      tls: { enabled: true, rejectUnauthorised: false, caPem: 'not a pem' },
      loginPassword: 'a|b',
      requestTimeoutMs: 10,
      operations: { dispatchCheckout: 1, renew: true },
      accounts: { ntl: 'X', NTL: '' },
      offlinePinRule: 'sometimes',
      colour: 'blue',
    });
    expect(Object.keys(found).sort()).toEqual(
      [
        'enabled',
        'host',
        'port',
        'tls.rejectUnauthorised',
        'tls.caPem',
        'loginPassword',
        'requestTimeoutMs',
        'operations.dispatchCheckout',
        'operations.renew',
        'accounts.ntl',
        'accounts.NTL',
        'offlinePinRule',
        'colour',
      ].sort(),
    );
    expect(found.port).toBe('must be a whole number from 1 to 65535');
    expect(found.loginPassword).toBe("must not contain '|' or line breaks");
  });

  it('checks port bounds 1..65535 and whole numbers', () => {
    expect(parsed({ port: 1 }).port).toBe(1);
    expect(parsed({ port: 65535 }).port).toBe(65535);
    for (const port of [0, 65536, 6001.5, '6001', -1]) expect(errors({ port })).toHaveProperty('port');
  });

  it('needs a host and an institution only when enabled', () => {
    expect(parsed({ enabled: false, host: '' }).host).toBe('');
    expect(errors({ enabled: true, host: '  ', institutionId: '' })).toEqual({
      host: 'is required when the connection is enabled',
      institutionId: 'is required when the connection is enabled',
    });
  });

  it('rejects values that would break a SIP2 message', () => {
    expect(errors({ institutionId: 'A|B' })).toHaveProperty('institutionId');
    expect(errors({ locationCode: 'DESK\r1' })).toHaveProperty('locationCode');
    expect(errors({ accounts: { NTL: 'ILL\nNTL' } })).toHaveProperty(['accounts.NTL']);
  });

  it('accepts a PEM CA certificate', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(parsed({ tls: { enabled: true, rejectUnauthorized: true, caPem: pem } }).tls.caPem).toBe(pem.trim());
  });

  it('is not fooled by non-objects', () => {
    for (const input of [null, 'x', 42, [], undefined]) {
      const result = parseIlsConfig(input);
      expect(result.ok).toBe(false);
    }
    expect(errors({ tls: 'on', operations: [], accounts: 'NTL' })).toEqual({
      tls: 'must be an object',
      operations: 'must be an object',
      accounts: 'must be an object of library code → patron identifier',
    });
  });
});

describe('one set of rules', () => {
  it('the bridge refuses over ils.configure what the parser refuses: the settings have one schema', () => {
    const settings = { ...GOOD, loginPassword: undefined, institutionId: 'A|B', accounts: { NTL: 'ILL\rNTL' } };
    delete settings.loginPassword;
    expect(errors(settings)).toEqual({ institutionId: "must not contain '|' or line breaks", 'accounts.NTL': "must not contain '|' or line breaks" });
    const res = validateInput('ils.configure', { settings });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('secrets', () => {
  it('redactIlsConfig blanks both passwords and says whether they are set', () => {
    const config = parsed(GOOD);
    const view = redactIlsConfig(config);
    expect(view).toMatchObject({ loginPassword: '', terminalPassword: '', hasPassword: true, hasTerminalPassword: true, host: GOOD.host });
    expect(JSON.stringify(view)).not.toContain('s3cret-pw');
    expect(JSON.stringify(view)).not.toContain('term-pw');
    expect(redactIlsConfig(DEFAULT_ILS_CONFIG)).toMatchObject({ hasPassword: false, hasTerminalPassword: false });
  });

  it('a redacted view sent back unchanged keeps the saved passwords; absent keeps too; a new value replaces', () => {
    const saved = parsed(GOOD);
    const echoed = parsed({ ...redactIlsConfig(saved), port: 7001 }, saved);
    expect(echoed).toMatchObject({ port: 7001, loginPassword: 's3cret-pw', terminalPassword: 'term-pw' });

    const { loginPassword: _omit, ...withoutPassword } = GOOD;
    expect(parsed(withoutPassword, saved).loginPassword).toBe('s3cret-pw');

    expect(parsed({ ...GOOD, loginPassword: 'new-pw' }, saved).loginPassword).toBe('new-pw');
    // Clearing is explicit: '' without the "has a password" flag.
    expect(parsed({ ...redactIlsConfig(saved), hasPassword: false }, saved).loginPassword).toBe('');
  });

  it('error messages never quote a password', () => {
    const result = parseIlsConfig({ ...GOOD, loginPassword: 'pw|with-bar', terminalPassword: 'x'.repeat(200) });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('pw|with-bar');
  });
});

describe('ilsAccountFor', () => {
  it('maps a borrowing library to its account, and only own keys', () => {
    const config = parsed(GOOD);
    expect(ilsAccountFor(config, 'NTL')).toBe('ILL-NTL');
    expect(ilsAccountFor(config, 'XYZ')).toBeNull();
    expect(ilsAccountFor(config, 'toString')).toBeNull();
  });
});
