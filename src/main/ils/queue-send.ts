// Sending one op: reconcile first when an earlier send may have arrived,
// connect, journal "sending", send, and journal the answer; or, on failure,
// decide whether the op is refused, requeued, or kept at the head with the
// queue blocked behind it.
//
// Order and blocking: when the ILS cannot be reached (connect refused or timed
// out, connection lost, login refused) the head stays queued and nothing behind
// it is sent ('stop': the worker backs off). A refusal (the ILS answered ok=0)
// is final for that op and does not hold up the ones behind it ('next').
//
// Original times
//  - Checkin: returnDate = op.at (the moment the desk took the item back), so
//    fines stop when the patron returned it, not when the ILS heard of it.
//  - Checkout: SIP2's transaction date is when the message is sent (what the
//    client writes); the standard has no "loaned at" field. An op sent more than
//    noBlockAfterMs (default 5 min) after op.at happened while the ILS was
//    unreachable or the queue was behind: the patron has the item, so it goes
//    no-block (the ILS records it rather than judging it again) with
//    nbDueDate = op.dueDate when the desk gave one, so both systems show the
//    same due date. A fresh op is sent as a normal transaction, so the ILS's
//    own blocks surface as refusals while the patron may still be at the desk.
//  - Checkins follow the same staleness rule for no-block.
//
// Stuck ops: when the outcome of an earlier send is unknown and the ILS
// cannot settle it — it has no Item Information (BX), or it does not answer
// 17 twice in a row (silent, or closing the connection on it), or the status
// proves nothing — the op becomes 'stuck' for staff, and the worker goes on:
// health stays what the ILS really is, not 'unreachable'. Ops for the same
// item wait behind a stuck one (see queue.ts nextQueued), so an item's
// checkout and checkin never overtake each other.
import { answered, reconciledDone, refusedAsInvalid, requeued, sendingNow, stuck } from './queue-ops';
import type { OpChanges } from './queue-ops';
import { reconcile } from './queue-reconcile';
import type { Reconciliation } from './queue-reconcile';
import type { IlsOp, IlsOpError } from './queue-types';
import { IlsTransportError } from './transport';
import type { IlsReply, IlsTransport } from './transport';

export const DEFAULT_NO_BLOCK_AFTER_MS = 5 * 60_000;

/** Failures that waiting will not fix (health 'error' rather than 'unreachable'). */
const JUDGED_CODES: readonly string[] = ['PROTOCOL_ERROR', 'BAD_CHECKSUM_EXHAUSTED', 'TLS_CERTIFICATE', 'TLS_HANDSHAKE', 'INTERNAL'];

/** Failed Item Information requests (connected, no answer) before an op is handed to staff. */
export const MAX_RECONCILE_FAILURES = 2;

/** 'next': go on with the next op; 'stop': the head is blocked, back off. */
export type Step = 'next' | 'stop';

/** What sending needs from the queue (its journal, its clock, its health). */
export interface SendHost {
  readonly noBlockAfterMs: number;
  isClosed(): boolean;
  now(): Date;
  /** Journals the change and publishes it. */
  update(op: IlsOp, changes: OpChanges): Promise<IlsOp>;
  /** Keeps the op (a new failure reason) in memory only and publishes it. */
  remember(op: IlsOp): void;
  /** A failure on the transport of that generation: 'stop' with health set, or 'next' when the transport was replaced meanwhile. */
  failedOn(generation: number, lastError: IlsOpError, judged: boolean): Step;
  /** Counts a failed reconciliation of this op (in memory) and returns how many there were in a row. */
  reconcileFailed(key: string): number;
}

function isStale(host: SendHost, op: IlsOp): boolean {
  return host.now().getTime() - Date.parse(op.at) >= host.noBlockAfterMs;
}

export async function sendOp(host: SendHost, op: IlsOp, transport: IlsTransport, generation: number): Promise<Step> {
  if (op.outcomeUnknown) {
    let result: Reconciliation;
    try {
      result = await reconcile(op, transport);
    } catch (error) {
      if (host.isClosed()) return 'stop';
      if (error instanceof IlsTransportError && error.kind === 'unsupported') {
        await host.update(op, stuck({ code: 'NOT_SUPPORTED', message: error.message }));
        return 'next';
      }
      if (error instanceof IlsTransportError && error.kind === 'unknown' && host.reconcileFailed(op.key) >= MAX_RECONCILE_FAILURES) {
        await host.update(op, stuck({ code: 'NO_ITEM_INFORMATION', message: `the library's system did not answer Item Information (17): ${error.message}` }));
        return 'next';
      }
      return failOp(host, op, error, false, generation);
    }
    if (host.isClosed()) return 'stop';
    if (result.kind === 'through') {
      await host.update(op, reconciledDone(host.now().toISOString()));
      return 'next';
    }
    if (result.kind === 'undetermined') {
      await host.update(op, stuck({ code: 'UNDETERMINED', message: result.why }));
      return 'next';
    }
  }

  if (transport.connect !== undefined) {
    // Connecting first keeps "sending" meaning "the request may be out", and the journal quiet while the ILS is down.
    try {
      await transport.connect();
    } catch (error) {
      if (host.isClosed()) return 'stop';
      return failOp(host, op, error, false, generation);
    }
    if (host.isClosed()) return 'stop';
  }
  const noBlock = isStale(host, op);
  // On disk before the request leaves: this is what makes a crash recoverable.
  const sending = await host.update(op, sendingNow(op, noBlock, host.now().toISOString()));
  let reply: IlsReply;
  try {
    reply = await send(op, transport, noBlock);
  } catch (error) {
    // Closed meanwhile: behave like a crash, leave "sending" in the journal.
    if (host.isClosed()) return 'stop';
    if (error instanceof IlsTransportError && error.kind === 'unsupported') {
      // Nothing was sent, and nothing will be: the desk must see it, the queue must not wait on it.
      await host.update(sending, { ...refusedAsInvalid({ code: error.code, message: error.message }, host.now().toISOString()), attempts: op.attempts });
      return 'next';
    }
    return failOp(host, sending, error, true, generation);
  }
  if (host.isClosed()) return 'stop';
  await host.update(sending, answered(reply, host.now().toISOString()));
  return 'next';
}

function send(op: IlsOp, transport: IlsTransport, noBlock: boolean): Promise<IlsReply> {
  switch (op.kind) {
    case 'checkout':
      return transport.checkout({ patronId: op.patronId ?? '', itemId: op.itemId, noBlock, nbDueDate: op.dueDate === null ? null : new Date(op.dueDate) });
    case 'checkin':
      return transport.checkin({ itemId: op.itemId, returnDate: new Date(op.at), noBlock });
    case 'fee':
      if (transport.feePaid === undefined) return Promise.reject(new IlsTransportError('unsupported', 'NOT_SUPPORTED', 'this connection cannot send fee payments'));
      return transport.feePaid({ patronId: op.patronId ?? '', amount: op.amount ?? '', currency: op.currency ?? 'TWD', feeId: op.itemId, transactionId: op.key.slice(0, 64) });
  }
}

async function failOp(host: SendHost, op: IlsOp, error: unknown, sent: boolean, generation: number): Promise<Step> {
  const failure =
    error instanceof IlsTransportError ? error : new IlsTransportError('unknown', 'INTERNAL', error instanceof Error ? error.message : String(error));
  const lastError: IlsOpError = { code: failure.code, message: failure.message };
  if (failure.kind === 'invalid') {
    await host.update(op, refusedAsInvalid(lastError, host.now().toISOString()));
    return 'next';
  }
  const mayHaveArrived = sent && failure.kind === 'unknown';
  if (!sent && op.state === 'queued') {
    // Nothing durable changed (the op was never marked sending): keep the reason in memory only,
    // so retries every 30 s against an ILS that is down do not grow the journal.
    host.remember({ ...op, lastError, updatedAt: host.now().toISOString() });
  } else {
    await host.update(op, requeued(op, sent, mayHaveArrived, lastError));
  }
  const judged = failure.kind === 'auth' || JUDGED_CODES.includes(failure.code);
  return host.failedOn(generation, lastError, judged);
}
