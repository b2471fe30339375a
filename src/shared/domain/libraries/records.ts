// The library directory and the circulation policies: what every paired
// device may read (see access.ts here).
import { Type, type Static } from '@sinclair/typebox';
import { PolicyFieldsSchema } from '../policy';
import { Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';

export const LibrarySchema = Type.Object({
  id: LibraryCode,
  isil: Type.String({ maxLength: 32 }),
  nameZh: Text(80),
  nameEn: Text(160),
  region: Text(32),
  active: Type.Boolean(),
  hours: Text(200),
  contact: Text(200),
  courierWeekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 }),
  updatedAt: Instant,
}, { additionalProperties: false });
export type LibraryRecord = Static<typeof LibrarySchema>;

export const PolicySchema = Type.Object({
  id: Id,
  libraryId: Nullable(LibraryCode),
  fields: Type.Partial(PolicyFieldsSchema, { additionalProperties: false }),
  updatedAt: Instant,
}, { additionalProperties: false });
export type PolicyRecord = Static<typeof PolicySchema>;

export const LIBRARY_COLLECTIONS = { libraries: LibrarySchema, policies: PolicySchema } as const;
export interface LibraryRecordTypes {
  libraries: LibraryRecord;
  policies: PolicyRecord;
}
