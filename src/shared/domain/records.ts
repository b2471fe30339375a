// The replicated collections: one TypeBox schema per record type gives both
// the TypeScript type and the JSON Schema that the service validates with and
// the desk's RxDB collections are built from (see rx-schemas.ts).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PolicyFieldsSchema } from './policy';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const LibraryCode = Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$', maxLength: 16 });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Instant = Type.String({ maxLength: 40 });
const Text = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Barcode = Type.String({ minLength: 1, maxLength: 64 });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

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

export const BorrowerStateSchema = Type.Union([
  Type.Literal('sent'), Type.Literal('expect_to_supply'), Type.Literal('shipped'), Type.Literal('received'),
  Type.Literal('on_hold_shelf'), Type.Literal('checked_out'), Type.Literal('awaiting_return_shipping'),
  Type.Literal('shipped_back'), Type.Literal('complete'), Type.Literal('unfilled'), Type.Literal('cancelled'),
  Type.Literal('lost'),
]);
export type BorrowerState = Static<typeof BorrowerStateSchema>;

export const LenderStateSchema = Type.Union([
  Type.Literal('new'), Type.Literal('pull_slip_printed'), Type.Literal('awaiting_shipping'), Type.Literal('shipped'),
  Type.Literal('return_in_transit'), Type.Literal('complete'), Type.Literal('cannot_supply'), Type.Literal('cancelled'),
  Type.Literal('lost'),
]);
export type LenderState = Static<typeof LenderStateSchema>;

export const ItemRefSchema = Type.Object({
  barcode: Barcode,
  title: Text(400),
  author: Text(200),
  callNumber: Text(100),
  location: Text(100),
  parts: Type.Integer({ minimum: 1, maximum: 99 }),
}, { additionalProperties: false });
export type ItemRef = Static<typeof ItemRefSchema>;

export const HistoryEntrySchema = Type.Object({
  at: Instant,
  type: Text(40),
  eventId: Id,
  deviceId: Id,
  libraryId: Text(16),
  borrowerState: BorrowerStateSchema,
  lenderState: LenderStateSchema,
}, { additionalProperties: false });
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export const RequestSchema = Type.Object({
  id: Id,
  borrowerLibraryId: LibraryCode,
  lenderLibraryId: LibraryCode,
  patronId: Id,
  item: ItemRefSchema,
  neededBy: Nullable(DateStr),
  note: Text(500),
  borrowerState: BorrowerStateSchema,
  lenderState: LenderStateSchema,
  pullSlipPrintedAt: Nullable(Instant),
  parcelId: Nullable(Id),
  holdId: Nullable(Id),
  loanId: Nullable(Id),
  checkedInOn: Nullable(DateStr),
  dueDate: Nullable(DateStr),
  reason: Text(300),
  history: Type.Array(HistoryEntrySchema, { maxItems: 100 }),
  createdAt: Instant,
  updatedAt: Instant,
}, { additionalProperties: false });
export type RequestRecord = Static<typeof RequestSchema>;

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

export const HoldStateSchema = Type.Union([Type.Literal('waiting'), Type.Literal('picked_up'), Type.Literal('expired'), Type.Literal('cancelled')]);
export type HoldState = Static<typeof HoldStateSchema>;
export const HoldSchema = Type.Object({
  id: Id,
  requestId: Id,
  patronId: Id,
  libraryId: LibraryCode,
  /**
   * The lending library (the request's lenderLibraryId), copied onto the hold
   * so a reader that may not read requests (a kiosk) can still make the loan.
   */
  ownerLibraryId: LibraryCode,
  itemBarcode: Barcode,
  title: Text(400),
  parts: Type.Integer({ minimum: 1, maximum: 99 }),
  shelfSpot: Text(20),
  shelvedOn: DateStr,
  pickupBy: DateStr,
  state: HoldStateSchema,
  updatedAt: Instant,
}, { additionalProperties: false });
export type HoldRecord = Static<typeof HoldSchema>;

export const LoanSchema = Type.Object({
  id: Id,
  requestId: Nullable(Id),
  itemBarcode: Barcode,
  title: Text(400),
  patronId: Id,
  libraryId: LibraryCode,
  ownerLibraryId: LibraryCode,
  startedAt: Instant,
  dueDate: DateStr,
  renewals: Type.Integer({ minimum: 0, maximum: 10 }),
  state: Type.Union([Type.Literal('active'), Type.Literal('returned')]),
  returnedAt: Nullable(Instant),
  fineAmount: Count,
  updatedAt: Instant,
}, { additionalProperties: false });
export type LoanRecord = Static<typeof LoanSchema>;

export const FineSchema = Type.Object({
  id: Id,
  loanId: Id,
  patronId: Id,
  libraryId: LibraryCode,
  itemBarcode: Barcode,
  overdueDays: Count,
  amount: Count,
  state: Type.Union([Type.Literal('owed'), Type.Literal('paid'), Type.Literal('waived')]),
  createdAt: Instant,
  updatedAt: Instant,
}, { additionalProperties: false });
export type FineRecord = Static<typeof FineSchema>;

export const ExceptionSchema = Type.Object({
  id: Id,
  deviceId: Id,
  libraryId: Text(16),
  eventId: Id,
  eventType: Text(40),
  reason: Text(40),
  params: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number()])),
  message: Text(400),
  nextStep: Text(400),
  createdAt: Instant,
  resolved: Type.Boolean(),
  /**
   * Who sees it: the device that raised it (the default, when absent) or every
   * device of its library — for what the whole desk team must follow up, such
   * as a visitor card taken over its loan limit by two offline desks.
   */
  audience: Type.Optional(Type.Union([Type.Literal('device'), Type.Literal('library')])),
  updatedAt: Instant,
}, { additionalProperties: false });
export type ExceptionRecord = Static<typeof ExceptionSchema>;

/** A consortium card-signing key as desks hold it: public half only (the private half never leaves the service). */
export const CardKeySchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  /** base64url of the 32-byte Ed25519 public key. */
  publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', maxLength: 43 }),
  /** The key signs cards issued from this instant… */
  activeFrom: Instant,
  /** …until this one (exclusive); null while in service. */
  retiredAt: Nullable(Instant),
  updatedAt: Instant,
}, { additionalProperties: false });
export type CardKeyRecord = Static<typeof CardKeySchema>;

export const CardKindSchema = Type.Union([Type.Literal('interlibrary'), Type.Literal('partner')]);
/** A library code, or '*' for every member library. */
export const CardHostSchema = Type.Union([LibraryCode, Type.Literal('*')]);

/** A virtual library card as the service issued it (src/shared/cards holds the signed form). */
export const CardSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', maxLength: 26 }),
  kind: CardKindSchema,
  holderName: Text(120),
  /** Patron id at the home library, or the partner's member id. */
  holderId: Id,
  homeLibraryId: Nullable(LibraryCode),
  organisation: Nullable(Text(120)),
  hostLibraryId: CardHostSchema,
  validFrom: DateStr,
  validUntil: DateStr,
  loanLimit: Type.Integer({ minimum: 1, maximum: 50 }),
  issuedAt: Instant,
  keyId: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  /** The issuing library's code, or 'ADMIN' for the consortium administrator. */
  issuedBy: Type.Union([LibraryCode, Type.Literal('ADMIN')]),
  revokedAt: Nullable(Instant),
  revokedReason: Text(300),
  updatedAt: Instant,
}, { additionalProperties: false });
export type CardRecord = Static<typeof CardSchema>;

export const COLLECTION_SCHEMAS = {
  libraries: LibrarySchema,
  policies: PolicySchema,
  patrons: PatronSchema,
  requests: RequestSchema,
  parcels: ParcelSchema,
  holds: HoldSchema,
  loans: LoanSchema,
  fines: FineSchema,
  exceptions: ExceptionSchema,
  cards: CardSchema,
  cardKeys: CardKeySchema,
} as const;

export type RecordCollection = keyof typeof COLLECTION_SCHEMAS;
export const RECORD_COLLECTIONS = Object.keys(COLLECTION_SCHEMAS) as RecordCollection[];

export interface RecordTypes {
  libraries: LibraryRecord;
  policies: PolicyRecord;
  patrons: PatronRecord;
  requests: RequestRecord;
  parcels: ParcelRecord;
  holds: HoldRecord;
  loans: LoanRecord;
  fines: FineRecord;
  exceptions: ExceptionRecord;
  cards: CardRecord;
  cardKeys: CardKeyRecord;
}

export function isRecordCollection(name: string): name is RecordCollection {
  return Object.prototype.hasOwnProperty.call(COLLECTION_SCHEMAS, name);
}
