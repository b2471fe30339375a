// The ILS queue's model: the ops the desk hands over, their states and journal
// records, the queue's health and options.
import type { IlsReply, IlsTransport } from './transport';

/** 'fee': a fine paid at the desk, sent as Fee Paid (37); its itemId is the desk's fine id. */
export type IlsOpKind = 'checkout' | 'checkin' | 'fee';
/**
 * 'stuck': sent, the reply lost, and the ILS cannot tell whether it went
 * through (no Item Information, or a status that proves nothing): staff check
 * the library's system and mark it done or cancel it. 'cancelled': staff
 * decided it must not be sent (with their note).
 */
export type IlsOpState = 'queued' | 'sending' | 'done' | 'refused' | 'reported' | 'stuck' | 'cancelled';

/** What staff decided for a stuck op, kept for audit. */
export interface IlsResolution {
  readonly outcome: 'done' | 'cancelled';
  readonly note: string;
  readonly at: string;
}

export interface IlsOpInput {
  /** Idempotency key from the desk, e.g. `${eventId}:${barcode}:checkout`. */
  readonly key: string;
  readonly kind: IlsOpKind;
  readonly itemId: string;
  /** Required for checkouts: the ILS patron (for dispatches, the borrowing library's account). */
  readonly patronId?: string;
  /** ISO time the desk did it. */
  readonly at: string;
  readonly libraryId: string;
  readonly eventId: string;
  readonly context?: Readonly<Record<string, string>>;
  /** ISO due date the desk gave (checkouts); sent as nbDueDate when the checkout goes no-block. */
  readonly dueDate?: string;
  /** Fee ops: the amount paid, e.g. '30.00'. */
  readonly amount?: string;
  /** Fee ops: ISO 4217 currency; default TWD. */
  readonly currency?: string;
}

export interface IlsOpError {
  readonly code: string;
  readonly message: string;
}

export interface IlsOp {
  readonly key: string;
  readonly kind: IlsOpKind;
  readonly itemId: string;
  readonly patronId: string | null;
  readonly at: string;
  readonly libraryId: string;
  readonly eventId: string;
  readonly context: Readonly<Record<string, string>>;
  readonly dueDate: string | null;
  /** Fee ops only. */
  readonly amount?: string;
  readonly currency?: string;
  /** Staff's decision on a stuck op. */
  readonly resolution?: IlsResolution | null;
  /** Enqueue order (survives restarts and compaction). */
  readonly seq: number;
  readonly state: IlsOpState;
  /** Times the transaction itself was sent (Item Information not counted). */
  readonly attempts: number;
  /** An earlier send may have reached the ILS unanswered: reconcile before sending again. */
  readonly outcomeUnknown: boolean;
  /** Done because Item Information showed an earlier send went through. */
  readonly reconciled: boolean;
  /** The last send was no-block (see the file header). */
  readonly noBlock: boolean;
  /** The ILS's screen message (AF lines joined with " / "); '' when none. */
  readonly screenMessage: string;
  /** The ILS's last answer to this op. */
  readonly reply: IlsReply | null;
  /** Why it waits (unreachable, login refused) or why it was refused without an ILS answer. */
  readonly lastError: IlsOpError | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  readonly finishedAt: string | null;
}

/** What compaction keeps of an old finished op: its key, so the desk cannot queue it twice. */
export interface IlsArchivedKey {
  readonly key: string;
  readonly archived: true;
  readonly state: 'done' | 'reported';
  readonly seq: number;
}

export type JournalRecord = IlsOp | IlsArchivedKey;

export type IlsHealthState = 'disabled' | 'idle' | 'working' | 'unreachable' | 'error';

export interface IlsHealth {
  readonly state: IlsHealthState;
  /** When `state` last changed (ISO). */
  readonly since: string;
  readonly lastError: string | null;
  readonly lastErrorCode: string | null;
  /** Ops waiting or in flight. */
  readonly queued: number;
  /** Refused ops the desk has not acknowledged yet. */
  readonly refused: number;
  /** Ops waiting for staff (outcome unknown and not checkable). */
  readonly stuck: number;
  /** When the worker tries again after a failure (ISO), or null. */
  readonly nextRetryAt: string | null;
}

export type IlsEnqueueStatus = 'queued' | 'duplicate' | 'invalid';

export interface IlsEnqueueResult {
  readonly key: string;
  readonly status: IlsEnqueueStatus;
  /** The op (the existing one for a duplicate); null when invalid, or for a duplicate of an archived key. */
  readonly op: IlsOp | null;
  /** Why the input was invalid. */
  readonly error?: string;
}

export interface IlsListOptions {
  readonly states?: readonly IlsOpState[];
  readonly limit?: number;
  /** 'queue' (default): enqueue order; 'newest': most recent first. */
  readonly order?: 'queue' | 'newest';
}

export interface IlsTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IlsQueueOptions {
  /** Directory of the journal (created when missing). One queue per directory. */
  readonly dir: string;
  /** null (or absent): paused, health 'disabled'. */
  readonly transport?: IlsTransport | null;
  readonly now?: () => Date;
  readonly timers?: IlsTimers;
  /** Retry delays after a failure: initialMs doubling up to maxMs. Defaults 1 000 and 30 000. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Ops older than this when sent go no-block. Default 5 minutes. */
  readonly noBlockAfterMs?: number;
  /** Finished ops kept in full (the rest shrink to their key); default 500. */
  readonly keepFinished?: number;
  /** Where the queue reports failures that are not an op's business (journal errors, listener errors). */
  readonly onError?: (message: string, error: unknown) => void;
}
