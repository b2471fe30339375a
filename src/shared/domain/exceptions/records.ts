// A needs-attention item: an event the service refused, a transaction the
// library's own system refused, an over-limit visitor card — with the reason
// and what to do, until staff mark it handled.
import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, Text } from '../kit/schema';

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

export const EXCEPTION_COLLECTIONS = { exceptions: ExceptionSchema } as const;
export interface ExceptionRecordTypes {
  exceptions: ExceptionRecord;
}
