// The library-system (SIP2) connector: the desk records what the library's own system (本館自動化系統) refused.
import { Type } from '@sinclair/typebox';
import { Barcode, obj } from '../kit/schema';

export const ILS_EVENTS = {
  'ils.refused': obj({
    operation: Type.Union([Type.Literal('checkout'), Type.Literal('checkin')]),
    itemBarcode: Barcode,
    /** The library system's screen message (AF), verbatim; '' when it sent none. */
    screenMessage: Type.String({ maxLength: 300 }),
    /** The connector's idempotency key for the operation. */
    opKey: Type.String({ minLength: 1, maxLength: 200 }),
  }),
} as const;
