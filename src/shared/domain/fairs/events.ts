// The service makes fairs, adds their books, takes patrons' reservations (from
// the portal) and lapses the uncollected ones; a desk at the fair records each
// hand-over when the patron's slip is scanned at the entry — offline too.
import { Type } from '@sinclair/typebox';
import { DateStr, Id, InstantStr, obj } from '../kit/schema';
import { FairIdSchema, SlipCodeSchema } from './records';

const Line = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const FairItemInputSchema = obj({ id: Id, title: Line(400), author: Type.String({ maxLength: 200 }), shelfMark: Type.String({ maxLength: 20 }) });

export const FAIR_EVENTS = {
  'fair.created': obj({
    fair: obj({
      id: FairIdSchema, title: Line(120), place: Line(120), startsOn: DateStr, endsOn: DateStr, rules: Type.String({ maxLength: 2000 }),
      holdDays: Type.Integer({ minimum: 1, maximum: 14 }), perPatron: Type.Integer({ minimum: 1, maximum: 20 }),
    }),
  }),
  'fair.items_added': obj({ fairId: FairIdSchema, items: Type.Array(FairItemInputSchema, { minItems: 1, maxItems: 500 }) }),
  // from the portal: the service draws the slip code and works out holdUntil
  'fair.reserved': obj({ slipCode: SlipCodeSchema, fairId: FairIdSchema, itemId: Id, patronId: Id, patronMasked: Type.String({ maxLength: 120 }), holdUntil: InstantStr }),
  'fair.reservation_cancelled': obj({ slipCode: SlipCodeSchema }),
  'fair.reservation_lapsed': obj({ slipCode: SlipCodeSchema }),
  // at the fair's entry: the slip scanned, the book handed over
  'fair.handed_over': obj({ slipCode: SlipCodeSchema }),
} as const;
