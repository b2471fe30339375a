// A patron as a desk needs one: no address, phone or national id.
import { Type, type Static } from '@sinclair/typebox';
import { Barcode, Count, DateStr, Id, Instant, LibraryCode, Text } from '../kit/schema';

export const PatronStatus = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('barred')]);
export const PatronBlockSchema = Type.Object({
  code: Type.Union([Type.Literal('lost_item'), Type.Literal('fines'), Type.Literal('manual'), Type.Literal('expired_card')]),
  note: Text(200),
  since: Instant,
}, { additionalProperties: false });

/** A patron as a desk needs one: no address, phone or national id. */
export const PatronSchema = Type.Object({
  id: Id,
  homeLibraryId: LibraryCode,
  cardNumbers: Type.Array(Barcode, { minItems: 1, maxItems: 8 }),
  name: Text(80),
  status: PatronStatus,
  expiresOn: DateStr,
  blocks: Type.Array(PatronBlockSchema, { maxItems: 20 }),
  loanCount: Count,
  finesOwed: Count,
  updatedAt: Instant,
}, { additionalProperties: false });
export type PatronRecord = Static<typeof PatronSchema>;

export const PATRON_COLLECTIONS = { patrons: PatronSchema } as const;
export interface PatronRecordTypes {
  patrons: PatronRecord;
}
