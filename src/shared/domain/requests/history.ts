// Every step of a request is appended to its history (who, when, where, and
// both states after it), which both libraries see.
import type { DomainEvent } from '../events';
import type { BorrowerState, LenderState, RequestRecord } from './records';

const HISTORY_LIMIT = 100;

/** The request after a step, with the step appended to its who/when/where history. */
export function advance(
  request: RequestRecord,
  event: DomainEvent,
  change: Partial<Omit<RequestRecord, 'history'>> & { borrowerState?: BorrowerState; lenderState?: LenderState },
): RequestRecord {
  const next = { ...request, ...change, updatedAt: event.at };
  const entry = {
    at: event.at,
    type: event.type,
    eventId: event.id,
    deviceId: event.deviceId,
    libraryId: event.libraryId,
    borrowerState: next.borrowerState,
    lenderState: next.lenderState,
  };
  return { ...next, history: [...request.history, entry].slice(-HISTORY_LIMIT) };
}

/** Whether a library takes part in the request (and may learn anything about it). */
export function isParty(request: Pick<RequestRecord, 'lenderLibraryId' | 'borrowerLibraryId'>, libraryId: string): boolean {
  return libraryId === request.lenderLibraryId || libraryId === request.borrowerLibraryId;
}
