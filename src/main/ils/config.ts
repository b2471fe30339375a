// One library's SIP2 connection settings: parsed from untrusted input (the
// settings screen, a file), defaulted, and checked against the contract's one
// schema so the screen can show every problem at once. Secrets (login and terminal
// passwords) never leave the main process: redactIlsConfig() is the only
// view meant for screens and logs.
import type { IlsCharset } from '#shared/bridge/ils';
import { checkIlsSettings } from './settings-check';

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
  /** The wire's character set (text and checksums). */
  readonly charset: IlsCharset;
  /** 'tolerant': also accept checksums summed over characters. */
  readonly checksumMode: 'bytes' | 'tolerant';
  readonly fieldDelimiter: string;
  /** The ILS's IANA zone: the wall-clock time it reads blank-zone dates in. */
  readonly timeZone: string;
  /** How the no-block flag is written. */
  readonly noBlockFlag: 'YN' | '10';
  /** Send Fee Paid (37) for fines paid at the desk when the ILS supports it. */
  readonly feePaid: boolean;
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
  charset: 'utf-8',
  checksumMode: 'bytes',
  fieldDelimiter: '|',
  // The consortium's libraries are all in Taiwan; a desk's own clock zone is not the system's.
  timeZone: 'Asia/Taipei',
  noBlockFlag: 'YN',
  feePaid: true,
});

export interface ParseIlsConfigOptions {
  /**
   * The saved settings. A password that is absent from the input, or '' while the
   * input's hasPassword / hasTerminalPassword is true (a redacted view sent back
   * unchanged), keeps the saved one.
   */
  readonly previous?: IlsConfig;
}

/** The host to connect to: IPv6 literals may come in brackets, the socket wants them without. */
export function connectHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Parses and checks settings; missing fields take the defaults (or the saved
 * passwords). The rules are the bridge contract's schema (IlsSettingsSchema),
 * checked once, over the input with its defaults filled in; settings-check.ts
 * words each failure for the screen. Never throws.
 */
export function parseIlsConfig(input: unknown, options: ParseIlsConfigOptions = {}): IlsConfigParseResult {
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'settings must be an object' }] };
  const candidate = withDefaults(input, options.previous);
  const errors = checkIlsSettings(candidate);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: candidate as unknown as IlsConfig };
}

const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : v);

/** The input over the defaults, text trimmed (passwords excepted: spaces may be part of them). Nested objects merge only when they are objects; anything else is left for the check to refuse. */
function withDefaults(input: Record<string, unknown>, previous: IlsConfig | undefined): Record<string, unknown> {
  const { hasPassword, hasTerminalPassword, ...rest } = input;
  const secret = (key: 'loginPassword' | 'terminalPassword', flag: unknown): unknown => {
    const value = rest[key];
    if (value === undefined || (value === '' && flag === true)) return previous?.[key] ?? '';
    return value;
  };
  const merged: Record<string, unknown> = { ...DEFAULT_ILS_CONFIG, ...rest };
  for (const key of ['host', 'institutionId', 'loginUserId', 'locationCode', 'timeZone'] as const) merged[key] = trimmed(merged[key]);
  merged['loginPassword'] = secret('loginPassword', hasPassword);
  merged['terminalPassword'] = secret('terminalPassword', hasTerminalPassword);
  if (isRecord(rest['tls'])) {
    const tls: Record<string, unknown> = { ...DEFAULT_ILS_CONFIG.tls, ...rest['tls'] };
    tls['caPem'] = tls['caPem'] === null ? '' : trimmed(tls['caPem']);
    merged['tls'] = tls;
  }
  if (isRecord(rest['operations'])) merged['operations'] = { ...DEFAULT_ILS_CONFIG.operations, ...rest['operations'] };
  if (isRecord(rest['accounts'])) merged['accounts'] = Object.fromEntries(Object.entries(rest['accounts']).map(([code, id]) => [code, trimmed(id)]));
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
