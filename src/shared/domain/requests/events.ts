// Creating a request at the borrowing library, and the lender's early steps.
import { Type } from '@sinclair/typebox';
import { DateStr, Id, LibraryCode, Reason, obj } from '../kit/schema';
import { ItemRefSchema } from './records';

export const REQUEST_EVENTS = {
  'request.created': obj({
    requestId: Id, patronId: Id, lenderLibraryId: LibraryCode, item: ItemRefSchema,
    neededBy: Type.Union([DateStr, Type.Null()]), note: Type.String({ maxLength: 500 }),
  }),
  'request.pull_slip_printed': obj({ requestIds: Type.Array(Id, { minItems: 1, maxItems: 500 }) }),
  'request.cannot_supply': obj({ requestId: Id, reason: Reason }),
  'request.cancelled': obj({ requestId: Id, reason: Reason }),
} as const;
