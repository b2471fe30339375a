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

export const REQUEST_COLLECTIONS = { requests: RequestSchema } as const;
export interface RequestRecordTypes {
  requests: RequestRecord;
}
