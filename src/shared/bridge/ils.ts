// The library-system (SIP2) part of the bridge contract: the connection
// settings staff edit, the operations the desk hands over, and what comes
// back. Passwords go in and never come out: the view says only whether one
// is set.
import { Type, type Static } from '@sinclair/typebox';

const LibraryCode = Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$', maxLength: 16 });
/** SIP2 fields end at '|' and messages at CR/LF: a value holding one could never be sent. */
const SIP2_SAFE = '^[^|\\r\\n]*$';
const Short = (max: number) => Type.String({ maxLength: max, pattern: SIP2_SAFE });

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
}, { additionalProperties: false });
export type IlsSettings = Static<typeof IlsSettingsSchema>;

export type IlsSettingsView = Omit<IlsSettings, 'loginPassword' | 'terminalPassword'> & {
  readonly hasLoginPassword: boolean;
  readonly hasTerminalPassword: boolean;
};

export const IlsOpInputSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:-]+$' }),
  kind: Type.Union([Type.Literal('checkout'), Type.Literal('checkin')]),
  itemId: Type.String({ minLength: 1, maxLength: 64 }),
  borrowerLibraryId: Type.Union([LibraryCode, Type.Null()]),
  at: Type.String({ maxLength: 40 }),
  eventId: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false });
export type IlsOpInput = Static<typeof IlsOpInputSchema>;

export type IlsOpState = 'queued' | 'sending' | 'done' | 'refused' | 'reported';

export interface IlsOpView {
  readonly key: string;
  readonly kind: 'checkout' | 'checkin';
  readonly itemId: string;
  readonly state: IlsOpState;
  /** The system's screen message for a refusal; '' otherwise. */
  readonly screenMessage: string;
  readonly attempts: number;
  readonly updatedAt: string;
}

export type IlsHealthState = 'disabled' | 'idle' | 'working' | 'unreachable' | 'error';

export interface IlsHealth {
  readonly state: IlsHealthState;
  readonly since: string | null;
  readonly lastError: string | null;
  readonly queued: number;
  readonly refused: number;
}

/** Things that work but will hurt; the screen words them in its language from the code and fields. */
export type IlsTestWarning =
  | { readonly code: 'NO_ITEM_INFORMATION' | 'NO_CHECKOUT' | 'NO_CHECKIN' | 'NO_PATRON_INFORMATION' }
  | { readonly code: 'INSTITUTION_MISMATCH'; readonly answered: string; readonly configured: string };

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
