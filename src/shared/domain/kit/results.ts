// What every reducer handler returns (the records it writes and what the desk
// shows, or a refusal with a reason code), and the handler map type that the
// one reducer (../reducer.ts) composes from the feature folders.
import type { LocalDate } from '../dates';
import type { DomainEvent, EventType } from '../events';
import type { ReasonCode, ReasonParams } from '../reasons';
import type { DomainReader, RecordWrite } from '../store';

export type Outcome =
  | { kind: 'recorded' }
  | { kind: 'hold_shelf'; holdId: string; patronId: string; shelfSpot: string; pickupBy: LocalDate; dueDate: LocalDate; title: string; parts: number; requestId: string }
  | { kind: 'home'; requestId: string; title: string; callNumber: string; location: string }
  | { kind: 'forward'; requestId: string; toLibraryId: string; title: string }
  /** `redirectedFrom`: the parcel the desk chose, no longer open when the scan was applied (another desk sealed it). */
  | { kind: 'packed'; parcelId: string; toLibraryId: string; itemKind: 'outbound' | 'return' | 'forward'; count: number; redirectedFrom?: string }
  | { kind: 'loan'; loanId: string; dueDate: LocalDate; loanCount: number; loanLimit: number; title: string }
  | { kind: 'returned'; loanId: string; fineAmount: number; overdueDays: number; returnTo: string; title: string }
  | { kind: 'parcel_closed'; parcelId: string; missing: readonly string[]; extras: readonly string[] };

export type ReduceResult =
  | { ok: true; writes: RecordWrite[]; outcome: Outcome }
  | { ok: false; reason: ReasonCode; params: ReasonParams };

export const reject = (reason: ReasonCode, params: ReasonParams = {}): ReduceResult => ({ ok: false, reason, params });
export const accept = (writes: RecordWrite[], outcome: Outcome = { kind: 'recorded' }): ReduceResult => ({ ok: true, writes, outcome });

export type Handler<T extends EventType> = (r: DomainReader, e: DomainEvent<T>) => ReduceResult;
/** One handler per event type of a feature: a missing one is a type error. */
export type HandlersOf<T extends EventType> = { [K in T]: Handler<K> };
