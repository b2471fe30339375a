// The hold shelf and the counter: holds waiting at the pickup library, loans and overdue fines (滯還金).
import { Type, type Static } from '@sinclair/typebox';
import { Barcode, Count, DateStr, Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';

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

export const CIRCULATION_COLLECTIONS = { holds: HoldSchema, loans: LoanSchema, fines: FineSchema } as const;
export interface CirculationRecordTypes {
  holds: HoldRecord;
  loans: LoanRecord;
  fines: FineRecord;
}
