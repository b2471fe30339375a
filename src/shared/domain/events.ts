// Desk actions are immutable events. The envelope is common; each type has
// its own payload schema. The service validates both before the reducer runs.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { HLC_PATTERN } from './hlc';
import { PolicyFieldsSchema } from './policy';
import { CardHostSchema, CardKeySchema, CardSchema, ItemRefSchema, LibrarySchema, PatronSchema } from './records';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const LibraryCode = Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$', maxLength: 16 });
const Barcode = Type.String({ minLength: 1, maxLength: 64 });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Reason = Type.String({ minLength: 1, maxLength: 300 });
const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
const CardId = Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', maxLength: 26 });
const KeyId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });
/** An ISO 8601 instant with an explicit zone, as Date.prototype.toISOString() writes it. */
export const ISO_INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const InstantStr = Type.String({ maxLength: 40, pattern: ISO_INSTANT_PATTERN });

/**
 * The card as a desk read it from the verified QR code, carried in the visitor
 * loan so that a desk whose replica has no cards record yet can still run the
 * rules offline. The service trusts only its own cards record.
 */
export const VisitorCardSchema = obj({
  cardId: CardId,
  holderName: Type.String({ minLength: 1, maxLength: 120 }),
  homeLibraryId: Type.Union([LibraryCode, Type.Null()]),
  organisation: Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()]),
  hostLibraryId: CardHostSchema,
  validFrom: DateStr,
  validUntil: DateStr,
  loanLimit: Type.Integer({ minimum: 1, maximum: 50 }),
});

export const EVENT_PAYLOAD_SCHEMAS = {
  // administration (service CLI and admin API; never from a desk)
  'library.upserted': obj({ library: Type.Omit(LibrarySchema, ['updatedAt']) }),
  'policy.set': obj({ libraryId: Type.Union([LibraryCode, Type.Null()]), fields: Type.Partial(PolicyFieldsSchema, { additionalProperties: false }) }),
  'patron.upserted': obj({ patron: Type.Omit(PatronSchema, ['updatedAt', 'loanCount', 'finesOwed']) }),
  // requests
  'request.created': obj({
    requestId: Id, patronId: Id, lenderLibraryId: LibraryCode, item: ItemRefSchema,
    neededBy: Type.Union([DateStr, Type.Null()]), note: Type.String({ maxLength: 500 }),
  }),
  'request.pull_slip_printed': obj({ requestIds: Type.Array(Id, { minItems: 1, maxItems: 500 }) }),
  'request.cannot_supply': obj({ requestId: Id, reason: Reason }),
  'request.cancelled': obj({ requestId: Id, reason: Reason }),
  // parcels
  'item.packed': obj({ parcelId: Id, toLibraryId: LibraryCode, requestId: Id, itemBarcode: Barcode }),
  'item.unpacked': obj({ parcelId: Id, itemBarcode: Barcode }),
  'parcel.sealed': obj({ parcelId: Id }),
  'parcel.dispatched': obj({ parcelId: Id, courier: Type.String({ minLength: 1, maxLength: 80 }), trackingNumber: Type.String({ minLength: 1, maxLength: 80 }) }),
  'item.received': obj({ itemBarcode: Barcode, parcelId: Type.Union([Id, Type.Null()]), ownerLibraryId: Type.Union([LibraryCode, Type.Null()]), holdId: Id }),
  'parcel.closed': obj({ parcelId: Id }),
  // hold shelf and circulation
  'hold.expired': obj({ holdId: Id }),
  'loan.started': obj({ loanId: Id, holdId: Id, patronId: Id }),
  'loan.ended': obj({ loanId: Id, fineId: Id }),
  'loan.renewed': obj({ loanId: Id }),
  'fine.paid': obj({ fineId: Id }),
  'fine.waived': obj({ fineId: Id, reason: Reason }),
  // library-system (SIP2) connector: the desk records what the library's own system refused
  'ils.refused': obj({
    operation: Type.Union([Type.Literal('checkout'), Type.Literal('checkin')]),
    itemBarcode: Barcode,
    /** The library system's screen message (AF), verbatim; '' when it sent none. */
    screenMessage: Type.String({ maxLength: 300 }),
    /** The connector's idempotency key for the operation. */
    opKey: Type.String({ minLength: 1, maxLength: 200 }),
  }),
  'exception.resolved': obj({ exceptionId: Id, note: Type.String({ maxLength: 300 }) }),
  // virtual library cards: issuing and keys come from the service only; a home library may revoke
  'card.issued': obj({ card: Type.Omit(CardSchema, ['revokedAt', 'revokedReason', 'updatedAt']) }),
  'card.revoked': obj({ cardId: CardId, reason: Reason }),
  'cardKey.published': obj({ key: obj({ id: KeyId, publicKey: CardKeySchema.properties.publicKey, activeFrom: InstantStr }) }),
  'cardKey.retired': obj({ keyId: KeyId, retiredAt: InstantStr }),
  // lending the host library's own item to a card holder (recorded by the host's staff desk after verifying the QR code)
  'loan.visitor_started': obj({ loanId: Id, itemBarcode: Barcode, title: Type.String({ maxLength: 400 }), card: VisitorCardSchema }),
} as const;

export type EventType = keyof typeof EVENT_PAYLOAD_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOAD_SCHEMAS) as EventType[];
export type EventPayload<T extends EventType> = Static<(typeof EVENT_PAYLOAD_SCHEMAS)[T]>;

export const EventStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('applied'), Type.Literal('rejected')]);
export type EventStatus = Static<typeof EventStatusSchema>;

/** The events collection's document: what a desk writes (status 'pending') and what the service returns (applied / rejected). */
export const EventDocSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', maxLength: 26 }),
  deviceId: Id,
  libraryId: Type.String({ minLength: 1, maxLength: 16 }),
  hlc: Type.String({ pattern: HLC_PATTERN, maxLength: 90 }),
  at: Type.String({ maxLength: 40, pattern: ISO_INSTANT_PATTERN }),
  type: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
  payload: Type.Object({}, { additionalProperties: true }),
  status: EventStatusSchema,
  reason: Type.String({ maxLength: 40 }),
}, { additionalProperties: false });
export type EventDoc = Static<typeof EventDocSchema>;

export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: Omit<EventDoc, 'type' | 'payload'> & { type: K; payload: EventPayload<K> };
}[T];

/** The part of an event that the desk wrote and the service must never see change (idempotency compares it). */
export function eventIdentity(e: Pick<EventDoc, 'id' | 'deviceId' | 'libraryId' | 'hlc' | 'at' | 'type' | 'payload'>): string {
  return stableStringify([e.id, e.deviceId, e.libraryId, e.hlc, e.at, e.type, e.payload]);
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
