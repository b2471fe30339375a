// One library's SIP2 connection settings: parsed from untrusted input (the
// settings screen, a file), defaulted, and checked field by field so the
// screen can show every problem at once. Secrets (login and terminal
// passwords) never leave the main process: redactIlsConfig() is the only
// view meant for screens and logs.
import { isIP } from 'node:net';

export interface IlsTlsConfig {
  readonly enabled: boolean;
  /** Refuse a server whose certificate does not verify (against caPem, or the system's store). */
  readonly rejectUnauthorized: boolean;
  /** PEM of the CA that signed the ILS's certificate; '' for the system's trust store. */
  readonly caPem: string;
}

export interface IlsOperationsConfig {
  /** Check out to the borrowing library's account in this ILS when an item is dispatched. */
  readonly dispatchCheckout: boolean;
  /** Check the item in when it comes home. */
  readonly returnCheckin: boolean;
  /** Ask the ILS whether a patron (and PIN) is valid. */
  readonly patronValidation: boolean;
}

export type OfflinePinRule = 'refuse' | 'accept-card-only';

export interface IlsConfig {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  readonly tls: IlsTlsConfig;
  /** AO in every request. */
  readonly institutionId: string;
  /** CN of the 93 login; '' when the ILS needs no login. */
  readonly loginUserId: string;
  readonly loginPassword: string;
  /** CP of the login and AP (current location) of checkins. */
  readonly locationCode: string;
  /** AC in requests. */
  readonly terminalPassword: string;
  /** AY/AZ sequence numbers and checksums. */
  readonly errorDetection: boolean;
  readonly requestTimeoutMs: number;
  readonly operations: IlsOperationsConfig;
  /** Borrowing library code → the patron identifier that stands for it in this ILS. */
  readonly accounts: Readonly<Record<string, string>>;
  /** A PIN cannot be checked while the ILS is unreachable: refuse, or accept the card alone. */
  readonly offlinePinRule: OfflinePinRule;
}

export interface IlsConfigError {
  /** Dotted path, e.g. "tls.caPem" or "accounts.TPML". */
  readonly field: string;
  readonly message: string;
}

export type IlsConfigParseResult = { readonly ok: true; readonly value: IlsConfig } | { readonly ok: false; readonly errors: IlsConfigError[] };

/** Settings safe to show and log: secrets replaced by '' and flags saying whether they are set. */
export type RedactedIlsConfig = Omit<IlsConfig, 'loginPassword' | 'terminalPassword'> & {
  readonly loginPassword: '';
  readonly terminalPassword: '';
  readonly hasPassword: boolean;
  readonly hasTerminalPassword: boolean;
};

export const DEFAULT_SIP2_PORT = 6001;
export const MIN_REQUEST_TIMEOUT_MS = 500;
export const MAX_REQUEST_TIMEOUT_MS = 120_000;

export const DEFAULT_ILS_CONFIG: IlsConfig = Object.freeze({
  enabled: false,
  host: '',
  port: DEFAULT_SIP2_PORT,
  tls: Object.freeze({ enabled: false, rejectUnauthorized: true, caPem: '' }),
  institutionId: '',
  loginUserId: '',
  loginPassword: '',
  locationCode: '',
  terminalPassword: '',
  errorDetection: true,
  requestTimeoutMs: 10_000,
  operations: Object.freeze({ dispatchCheckout: true, returnCheckin: true, patronValidation: true }),
  accounts: Object.freeze({}),
  offlinePinRule: 'refuse',
});

const TOP_KEYS = new Set([
  'enabled',
  'host',
  'port',
  'tls',
  'institutionId',
  'loginUserId',
  'loginPassword',
  'locationCode',
  'terminalPassword',
  'errorDetection',
  'requestTimeoutMs',
  'operations',
  'accounts',
  'offlinePinRule',
  // A redacted view sent back unchanged carries these; see parseIlsConfig.
  'hasPassword',
  'hasTerminalPassword',
]);
const TLS_KEYS = new Set(['enabled', 'rejectUnauthorized', 'caPem']);
const OPERATION_KEYS = new Set(['dispatchCheckout', 'returnCheckin', 'patronValidation']);
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const LIBRARY_CODE = /^[A-Z][A-Z0-9]{1,15}$/;
const MAX_FIELD = 128;
const MAX_PEM = 20_000;

export interface ParseIlsConfigOptions {
  /**
   * The saved settings. A password that is absent from the input, or '' while the
   * input's hasPassword / hasTerminalPassword is true (a redacted view sent back
   * unchanged), keeps the saved one.
   */
  readonly previous?: IlsConfig;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The host to connect to: IPv6 literals may come in brackets, the socket wants them without. */
export function connectHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Parses and checks settings; missing fields take the defaults (or the previous values for passwords). Never throws. */
export function parseIlsConfig(input: unknown, options: ParseIlsConfigOptions = {}): IlsConfigParseResult {
  const errors: IlsConfigError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field, message });
  };
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'settings must be an object' }] };
  for (const key of Object.keys(input)) if (!TOP_KEYS.has(key)) add(key, 'unknown setting');

  const bool = (record: Record<string, unknown>, key: string, path: string, fallback: boolean): boolean => {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      add(path, 'must be true or false');
      return fallback;
    }
    return value;
  };
  const int = (key: string, min: number, max: number, fallback: number): number => {
    const value = input[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      add(key, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  // SIP2 fields end at '|' and messages at CR/LF: such a value could never be sent.
  const sipText = (value: unknown, path: string, fallback: string, max = MAX_FIELD): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string') {
      add(path, 'must be text');
      return fallback;
    }
    if (value.length > max) add(path, `must be at most ${max} characters`);
    else if (/[|\r\n]/.test(value)) add(path, "must not contain '|' or line breaks");
    return value;
  };
  const text = (key: string, fallback: string): string => sipText(input[key], key, fallback).trim();
  const secret = (key: 'loginPassword' | 'terminalPassword', flag: 'hasPassword' | 'hasTerminalPassword'): string => {
    const saved = options.previous?.[key] ?? '';
    const value = input[key];
    if (value === undefined) return saved;
    if (value === '' && input[flag] === true) return saved;
    // Passwords are not trimmed: spaces may be part of them.
    return sipText(value, key, saved);
  };

  const enabled = bool(input, 'enabled', 'enabled', DEFAULT_ILS_CONFIG.enabled);

  let host = DEFAULT_ILS_CONFIG.host;
  if (input.host !== undefined) {
    if (typeof input.host !== 'string') add('host', 'must be text');
    else {
      host = input.host.trim();
      const bare = connectHost(host);
      if (host !== '' && isIP(bare) === 0 && !HOSTNAME.test(host)) add('host', 'must be a host name or an IP address');
    }
  }
  if (enabled && host === '') add('host', 'is required when the connection is enabled');

  const port = int('port', 1, 65_535, DEFAULT_ILS_CONFIG.port);

  let tls: IlsTlsConfig = DEFAULT_ILS_CONFIG.tls;
  if (input.tls !== undefined) {
    if (!isRecord(input.tls)) add('tls', 'must be an object');
    else {
      const t = input.tls;
      for (const key of Object.keys(t)) if (!TLS_KEYS.has(key)) add(`tls.${key}`, 'unknown setting');
      let caPem = '';
      if (t.caPem !== undefined && t.caPem !== null) {
        if (typeof t.caPem !== 'string') add('tls.caPem', 'must be text');
        else if (t.caPem.length > MAX_PEM) add('tls.caPem', `must be at most ${MAX_PEM} characters`);
        else if (t.caPem.trim() !== '' && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(t.caPem)) {
          add('tls.caPem', 'must be a PEM certificate (-----BEGIN CERTIFICATE----- …)');
        } else caPem = t.caPem.trim();
      }
      tls = {
        enabled: bool(t, 'enabled', 'tls.enabled', DEFAULT_ILS_CONFIG.tls.enabled),
        rejectUnauthorized: bool(t, 'rejectUnauthorized', 'tls.rejectUnauthorized', DEFAULT_ILS_CONFIG.tls.rejectUnauthorized),
        caPem,
      };
    }
  }

  const institutionId = text('institutionId', DEFAULT_ILS_CONFIG.institutionId);
  if (enabled && institutionId === '') add('institutionId', 'is required when the connection is enabled');
  const loginUserId = text('loginUserId', DEFAULT_ILS_CONFIG.loginUserId);
  const loginPassword = secret('loginPassword', 'hasPassword');
  const locationCode = text('locationCode', DEFAULT_ILS_CONFIG.locationCode);
  const terminalPassword = secret('terminalPassword', 'hasTerminalPassword');
  const errorDetection = bool(input, 'errorDetection', 'errorDetection', DEFAULT_ILS_CONFIG.errorDetection);
  const requestTimeoutMs = int('requestTimeoutMs', MIN_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS, DEFAULT_ILS_CONFIG.requestTimeoutMs);

  let operations: IlsOperationsConfig = DEFAULT_ILS_CONFIG.operations;
  if (input.operations !== undefined) {
    if (!isRecord(input.operations)) add('operations', 'must be an object');
    else {
      const o = input.operations;
      for (const key of Object.keys(o)) if (!OPERATION_KEYS.has(key)) add(`operations.${key}`, 'unknown operation');
      operations = {
        dispatchCheckout: bool(o, 'dispatchCheckout', 'operations.dispatchCheckout', DEFAULT_ILS_CONFIG.operations.dispatchCheckout),
        returnCheckin: bool(o, 'returnCheckin', 'operations.returnCheckin', DEFAULT_ILS_CONFIG.operations.returnCheckin),
        patronValidation: bool(o, 'patronValidation', 'operations.patronValidation', DEFAULT_ILS_CONFIG.operations.patronValidation),
      };
    }
  }

  const accounts: Record<string, string> = {};
  if (input.accounts !== undefined) {
    if (!isRecord(input.accounts)) add('accounts', 'must be an object of library code → patron identifier');
    else {
      for (const [code, patron] of Object.entries(input.accounts)) {
        const path = `accounts.${code}`;
        if (!LIBRARY_CODE.test(code)) {
          add(path, 'library code must be 2–16 upper-case letters or digits, starting with a letter');
          continue;
        }
        const id = sipText(patron, path, '', 64);
        if (typeof patron === 'string' && id.trim() === '') add(path, 'patron identifier is required');
        accounts[code] = id.trim();
      }
    }
  }

  let offlinePinRule: OfflinePinRule = DEFAULT_ILS_CONFIG.offlinePinRule;
  if (input.offlinePinRule !== undefined) {
    if (input.offlinePinRule === 'refuse' || input.offlinePinRule === 'accept-card-only') offlinePinRule = input.offlinePinRule;
    else add('offlinePinRule', "must be 'refuse' or 'accept-card-only'");
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      enabled,
      host,
      port,
      tls,
      institutionId,
      loginUserId,
      loginPassword,
      locationCode,
      terminalPassword,
      errorDetection,
      requestTimeoutMs,
      operations,
      accounts,
      offlinePinRule,
    },
  };
}

export function redactIlsConfig(config: IlsConfig): RedactedIlsConfig {
  return {
    ...config,
    tls: { ...config.tls },
    operations: { ...config.operations },
    accounts: { ...config.accounts },
    loginPassword: '',
    terminalPassword: '',
    hasPassword: config.loginPassword !== '',
    hasTerminalPassword: config.terminalPassword !== '',
  };
}

/** The ILS patron that stands for a borrowing library, or null when none is configured. */
export function ilsAccountFor(config: IlsConfig, borrowingLibraryCode: string): string | null {
  return Object.hasOwn(config.accounts, borrowingLibraryCode) ? (config.accounts[borrowingLibraryCode] ?? null) : null;
}

/** The secrets of a config, for masking free text (error messages) before it is logged. */
export function ilsSecrets(config: IlsConfig): string[] {
  return [config.loginPassword, config.terminalPassword].filter((s) => s.length >= 3);
}
