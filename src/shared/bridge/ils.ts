// The library-system (SIP2) part of the bridge contract: the connection
// settings staff edit, the operations the desk hands over, and what comes
// back. Passwords go in and never come out: the view says only whether one
// is set.
import { Type, type Static } from '@sinclair/typebox';

const LibraryCode = Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$', maxLength: 16 });
/** SIP2 fields end at '|' and messages at CR/LF: a value holding one could never be sent. */
const SIP2_SAFE = '^[^|\\r\\n]*$';
const Short = (max: number) => Type.String({ maxLength: max, pattern: SIP2_SAFE });

export const ILS_CHARSETS = ['utf-8', 'big5', 'latin1', 'cp850', 'ascii'] as const;
export type IlsCharset = (typeof ILS_CHARSETS)[number];

export const ILS_OPERATIONS = ['dispatchCheckout', 'returnCheckin', 'patronValidation'] as const;
export type IlsOperation = (typeof ILS_OPERATIONS)[number];

export const IlsSettingsSchema = Type.Object({
  enabled: Type.Boolean(),
  host: Type.String({ maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]*$' }),
  port: Type.Integer({ minimum: 1, maximum: 65_535 }),
  tls: Type.Object({
    enabled: Type.Boolean(),
    rejectUnauthorized: Type.Boolean(),
    /** PEM of a private CA the library's system uses; '' for the system's trust store. */
    caPem: Type.String({ maxLength: 20_000 }),
  }, { additionalProperties: false }),
  institutionId: Short(64),
  loginUserId: Short(64),
  /** Omitted: keep the saved one. */
  loginPassword: Type.Optional(Short(128)),
  locationCode: Short(64),
  /** Omitted: keep the saved one. */
  terminalPassword: Type.Optional(Short(128)),
  errorDetection: Type.Boolean(),
  requestTimeoutMs: Type.Integer({ minimum: 500, maximum: 120_000 }),
  operations: Type.Object({
    dispatchCheckout: Type.Boolean(),
    returnCheckin: Type.Boolean(),
    patronValidation: Type.Boolean(),
  }, { additionalProperties: false }),
  /** The patron record in this library's system that stands for each borrowing library. */
  accounts: Type.Record(LibraryCode, Type.String({ minLength: 1, maxLength: 64, pattern: SIP2_SAFE }), { maxProperties: 100, additionalProperties: false }),
  /** A kiosk PIN when the library's system cannot be reached: refuse, or accept the card alone. */
  offlinePinRule: Type.Union([Type.Literal('refuse'), Type.Literal('accept-card-only')]),
  /** Character set of the system's SIP2 port (text and checksums). Omitted: UTF-8. */
  charset: Type.Optional(Type.Union(ILS_CHARSETS.map((c) => Type.Literal(c)))),
  /** 'tolerant' also accepts checksums summed over characters (some servers with UTF-8). Omitted: bytes. */
  checksumMode: Type.Optional(Type.Union([Type.Literal('bytes'), Type.Literal('tolerant')])),
  /** Between fields; SIPServer lets each account set it. Omitted: '|'. */
  fieldDelimiter: Type.Optional(Type.String({ pattern: '^[!-/:-@\\[-`{-~]$' })),
  /** The system's time zone (IANA, e.g. Asia/Taipei): dates go out in its wall-clock time. Omitted: Asia/Taipei. */
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' })),
  /** How the no-block flag is written: Y/N (the standard) or 1/0 (systems that read it as a digit). Omitted: Y/N. */
  noBlockFlag: Type.Optional(Type.Union([Type.Literal('YN'), Type.Literal('10')])),
  /** Send Fee Paid (37) for fines paid at the desk, when the system supports it. Omitted: on. */
  feePaid: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type IlsSettings = Static<typeof IlsSettingsSchema>;

export type IlsSettingsView = Omit<IlsSettings, 'loginPassword' | 'terminalPassword'> & {
  readonly hasLoginPassword: boolean;
  readonly hasTerminalPassword: boolean;
};

export const IlsOpInputSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:-]+$' }),
  /** 'fee': a fine paid at the desk (Fee Paid, 37); itemId is then the desk's fine id. */
  kind: Type.Union([Type.Literal('checkout'), Type.Literal('checkin'), Type.Literal('fee')]),
  itemId: Type.String({ minLength: 1, maxLength: 64 }),
  borrowerLibraryId: Type.Union([LibraryCode, Type.Null()]),
  at: Type.String({ maxLength: 40 }),
  eventId: Type.String({ minLength: 1, maxLength: 64 }),
  /** The due date the desk gave (ISO): sent as the no-block due date when the checkout reaches the system late. */
  dueDate: Type.Optional(Type.String({ maxLength: 40 })),
  /** Fee ops: the patron in the library's system, the amount ('30.00') and currency. */
  patronId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: SIP2_SAFE })),
  amount: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}(\\.[0-9]{1,2})?$' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
}, { additionalProperties: false });
export type IlsOpInput = Static<typeof IlsOpInputSchema>;

/** 'stuck': the system could not say whether it went through; staff mark it done or cancel it (ils.resolve). */
export type IlsOpState = 'queued' | 'sending' | 'done' | 'refused' | 'reported' | 'stuck' | 'cancelled';

export interface IlsOpView {
  readonly key: string;
  readonly kind: 'checkout' | 'checkin' | 'fee';
  readonly itemId: string;
  readonly state: IlsOpState;
  /** The system's screen message for a refusal; '' otherwise. */
  readonly screenMessage: string;
  readonly attempts: number;
  readonly updatedAt: string;
  /** Why it is stuck or waiting (plain English from the connector), or null. */
  readonly problem?: string | null;
  /** Staff's note when they resolved it. */
  readonly note?: string;
}

export type IlsHealthState = 'disabled' | 'idle' | 'working' | 'unreachable' | 'error';

export interface IlsHealth {
  readonly state: IlsHealthState;
  readonly since: string | null;
  readonly lastError: string | null;
  readonly queued: number;
  readonly refused: number;
  /** Ops waiting for staff to check the library's system. */
  readonly stuck?: number;
}

/** Things that work but will hurt; the screen words them in its language from the code and fields. */
export type IlsTestWarning =
  | { readonly code: 'NO_ITEM_INFORMATION' | 'NO_CHECKOUT' | 'NO_CHECKIN' | 'NO_PATRON_INFORMATION' | 'NO_FEE_PAID' }
  | { readonly code: 'INSTITUTION_MISMATCH'; readonly answered: string; readonly configured: string }
  | { readonly code: 'CHARSET_MISMATCH'; readonly found: string; readonly configured: string }
  | { readonly code: 'CHECKSUM_CHARACTERS' }
  | { readonly code: 'ZONE_MISMATCH'; readonly offsetMinutes: number; readonly configured: string };

/** What a connection test found out about the system's SIP2 port. */
export interface IlsTestDetected {
  /** The character set the replies' bytes fit ('ascii-only' when nothing told them apart; 'unknown-8bit' for neither UTF-8 nor Big5). */
  readonly charset: 'utf-8' | 'big5' | 'ascii-only' | 'unknown-8bit';
  /** What the replies' checksums summed: bytes (the standard), characters, or 'undetermined' (ASCII-only replies, or none checksummed). */
  readonly checksum: 'bytes' | 'characters' | 'undetermined';
  /** The system's clock as it sent it (98), raw; and how far it is from the desk's clock read in the configured zone. */
  readonly systemTime: string;
  readonly zoneOffsetMinutes: number | null;
  /** The settings these findings suggest (only the ones that differ from the tested settings). */
  readonly suggest: { readonly charset?: IlsCharset; readonly checksumMode?: 'tolerant' };
}

export type IlsTestResult =
  | {
    readonly ok: true;
    readonly latencyMs: number;
    readonly institutionId: string;
    readonly libraryName: string;
    readonly protocolVersion: string;
    /** SIP2 message names as the SC Status reply's BX field orders them (keys of the codec's SupportedMessages). */
    readonly supportedMessages: readonly string[];
    readonly onlineStatus: boolean;
    readonly checkinOk: boolean;
    readonly checkoutOk: boolean;
    readonly renewalPolicy: boolean;
    readonly offlineOk: boolean;
    /** AF lines joined with " / ". */
    readonly screenMessage: string;
    /** Things that work but will hurt (e.g. no Item Information: lost replies cannot be checked). */
    readonly warnings: readonly IlsTestWarning[];
    readonly detected?: IlsTestDetected;
    /** The findings in plain words, one line each, in both of the desk's languages. */
    readonly report?: { readonly en: readonly string[]; readonly 'zh-TW': readonly string[] };
  }
  | { readonly ok: false; readonly code: string; readonly message: string };

export type IlsPatronCheck =
  | { readonly reachable: true; readonly valid: boolean; readonly pinOk: boolean | null; readonly blocked: boolean; readonly name: string; readonly screenMessage: string }
  | {
    readonly reachable: false;
    /** DISABLED when this library does not validate patrons through SIP2; otherwise why the system could not answer. */
    readonly code: string;
    readonly reason: string;
    /** What a PIN is worth while the system cannot answer (the library's configured rule). */
    readonly offlinePinRule: 'refuse' | 'accept-card-only';
  };
