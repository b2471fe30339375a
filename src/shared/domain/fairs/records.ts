// Swap fairs (曬書祭, issue 20): a library's fair, the books it puts on show,
// and the patrons' reservations of them. A reservation's id is its slip code
// (short and numeric, see slip-code.ts), so a desk scanning the slip finds the
// reservation with one lookup, offline too.
import { Type, type Static } from '@sinclair/typebox';
import { DateStr, Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';
import { SLIP_CODE_PATTERN } from './slip-code';

export const FairIdSchema = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' });
export const SlipCodeSchema = Type.String({ pattern: SLIP_CODE_PATTERN, maxLength: 10 });

/** A library's swap fair: when, where and its rules as the library wrote them. */
export const FairSchema = Type.Object({
  id: FairIdSchema,
  libraryId: LibraryCode,
  title: Text(120),
  place: Text(120),
  /** First and last day of the fair (the library's local dates). */
  startsOn: DateStr,
  endsOn: DateStr,
  rules: Text(2000),
  /** How many days a reservation holds (3 by the consortium's rule). */
  holdDays: Type.Integer({ minimum: 1, maximum: 14 }),
  /** At most this many open reservations per patron at this fair. */
  perPatron: Type.Integer({ minimum: 1, maximum: 20 }),
  createdAt: Instant,
  updatedAt: Instant,
}, { additionalProperties: false });
export type FairRecord = Static<typeof FairSchema>;

export const FairItemStateSchema = Type.Union([Type.Literal('available'), Type.Literal('reserved'), Type.Literal('handed_over')]);
export type FairItemState = Static<typeof FairItemStateSchema>;

/** One book on show at a fair (its shelf label carries `shelfMark`). */
export const FairItemSchema = Type.Object({
  id: Id,
  fairId: FairIdSchema,
  libraryId: LibraryCode,
  title: Text(400),
  author: Text(200),
  /** Where it stands in the display cabinet, as printed on its shelf label (e.g. A-12). */
  shelfMark: Text(20),
  state: FairItemStateSchema,
  /** The open reservation holding it, or the one it was handed over for. */
  reservationId: Nullable(Type.String({ maxLength: 10 })),
  updatedAt: Instant,
}, { additionalProperties: false });
export type FairItemRecord = Static<typeof FairItemSchema>;

export const FairReservationStateSchema = Type.Union([
  Type.Literal('reserved'), Type.Literal('handed_over'), Type.Literal('lapsed'), Type.Literal('cancelled'),
  // Its book went to an earlier slip handed over offline before that slip lapsed (see reducer.ts).
  Type.Literal('withdrawn'),
]);
export type FairReservationState = Static<typeof FairReservationStateSchema>;

export const FairReservationSchema = Type.Object({
  /** The slip code. */
  id: SlipCodeSchema,
  fairId: FairIdSchema,
  itemId: Id,
  libraryId: LibraryCode,
  title: Text(400),
  shelfMark: Text(20),
  patronId: Id,
  /** The patron's name as a slip or screen may show it (王○明). */
  patronMasked: Text(120),
  reservedAt: Instant,
  /** Not handed over by then, it lapses. */
  holdUntil: Instant,
  state: FairReservationStateSchema,
  handedOverAt: Nullable(Instant),
  handedOverBy: Nullable(Id),
  endedAt: Nullable(Instant),
  updatedAt: Instant,
}, { additionalProperties: false });
export type FairReservationRecord = Static<typeof FairReservationSchema>;

export const FAIR_COLLECTIONS = { fairs: FairSchema, fairItems: FairItemSchema, fairReservations: FairReservationSchema } as const;
export interface FairRecordTypes {
  fairs: FairRecord;
  fairItems: FairItemRecord;
  fairReservations: FairReservationRecord;
}
