// Creating a request at the borrowing library, the lender's early steps, and
// the title request's own steps: placing, review (審核), routing along a rota.
import { Type } from '@sinclair/typebox';
import { Barcode, DateStr, Id, LibraryCode, Reason, Text, obj } from '../kit/schema';
import { ItemRefSchema, ROTA_MAX, RotaCopySchema, WorkRefSchema } from './records';

/** A rota position as the service computes it (the reducer adds each position's outcome). */
export const RotaPositionSchema = obj({
  libraryId: LibraryCode,
  basis: Type.Union([Type.Literal('available'), Type.Literal('unknown')]),
  availableCopies: Type.Integer({ minimum: 0, maximum: 10_000 }),
  load: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  copies: Type.Array(RotaCopySchema, { maxItems: 10 }),
});

export const REQUEST_EVENTS = {
  'request.created': obj({
    requestId: Id, patronId: Id, lenderLibraryId: LibraryCode, item: ItemRefSchema,
    neededBy: Type.Union([DateStr, Type.Null()]), note: Type.String({ maxLength: 500 }),
  }),
  'request.pull_slip_printed': obj({
    requestIds: Type.Array(Id, { minItems: 1, maxItems: 500 }),
    /** Title requests: the copy the lender pulled, when it scanned one as it printed. */
    copies: Type.Optional(Type.Array(obj({ requestId: Id, itemBarcode: Barcode }), { maxItems: 500 })),
  }),
  'request.cannot_supply': obj({ requestId: Id, reason: Reason }),
  'request.cancelled': obj({ requestId: Id, reason: Reason }),
  /** A title request for a patron of the recording library; pickup there. `by` patron waits for review. */
  'request.placed': obj({
    requestId: Id, patronId: Id, work: WorkRefSchema, by: Type.Union([Type.Literal('staff'), Type.Literal('patron')]),
    neededBy: Type.Union([DateStr, Type.Null()]), note: Type.String({ maxLength: 500 }),
  }),
  'request.reviewed': obj({
    requestId: Id, decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.String({ maxLength: 300 }), edition: Type.Optional(Text(100)),
  }),
  /** Service only: the lenders to ask, in order, computed from the union catalogue. */
  'request.routed': obj({ requestId: Id, rota: Type.Array(RotaPositionSchema, { maxItems: ROTA_MAX }) }),
  /** Service only: the lender at `position` did not act within the policy's open days. */
  'request.lender_timed_out': obj({ requestId: Id, position: Type.Integer({ minimum: 0, maximum: ROTA_MAX }), lenderLibraryId: LibraryCode }),
} as const;
