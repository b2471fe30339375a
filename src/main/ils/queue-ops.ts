// An ILS op's states and the changes that move it between them.
//
// States: queued → sending → done | refused → (ack) reported; refused or
// reported → (retry) queued. A lost reply the ILS cannot settle: queued →
// stuck → (staff) done | cancelled, or (retry) queued. "sending" is journaled (fsync'd) before the
// request leaves, so after a crash every op is either "never sent" (queued),
// "answered" (done / refused) or "sent, outcome unknown" (sending).
//
// Each transition is a plain change set the queue journals with update(), so
// what an op may become is written in one place rather than spread over the
// worker.
import type { IlsOp, IlsOpError, IlsOpInput } from './queue-types';
import type { IlsReply } from './transport';

export type OpChanges = Partial<Omit<IlsOp, 'key' | 'seq' | 'createdAt'>>;

/** A freshly accepted op (its input already checked by ilsOpInputProblem). */
export function newOp(input: IlsOpInput, key: string, seq: number, at: string): IlsOp {
  return {
    key,
    kind: input.kind,
    itemId: input.itemId,
    patronId: input.patronId ?? null,
    at: input.at,
    libraryId: input.libraryId,
    eventId: input.eventId,
    context: { ...(input.context ?? {}) },
    dueDate: input.dueDate ?? null,
    ...(input.kind === 'fee' ? { amount: input.amount, currency: input.currency ?? 'TWD' } : {}),
    seq,
    state: 'queued',
    attempts: 0,
    outcomeUnknown: false,
    reconciled: false,
    noBlock: false,
    screenMessage: '',
    reply: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    sentAt: null,
    finishedAt: null,
  };
}

/** refused → reported: the desk recorded the refusal as an exception. */
export const ACKNOWLEDGED: OpChanges = { state: 'reported' };

/** refused | reported → queued, back at its original place in the order. */
export const RETRIED: OpChanges = { state: 'queued', screenMessage: '', lastError: null, finishedAt: null };

/** Found "sending" at open: the previous run may have sent it, so it is checked before it is sent again. */
export const RESTARTED: OpChanges = {
  state: 'queued',
  outcomeUnknown: true,
  lastError: { code: 'RESTARTED', message: 'the previous run ended before the ILS answered; checking the item before sending again' },
};

/** Nothing the ILS says can settle it: staff must check the library's system. */
export function stuck(lastError: IlsOpError): OpChanges {
  return { state: 'stuck', lastError };
}

/** Staff checked the library's system: it went through (done) or must not be sent (cancelled). */
export function resolvedByStaff(outcome: 'done' | 'cancelled', note: string, at: string): OpChanges {
  return { state: outcome, outcomeUnknown: false, resolution: { outcome, note, at }, lastError: null, finishedAt: at };
}

/** Item Information showed an earlier send went through. */
export function reconciledDone(finishedAt: string): OpChanges {
  return { state: 'done', outcomeUnknown: false, reconciled: true, lastError: null, finishedAt };
}

/** queued → sending, journaled before the request leaves. */
export function sendingNow(op: IlsOp, noBlock: boolean, sentAt: string): OpChanges {
  return { state: 'sending', attempts: op.attempts + 1, noBlock, sentAt };
}

/** sending → done (ok) | refused (the ILS answered ok=0, final for this op). */
export function answered(reply: IlsReply, finishedAt: string): OpChanges {
  const screenMessage = reply.screenMessage.join(' / ');
  return { state: reply.ok ? 'done' : 'refused', outcomeUnknown: false, reply, screenMessage, lastError: null, finishedAt };
}

/** It can never be sent: a refusal the desk must see, not a reason to block the queue. */
export function refusedAsInvalid(lastError: IlsOpError, finishedAt: string): OpChanges {
  return { state: 'refused', outcomeUnknown: false, lastError, screenMessage: '', finishedAt };
}

/** Back to queued after a failed send; mayHaveArrived marks it for reconciliation. */
export function requeued(op: IlsOp, sent: boolean, mayHaveArrived: boolean, lastError: IlsOpError): OpChanges {
  return {
    state: 'queued',
    // A send that surely did not leave does not count, and does not clear an earlier doubt.
    attempts: sent && !mayHaveArrived ? op.attempts - 1 : op.attempts,
    outcomeUnknown: op.outcomeUnknown || mayHaveArrived,
    lastError,
  };
}
