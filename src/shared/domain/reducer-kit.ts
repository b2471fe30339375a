// Building blocks shared by the reducer's modules: results, the request
// history, and the policy in force at a library.
import { effectivePolicy, type PolicyFields } from './policy';
import { localDateOf, type LocalDate } from './dates';
import type { DomainEvent } from './events';
import type { ReasonCode, ReasonParams } from './reasons';
import type { BorrowerState, LenderState, RequestRecord } from './records';
import type { DomainReader, RecordWrite } from './store';

export type Outcome =
  | { kind: 'recorded' }
  | { kind: 'hold_shelf'; holdId: string; patronId: string; shelfSpot: string; pickupBy: LocalDate; dueDate: LocalDate; title: string; parts: number; requestId: string }
  | { kind: 'home'; requestId: string; title: string; callNumber: string; location: string }
  | { kind: 'forward'; requestId: string; toLibraryId: string; title: string }
  | { kind: 'packed'; parcelId: string; toLibraryId: string; itemKind: 'outbound' | 'return' | 'forward'; count: number }
  | { kind: 'loan'; loanId: string; dueDate: LocalDate; loanCount: number; loanLimit: number; title: string }
  | { kind: 'returned'; loanId: string; fineAmount: number; overdueDays: number; returnTo: string; title: string }
  | { kind: 'parcel_closed'; parcelId: string; missing: readonly string[]; extras: readonly string[] };

export type ReduceResult =
  | { ok: true; writes: RecordWrite[]; outcome: Outcome }
  | { ok: false; reason: ReasonCode; params: ReasonParams };

export const reject = (reason: ReasonCode, params: ReasonParams = {}): ReduceResult => ({ ok: false, reason, params });
export const accept = (writes: RecordWrite[], outcome: Outcome = { kind: 'recorded' }): ReduceResult => ({ ok: true, writes, outcome });

export function policyAt(reader: DomainReader, libraryId: string): PolicyFields {
  return effectivePolicy(libraryId, reader.policies());
}

export function todayAt(reader: DomainReader, event: DomainEvent, libraryId: string): LocalDate {
  return localDateOf(event.at, policyAt(reader, libraryId).utcOffsetMinutes);
}

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
