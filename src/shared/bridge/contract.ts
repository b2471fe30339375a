// The ONE typed contract between the desk UI and the main-side Node logic:
// request name → input schema (TypeBox, validated with ajv on the main side)
// and output type, event name → payload type. Electron IPC and the desk
// host's WebSocket both serve exactly this.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { EventName, RequestName } from './names';
import { SlipInputSchema } from './slip';
import type { BridgeReply } from './errors';
import { IlsOpInputSchema, IlsSettingsSchema, type IlsHealth, type IlsOpState, type IlsOpView, type IlsPatronCheck, type IlsSettingsView, type IlsTestResult } from './ils';

const Empty = Type.Object({}, { additionalProperties: false });
const DeviceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Uid = Type.String({ pattern: '^[0-9A-F]{16}$', description: 'ISO 15693 UID, 16 upper-case hex digits, most significant byte first' });
const Code = Type.String({ minLength: 1, maxLength: 128 });

export const DEVICE_KINDS = ['rfid', 'scanner', 'printer'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Driver names the desk knows; a configured driver missing from this build reports DRIVER_UNAVAILABLE in its health. */
export const KNOWN_DRIVERS: Record<DeviceKind, readonly string[]> = {
  rfid: ['feig-iso-host', 'bibliotheca', 'simulated'],
  scanner: ['serial-lines', 'hid-pos', 'simulated'],
  printer: ['escpos', 'simulated'],
};

export const TransportConfigSchema = Type.Union([
  Type.Object({ kind: Type.Literal('serial'), path: Type.String({ minLength: 1, maxLength: 200 }), baudRate: Type.Optional(Type.Integer({ minimum: 1200, maximum: 921_600 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('tcp'), host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' }), port: Type.Integer({ minimum: 1, maximum: 65_535 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('hid'), vendorId: Type.Integer({ minimum: 0, maximum: 0xffff }), productId: Type.Integer({ minimum: 0, maximum: 0xffff }), path: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('usb-printer'), path: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('simulated') }, { additionalProperties: false }),
]);
export type TransportConfig = Static<typeof TransportConfigSchema>;

export const DeviceConfigSchema = Type.Object({
  id: DeviceId,
  kind: Type.Union(DEVICE_KINDS.map((k) => Type.Literal(k))),
  driver: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  enabled: Type.Boolean(),
  transport: TransportConfigSchema,
  /** Driver settings (bus address, code page, check-digit rule…), flat and small. */
  options: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), { maxProperties: 32 }),
}, { additionalProperties: false });
export type DeviceConfig = Static<typeof DeviceConfigSchema>;

const SimTagSchema = Type.Object({
  uid: Uid,
  /** Defaults to 0x07 (secured, on shelf). */
  afi: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
  /** ISO 28560-3 content; omitted means a blank tag. */
  item: Type.Optional(Type.Object({
    primaryItemId: Type.String({ minLength: 1, maxLength: 16 }),
    owner: Type.Optional(Type.String({ maxLength: 13 })),
    typeOfUsage: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    partsInSet: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
    ordinalPart: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type SimTag = Static<typeof SimTagSchema>;

/** Input schemas, one per request. Every one is closed (additionalProperties: false). */
export const REQUEST_INPUT_SCHEMAS = {
  'desk.config': Empty,
  'devices.list': Empty,
  'devices.discover': Empty,
  'devices.configure': Type.Object({ device: DeviceConfigSchema }, { additionalProperties: false }),
  'devices.remove': Type.Object({ id: DeviceId }, { additionalProperties: false }),
  'devices.test': Type.Object({ id: DeviceId }, { additionalProperties: false }),
  'rfid.setSecurity': Type.Object({
    uids: Type.Array(Uid, { minItems: 1, maxItems: 64, uniqueItems: true }),
    secured: Type.Boolean(),
    /** Which reader; the first connected RFID reader when omitted. */
    readerId: Type.Optional(DeviceId),
  }, { additionalProperties: false }),
  'print.submit': Type.Object({
    /** Idempotency key: submitting the same key again returns the first job instead of printing twice. */
    key: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
    slip: SlipInputSchema,
    printerId: Type.Optional(DeviceId),
  }, { additionalProperties: false }),
  'print.jobs': Type.Object({ printerId: Type.Optional(DeviceId), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
  'sim.placeTags': Type.Object({ tags: Type.Array(SimTagSchema, { minItems: 1, maxItems: 64 }), readerId: Type.Optional(DeviceId) }, { additionalProperties: false }),
  'sim.removeTags': Type.Object({
    /** The tags to take off the pad; every tag when omitted. */
    uids: Type.Optional(Type.Array(Uid, { maxItems: 64 })),
    readerId: Type.Optional(DeviceId),
  }, { additionalProperties: false }),
  'sim.scan': Type.Object({
    code: Code,
    symbology: Type.Optional(Type.Union([Type.Literal('codabar'), Type.Literal('code39'), Type.Literal('code128'), Type.Literal('ean13'), Type.Literal('qr')])),
    scannerId: Type.Optional(DeviceId),
  }, { additionalProperties: false }),
  'sim.printerState': Type.Object({
    paper: Type.Union([Type.Literal('ok'), Type.Literal('near-end'), Type.Literal('out')]),
    cover: Type.Union([Type.Literal('closed'), Type.Literal('open')]),
    online: Type.Boolean(),
    printerId: Type.Optional(DeviceId),
  }, { additionalProperties: false }),
  /** What the simulated printer put on paper, decoded from the ESC/POS bytes it received. */
  'sim.printed': Type.Object({
    printerId: Type.Optional(DeviceId),
    /** Only documents with an index at or above this (the count a caller saw before). */
    since: Type.Optional(Type.Integer({ minimum: 0 })),
  }, { additionalProperties: false }),
  'ils.settings': Empty,
  'ils.configure': Type.Object({ settings: IlsSettingsSchema }, { additionalProperties: false }),
  /** Tests the given settings (unsaved edits) or, when omitted, the saved ones. */
  'ils.test': Type.Object({ settings: Type.Optional(IlsSettingsSchema) }, { additionalProperties: false }),
  'ils.enqueue': Type.Object({ ops: Type.Array(IlsOpInputSchema, { maxItems: 2000 }) }, { additionalProperties: false }),
  'ils.ops': Type.Object({
    states: Type.Optional(Type.Array(Type.Union(['queued', 'sending', 'done', 'refused', 'reported', 'stuck', 'cancelled'].map((s) => Type.Literal(s))), { maxItems: 7 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }, { additionalProperties: false }),
  'ils.ack': Type.Object({ key: IlsOpInputSchema.properties.key }, { additionalProperties: false }),
  'ils.retry': Type.Object({ key: IlsOpInputSchema.properties.key }, { additionalProperties: false }),
  /** Staff checked the library's system for a stuck op: it is there ('done') or must not be sent ('cancelled'), with their note. */
  'ils.resolve': Type.Object({
    key: IlsOpInputSchema.properties.key,
    outcome: Type.Union([Type.Literal('done'), Type.Literal('cancelled')]),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  }, { additionalProperties: false }),
  'ils.validatePatron': Type.Object({ patronId: Type.String({ minLength: 1, maxLength: 64 }), pin: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
} as const satisfies Record<RequestName, TSchema>;

export type RequestInput<K extends RequestName> = Static<(typeof REQUEST_INPUT_SCHEMAS)[K]>;

// ---- outputs and event payloads (produced by the main side, so types only) ----

export type DeskRole = 'staff' | 'kiosk';
export type DeskLocale = 'zh-TW' | 'en';

/** What one kiosk sets for itself; the library's policy holds the rest (receipt mode, idle default, offline limits). */
export interface KioskDeviceSettings {
  /** Overrides the policy's kioskIdleSeconds for this kiosk; null keeps the policy's. */
  readonly idleSeconds: number | null;
  /** Ask for the patron's PIN after the card; the library's system checks it (see the kiosk's PIN rule). */
  readonly pin: 'off' | 'required';
}

export interface DeskConfig {
  readonly serviceUrl: string;
  /** Null until the desk is paired (an external service without a pairing code). */
  readonly deviceToken: string | null;
  readonly deviceId: string | null;
  readonly libraryId: string;
  readonly role: DeskRole;
  readonly locale: DeskLocale;
  readonly simulate: boolean;
  readonly deskName: string;
  /** Why the desk is not paired, for the setup screen; null when paired. */
  readonly pairingError: string | null;
  /** Present when the device runs as a self-service kiosk. */
  readonly kiosk?: KioskDeviceSettings;
}

export type DeviceState = 'connected' | 'connecting' | 'disconnected' | 'error';

export interface DeviceHealth {
  readonly state: DeviceState;
  readonly message: string;
  /** ISO time the device last answered; null if never. */
  readonly lastSeen: string | null;
}

export interface DeviceView {
  readonly config: DeviceConfig;
  readonly health: DeviceHealth;
  /** Added by the desk because simulate is on and nothing is configured; not saved. */
  readonly simulated: boolean;
}

export interface DiscoveredPort {
  readonly transport: TransportConfig;
  readonly label: string;
  readonly manufacturer: string | null;
  readonly vendorId: number | null;
  readonly productId: number | null;
  /** Already used by a configured device. */
  readonly inUse: boolean;
}

export interface DeviceTestResult {
  readonly ok: boolean;
  readonly message: string;
}

export interface SecurityResult {
  readonly uid: string;
  readonly ok: boolean;
  /** Present when ok is false: NOT_PRESENT, LOCKED, WRITE_FAILED, TIMEOUT… */
  readonly error?: { readonly code: string; readonly message: string };
}

export type PrintJobState = 'queued' | 'printing' | 'printed' | 'held' | 'failed';

export interface PrintJob {
  readonly id: string;
  readonly key: string;
  readonly printerId: string;
  readonly state: PrintJobState;
  /** Why a job is held or failed (paper out, cover open, offline…); empty otherwise. */
  readonly message: string;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RequestOutputs {
  'desk.config': DeskConfig;
  'devices.list': { readonly devices: readonly DeviceView[] };
  'devices.discover': { readonly ports: readonly DiscoveredPort[]; readonly warnings: readonly string[] };
  'devices.configure': { readonly device: DeviceView };
  'devices.remove': { readonly removed: boolean };
  'devices.test': DeviceTestResult;
  'rfid.setSecurity': { readonly readerId: string; readonly results: readonly SecurityResult[] };
  'print.submit': PrintJob;
  'print.jobs': { readonly jobs: readonly PrintJob[] };
  'sim.placeTags': { readonly present: readonly string[] };
  'sim.removeTags': { readonly present: readonly string[] };
  'sim.scan': { readonly delivered: boolean };
  'sim.printerState': { readonly printerId: string };
  'sim.printed': { readonly printerId: string; readonly documents: readonly PrintedText[] };
  'ils.settings': { readonly settings: IlsSettingsView; readonly health: IlsHealth };
  'ils.configure': { readonly settings: IlsSettingsView; readonly health: IlsHealth };
  'ils.test': IlsTestResult;
  /** Ops whose kind is switched off in the settings are skipped (a library without SIP2 keeps working). */
  'ils.enqueue': { readonly accepted: number; readonly duplicates: number; readonly skipped: number };
  'ils.ops': { readonly ops: readonly IlsOpView[]; readonly health: IlsHealth };
  'ils.ack': { readonly state: IlsOpState | null };
  'ils.retry': { readonly state: IlsOpState | null };
  'ils.resolve': { readonly state: IlsOpState | null };
  'ils.validatePatron': IlsPatronCheck;
}
export type RequestOutput<K extends RequestName> = RequestOutputs[K];

/** One document (up to a cut) as the simulated printer decoded it from the bytes on the wire. */
export interface PrintedText {
  readonly index: number;
  readonly text: string;
  readonly cut: 'full' | 'partial';
}

export type TagDataKind = 'iso28560-2' | 'iso28560-3' | 'blank' | 'unknown' | 'unread';

export interface RfidTagView {
  readonly uid: string;
  readonly afi: number | null;
  readonly security: 'secured' | 'unsecured' | 'unknown';
  readonly dataKind: TagDataKind;
  /** Decoded library data; null for blank, unreadable or foreign tags. */
  readonly item: {
    readonly primaryItemId: string;
    readonly owner: string;
    /** As the tag states it: ISO 28560-3 a number (8 = patron card), ISO 28560-2 a byte whose high nibble says the same; see isPatronCardUsage. */
    readonly typeOfUsage: number;
    readonly partsInSet: number;
    readonly ordinalPart: number;
  } | null;
}

/** ISO 28560 type of usage for a patron card: 8 in part 3, 0x8n in part 2 (the tag view carries the tag's own value). */
export const PATRON_CARD_USAGE = 8;

/** Whether a tag view's typeOfUsage names a patron card, in either ISO 28560 part. */
export function isPatronCardUsage(typeOfUsage: number): boolean {
  return typeOfUsage === PATRON_CARD_USAGE || typeOfUsage >> 4 === PATRON_CARD_USAGE;
}

export interface EventPayloads {
  /** `present` is every tag in the field (dataKind 'unread' until read); `arrived` names tags once the reader has read them (or given up), so a consumer acting on arrivals sees their data. */
  'rfid.tags': { readonly readerId: string; readonly present: readonly RfidTagView[]; readonly arrived: readonly string[]; readonly left: readonly string[] };
  scan: { readonly code: string; readonly source: string; readonly symbology?: string };
  'device.status': { readonly id: string; readonly health: DeviceHealth };
  'print.job': PrintJob;
  'ils.changed': IlsHealth;
}
export type EventPayload<E extends EventName> = EventPayloads[E];

export type Unsubscribe = () => void;

/** What the UI holds: one function per request (rejects with a BridgeCallError), and typed events. */
export type Bridge = {
  readonly [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/**
 * What the Electron preload exposes as window.relay: answers are envelopes
 * because an Error thrown across contextBridge loses everything but its
 * message. src/renderer/bridge unwraps them into the Bridge shape.
 */
export type RelayPreloadApi = {
  readonly [K in RequestName]: (input: RequestInput<K>) => Promise<BridgeReply<RequestOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};
