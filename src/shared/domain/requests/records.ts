// A borrow-return request (調閱單): the item, both libraries' state machines
// and a who/when/where history both libraries see.
import { Type, type Static } from '@sinclair/typebox';
import { Barcode, DateStr, Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';

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

/**
 * The copy on a request. Item-level requests name it from the start; a title
 * request names the work and gets its barcode when the lender prints the pull
 * slip for a copy or packs one (until then `barcode` is '').
 */
export const RequestItemSchema = Type.Object({
  barcode: Text(64),
  title: Text(400),
  author: Text(200),
  callNumber: Text(100),
  location: Text(100),
  parts: Type.Integer({ minimum: 1, maximum: 99 }),
}, { additionalProperties: false });

/** The union catalogue's work a title request names, with what slips and screens show (copied: a desk has no catalogue). */
export const WorkRefSchema = Type.Object({
  workId: Id,
  title: Text(400),
  author: Text(200),
  isbn: Text(20),
  /** An edition the borrower asked for ('' = any), as staff may narrow it at review. */
  edition: Text(100),
}, { additionalProperties: false });
export type WorkRef = Static<typeof WorkRefSchema>;

/** A copy a rota position may pull, from the lender's holdings in the union catalogue. */
export const RotaCopySchema = Type.Object({
  barcode: Nullable(Text(64)),
  callNumber: Text(100),
  location: Text(100),
  availability: Type.Union([Type.Literal('available'), Type.Literal('unknown')]),
}, { additionalProperties: false });
export type RotaCopy = Static<typeof RotaCopySchema>;

export const RotaOutcomeSchema = Type.Union([
  Type.Literal('waiting'), Type.Literal('asked'), Type.Literal('supplying'), Type.Literal('cannot_supply'), Type.Literal('timed_out'),
]);
export type RotaOutcome = Static<typeof RotaOutcomeSchema>;

/**
 * One position of a title request's rota and why it is there: the lender has
 * copies known to be available (`basis` available) or only copies of unknown
 * status, and `load` open requests as lender when the rota was made.
 */
export const RotaEntrySchema = Type.Object({
  libraryId: LibraryCode,
  basis: Type.Union([Type.Literal('available'), Type.Literal('unknown')]),
  availableCopies: Type.Integer({ minimum: 0, maximum: 10_000 }),
  load: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  copies: Type.Array(RotaCopySchema, { maxItems: 10 }),
  outcome: RotaOutcomeSchema,
  /** The lender's words when it could not supply. */
  note: Text(300),
}, { additionalProperties: false });
export type RotaEntry = Static<typeof RotaEntrySchema>;
export const ROTA_MAX = 30;

/** Review at the borrowing library (審核) of a request placed for a patron. */
export const ReviewSchema = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  placedBy: Type.Union([Type.Literal('staff'), Type.Literal('patron')]),
  /** When it was approved or rejected (placing time for staff and automatic approval). */
  decidedAt: Nullable(Instant),
  reason: Text(300),
}, { additionalProperties: false });
export type Review = Static<typeof ReviewSchema>;

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
  /** '' while a title request has no lender (in review, before routing, after its rota ran out). */
  lenderLibraryId: Type.Union([LibraryCode, Type.Literal('')]),
  patronId: Id,
  item: RequestItemSchema,
  /** The work a title request names; null for an item-level request. */
  work: Nullable(WorkRefSchema),
  /** Review at the borrowing library; null for item-level requests. */
  review: Nullable(ReviewSchema),
  /** Lenders in the order they are asked (title requests, once routed); `rotaIndex` is the current one, -1 before routing. */
  rota: Type.Array(RotaEntrySchema, { maxItems: ROTA_MAX }),
  rotaIndex: Type.Integer({ minimum: -1, maximum: ROTA_MAX }),
  /** When the current lender was given the request: its response time counts from here. */
  askedAt: Nullable(Instant),
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

export const REQUEST_COLLECTIONS = { requests: RequestSchema } as const;
export interface RequestRecordTypes {
  requests: RequestRecord;
}
