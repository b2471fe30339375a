// The one reducer: every event, on a desk or in the service, goes through
// reduce(). It reads the records it needs and returns the records it changes,
// or a refusal with a reason code. It never mutates what it reads. Each
// feature folder holds its handlers; the map below has one line per feature
// and must cover every event type.
import type { DomainEvent, EventType } from './events';
import { reject, type HandlersOf, type ReduceResult } from './kit/results';
import { LIBRARY_HANDLERS } from './libraries/reducer';
import { PATRON_HANDLERS } from './patrons/reducer';
import { REQUEST_HANDLERS } from './requests/reducer';
import { PARCEL_HANDLERS } from './parcels/reducer';
import { CIRCULATION_HANDLERS } from './circulation/reducer';
import { ILS_HANDLERS } from './ils/reducer';
import { EXCEPTION_HANDLERS } from './exceptions/reducer';
import { CARD_HANDLERS } from './cards/reducer';
import { FAIR_HANDLERS } from './fairs/reducer';
import type { DomainReader } from './store';
import { clip } from '../text/unicode';

export type { Outcome, ReduceResult } from './kit/results';

const HANDLERS: HandlersOf<EventType> = {
  ...LIBRARY_HANDLERS,
  ...PATRON_HANDLERS,
  ...REQUEST_HANDLERS,
  ...PARCEL_HANDLERS,
  ...CIRCULATION_HANDLERS,
  ...ILS_HANDLERS,
  ...EXCEPTION_HANDLERS,
  ...CARD_HANDLERS,
  ...FAIR_HANDLERS,
};

export function reduce(reader: DomainReader, event: DomainEvent): ReduceResult {
  // Every rule that counts days reads the event time: a time that is no date is refused, never thrown on.
  if (!Number.isFinite(Date.parse(event.at))) return reject('INVALID_EVENT_TIME', { at: clip(String(event.at), 40) });
  const handler = HANDLERS[event.type] as (r: DomainReader, e: DomainEvent) => ReduceResult;
  return handler(reader, event);
}
