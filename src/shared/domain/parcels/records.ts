// A courier parcel between two libraries and its manifest.
import { Type, type Static } from '@sinclair/typebox';
import { Barcode, Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';

export const ParcelItemKindSchema = Type.Union([Type.Literal('outbound'), Type.Literal('return'), Type.Literal('forward')]);
export type ParcelItemKind = Static<typeof ParcelItemKindSchema>;
export const ParcelItemSchema = Type.Object({
  barcode: Barcode,
  requestId: Id,
  kind: ParcelItemKindSchema,
  title: Text(400),
  packedAt: Instant,
  receivedAt: Nullable(Instant),
}, { additionalProperties: false });
export type ParcelItem = Static<typeof ParcelItemSchema>;

export const ParcelStateSchema = Type.Union([
  Type.Literal('open'), Type.Literal('sealed'), Type.Literal('in_transit'), Type.Literal('received'), Type.Literal('discrepancy'),
]);
export type ParcelState = Static<typeof ParcelStateSchema>;

export const ParcelSchema = Type.Object({
  id: Id,
  fromLibraryId: LibraryCode,
  toLibraryId: LibraryCode,
  state: ParcelStateSchema,
  courier: Text(80),
  trackingNumber: Text(80),
  items: Type.Array(ParcelItemSchema, { maxItems: 2000 }),
  missing: Type.Array(Barcode, { maxItems: 2000 }),
  extras: Type.Array(Barcode, { maxItems: 2000 }),
  openedAt: Instant,
  sealedAt: Nullable(Instant),
  dispatchedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  updatedAt: Instant,
}, { additionalProperties: false });
export type ParcelRecord = Static<typeof ParcelSchema>;

export const PARCEL_COLLECTIONS = { parcels: ParcelSchema } as const;
export interface ParcelRecordTypes {
  parcels: ParcelRecord;
}
