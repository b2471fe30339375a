// The one reducer: every event, on a desk or in the service, goes through
// reduce(). It reads the records it needs and returns the records it changes,
// or a refusal with a reason code. It never mutates what it reads.
import type { DomainEvent, EventType } from './events';
import { reject, type ReduceResult } from './reducer-kit';
import { cannotSupply, pullSlipPrinted, requestCancelled, requestCreated } from './reducer-requests';
import { itemPacked, itemReceived, itemUnpacked, parcelClosed, parcelDispatched, parcelSealed } from './reducer-parcels';
import { fineSettled, holdExpired, loanEnded, loanRenewed, loanStarted } from './reducer-circulation';
import { libraryUpserted, patronUpserted, policySet } from './reducer-patrons';
import { ilsRefused } from './reducer-ils';
import { cardIssued, cardKeyPublished, cardKeyRetired, cardRevoked, exceptionResolvedAnyDesk, visitorLoanStarted } from './reducer-cards';
import type { DomainReader } from './store';

export type { Outcome, ReduceResult } from './reducer-kit';

type Handlers = { [T in EventType]: (r: DomainReader, e: DomainEvent<T>) => ReduceResult };

const HANDLERS: Handlers = {
  'library.upserted': libraryUpserted,
  'policy.set': policySet,
  'patron.upserted': patronUpserted,
  'request.created': requestCreated,
  'request.pull_slip_printed': pullSlipPrinted,
  'request.cannot_supply': cannotSupply,
  'request.cancelled': requestCancelled,
  'item.packed': itemPacked,
  'item.unpacked': itemUnpacked,
  'parcel.sealed': parcelSealed,
  'parcel.dispatched': parcelDispatched,
  'item.received': itemReceived,
  'parcel.closed': parcelClosed,
  'hold.expired': holdExpired,
  'loan.started': loanStarted,
  'loan.ended': loanEnded,
  'loan.renewed': loanRenewed,
  'fine.paid': fineSettled,
  'fine.waived': fineSettled,
  'ils.refused': ilsRefused,
  // Library-wide exceptions (reducer-cards.ts) may be closed at any desk of the library; the rest as before.
  'exception.resolved': exceptionResolvedAnyDesk,
  'card.issued': cardIssued,
  'card.revoked': cardRevoked,
  'cardKey.published': cardKeyPublished,
  'cardKey.retired': cardKeyRetired,
  'loan.visitor_started': visitorLoanStarted,
};

export function reduce(reader: DomainReader, event: DomainEvent): ReduceResult {
  // Every rule that counts days reads the event time: a time that is no date is refused, never thrown on.
  if (!Number.isFinite(Date.parse(event.at))) return reject('INVALID_EVENT_TIME', { at: String(event.at).slice(0, 40) });
  const handler = HANDLERS[event.type] as (r: DomainReader, e: DomainEvent) => ReduceResult;
  return handler(reader, event);
}
