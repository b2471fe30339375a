// The replicated collections: one TypeBox schema per record type gives both
// the TypeScript type and the JSON Schema that the service validates with and
// the desk's RxDB collections are built from (see rx-schemas.ts). Each feature
// folder defines its own records; this composes them (a feature's collections
// are one line in each map below).
import { LIBRARY_COLLECTIONS, type LibraryRecordTypes } from './libraries/records';
import { PATRON_COLLECTIONS, type PatronRecordTypes } from './patrons/records';
import { REQUEST_COLLECTIONS, type RequestRecordTypes } from './requests/records';
import { PARCEL_COLLECTIONS, type ParcelRecordTypes } from './parcels/records';
import { CIRCULATION_COLLECTIONS, type CirculationRecordTypes } from './circulation/records';
import { EXCEPTION_COLLECTIONS, type ExceptionRecordTypes } from './exceptions/records';
import { CARD_COLLECTIONS, type CardRecordTypes } from './cards/records';
import { FAIR_COLLECTIONS, type FairRecordTypes } from './fairs/records';

export * from './libraries/records';
export * from './patrons/records';
export * from './requests/records';
export * from './parcels/records';
export * from './circulation/records';
export * from './exceptions/records';
export * from './cards/records';
export * from './fairs/records';

export const COLLECTION_SCHEMAS = {
  ...LIBRARY_COLLECTIONS,
  ...PATRON_COLLECTIONS,
  ...REQUEST_COLLECTIONS,
  ...PARCEL_COLLECTIONS,
  ...CIRCULATION_COLLECTIONS,
  ...EXCEPTION_COLLECTIONS,
  ...CARD_COLLECTIONS,
  ...FAIR_COLLECTIONS,
} as const;

export type RecordCollection = keyof typeof COLLECTION_SCHEMAS;
export const RECORD_COLLECTIONS = Object.keys(COLLECTION_SCHEMAS) as RecordCollection[];

export interface RecordTypes
  extends LibraryRecordTypes, PatronRecordTypes, RequestRecordTypes, ParcelRecordTypes, CirculationRecordTypes, ExceptionRecordTypes, CardRecordTypes, FairRecordTypes {}

/** Every collection has its record type and nothing else: a feature that adds one to a map but not the other is a type error here. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameCollections: Exactly<keyof RecordTypes, RecordCollection> = true;
void _sameCollections;

export function isRecordCollection(name: string): name is RecordCollection {
  return Object.prototype.hasOwnProperty.call(COLLECTION_SCHEMAS, name);
}
