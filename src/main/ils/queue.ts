// Durable FIFO of ILS operations (checkouts and checkins the desk already
// did), replayed into the library's own system.
//
// States: queued → sending → done | refused → (ack) reported; refused or
// reported → (retry) queued. "sending" is journaled (fsync'd) before the
// request leaves, so after a crash every op is either "never sent" (queued),
// "answered" (done / refused) or "sent, outcome unknown" (sending).
//
// Order and blocking
//  - Ops go out strictly in enqueue order, one at a time. When the ILS cannot
//    be reached (connect refused or timed out, connection lost, login
//    refused) the head stays queued and nothing behind it is sent; the worker
//    retries with exponential backoff (capped, 30 s by default). kick() retries
//    at once. A refusal (the ILS answered ok=0) is final for that op and does
//    not hold up the ones behind it.
//  - The same key twice is one op, forever: finished ops are shrunk to their
//    key by compaction, never forgotten.
//
// Lost replies and crashes: reconcile, never resend blindly
//  - An op whose request may have reached the ILS without an answer coming
//    back (reply timeout, connection lost, unreadable reply, or found in
//    "sending" at start-up) is marked outcomeUnknown and stays at the head.
//    Before sending it again the queue asks Item Information (17):
//      checkout: the item is charged (04/05/07) → it went through: done,
//        reconciled. When the ILS lists the patron's charged items (63) and the
//        item is not among them, it is on someone else's account: sent again
//        (the ILS then refuses or, for a no-block checkout, moves the loan).
//      checkin: the item is not charged → done, reconciled; still charged →
//        sent again.
//    Known gap: if the item was checked out again elsewhere between a lost
//    checkin reply and the reconciliation, the checkin is sent again and ends
//    that new loan. Reconciliation runs as soon as the ILS answers again, which
//    keeps that window short; the op records reconciled/attempts for audit.
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
import { backoffDelay } from '#shared/backoff';
import { JsonlJournal } from '../durable/jsonl-journal';
import { IlsTransportError } from './transport';
import type { IlsReply, IlsTransport } from './transport';
import { ilsOpInputProblem, isArchived, isJournalRecord } from './op-records';
import type { IlsArchivedKey, IlsEnqueueResult, IlsHealth, IlsHealthState, IlsListOptions, IlsOp, IlsOpError, IlsOpInput, IlsQueueOptions, IlsTimers, JournalRecord } from './queue-types';

export type { IlsEnqueueResult, IlsEnqueueStatus, IlsHealth, IlsHealthState, IlsListOptions, IlsOp, IlsOpError, IlsOpInput, IlsOpKind, IlsOpState, IlsQueueOptions, IlsTimers } from './queue-types';
export { ilsOpInputProblem } from './op-records';

export const ILS_JOURNAL_FILE = 'ils-ops.jsonl';

const DEFAULT_NO_BLOCK_AFTER_MS = 5 * 60_000;
/** Failures that waiting will not fix (health 'error' rather than 'unreachable'). */
const JUDGED_CODES: readonly string[] = ['PROTOCOL_ERROR', 'BAD_CHECKSUM_EXHAUSTED', 'TLS_CERTIFICATE', 'TLS_HANDSHAKE', 'INTERNAL'];

export class IlsQueueClosedError extends Error {
  override readonly name = 'IlsQueueClosedError';
}

// ---------------------------------------------------------------- the queue

const defaultTimers: IlsTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry must not keep the process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Step = 'next' | 'stop';

export class IlsQueue {
  private readonly ops = new Map<string, IlsOp>();
  private readonly archived = new Map<string, IlsArchivedKey>();
  private readonly changeListeners = new Set<(ops: readonly IlsOp[]) => void>();
  private readonly healthListeners = new Set<(health: IlsHealth) => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private transport: IlsTransport | null;
  /** Bumped when the transport is replaced: answers from the old one do not judge the new one's health. */
  private generation = 0;
  private seq = 0;
  private closed = false;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private retryTimer: unknown = null;
  private retryAt: Date | null = null;
  private failures = 0;
  private notifyScheduled = false;
  private healthState: IlsHealthState;
  private healthSince: string;
  private lastError: IlsOpError | null = null;
  private lastHealthJson = '';
  private enqueueChain: Promise<unknown> = Promise.resolve();

  private readonly now: () => Date;
  private readonly timers: IlsTimers;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly noBlockAfterMs: number;
  private readonly keepFinished: number;
  /** Unreadable journal lines found at open (a torn last line after a crash). */
  readonly skippedOnLoad: number;

  private constructor(
    private readonly journal: JsonlJournal<JournalRecord>,
    private readonly options: IlsQueueOptions,
    records: JournalRecord[],
    skipped: number,
  ) {
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? defaultTimers;
    this.initialBackoffMs = options.backoff?.initialMs ?? 1_000;
    this.maxBackoffMs = options.backoff?.maxMs ?? 30_000;
    this.noBlockAfterMs = options.noBlockAfterMs ?? DEFAULT_NO_BLOCK_AFTER_MS;
    this.keepFinished = options.keepFinished ?? 500;
    this.skippedOnLoad = skipped;
    this.transport = options.transport ?? null;
    for (const record of records) {
      if (isArchived(record)) this.archived.set(record.key, record);
      else this.ops.set(record.key, record);
      this.seq = Math.max(this.seq, record.seq);
    }
    this.healthState = this.transport === null ? 'disabled' : 'idle';
    this.healthSince = this.now().toISOString();
  }

  static async open(options: IlsQueueOptions): Promise<IlsQueue> {
    const { journal, load } = await JsonlJournal.open<JournalRecord>({
      dir: options.dir,
      file: ILS_JOURNAL_FILE,
      validate: isJournalRecord,
      idOf: (record) => record.key,
      name: 'ILS journal',
    });
    const queue = new IlsQueue(journal, options, load.records, load.skipped);
    await queue.recover();
    queue.pump();
    return queue;
  }

  // ------------------------------------------------------------ public API

  /** Queues new ops (in the given order, after everything already queued); known keys are duplicates. */
  enqueue(inputs: readonly IlsOpInput[]): Promise<IlsEnqueueResult[]> {
    if (this.closed) return Promise.reject(new IlsQueueClosedError('ILS queue is closed'));
    // Serialised so two batches cannot both take a key, and seq follows call order.
    const run = this.enqueueChain.then(() => this.enqueueNow(inputs));
    this.enqueueChain = run.catch(() => undefined);
    return run;
  }

  /** Ops (archived keys excluded). */
  list(options: IlsListOptions = {}): IlsOp[] {
    let ops = [...this.ops.values()].sort((a, b) => a.seq - b.seq);
    if (options.states !== undefined) {
      const wanted = new Set(options.states);
      ops = ops.filter((op) => wanted.has(op.state));
    }
    if (options.order === 'newest') ops.reverse();
    if (options.limit !== undefined) ops = ops.slice(0, Math.max(0, options.limit));
    return ops;
  }

  get(key: string): IlsOp | undefined {
    return this.ops.get(key);
  }

  /** True when the key was ever queued (including ops compacted to their key). */
  knows(key: string): boolean {
    return this.ops.has(key) || this.archived.has(key);
  }

  /** The desk recorded a refusal as an exception: refused → reported (kept for dedupe). Other states are returned unchanged; null for an unknown key. */
  async ack(key: string): Promise<IlsOp | null> {
    const op = this.ops.get(key);
    if (op === undefined) return null;
    if (op.state !== 'refused') return op;
    return this.update(op, { state: 'reported' });
  }

  /** Refused (or reported) → queued at its original place in the order, and the worker tries now. */
  async retry(key: string): Promise<IlsOp | null> {
    const op = this.ops.get(key);
    if (op === undefined) return null;
    if (op.state !== 'refused' && op.state !== 'reported') return op;
    const next = await this.update(op, { state: 'queued', screenMessage: '', lastError: null, finishedAt: null });
    this.kick();
    return next;
  }

  /** Retry now instead of waiting for the backoff. */
  kick(): void {
    this.cancelRetry();
    this.pump();
  }

  /** Swaps what ops are sent through; null pauses the queue (health 'disabled'). An op in flight on the old transport is reconciled later. */
  setTransport(transport: IlsTransport | null): void {
    this.transport = transport;
    this.generation++;
    this.failures = 0;
    this.lastError = null;
    this.cancelRetry();
    this.setHealth(transport === null ? 'disabled' : this.hasWork() ? 'working' : 'idle');
    this.pump();
  }

  health(): IlsHealth {
    let queued = 0;
    let refused = 0;
    for (const op of this.ops.values()) {
      if (op.state === 'queued' || op.state === 'sending') queued++;
      else if (op.state === 'refused') refused++;
    }
    return {
      state: this.healthState,
      since: this.healthSince,
      lastError: this.lastError?.message ?? null,
      lastErrorCode: this.lastError?.code ?? null,
      queued,
      refused,
      nextRetryAt: this.retryAt?.toISOString() ?? null,
    };
  }

  /** Called (batched per tick) with every op after any change. */
  onChange(listener: (ops: readonly IlsOp[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called when health() changes. */
  onHealth(listener: (health: IlsHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Resolves when the worker has stopped: nothing to send, waiting for a retry, paused, or closed. */
  idle(): Promise<void> {
    if (this.draining === null && (this.closed || !this.canSend() || this.nextQueued() === undefined)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops the worker and closes the journal. An op in flight stays "sending" in
   * the journal (as after a crash) and is reconciled by the next open. Close the
   * transport's connection too so an in-flight request ends promptly.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelRetry();
    await this.draining?.catch(() => undefined);
    await this.enqueueChain;
    await this.journal.close();
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  // ------------------------------------------------------------ internals

  private report(message: string, error: unknown): void {
    try {
      this.options.onError?.(message, error);
    } catch {
      // Reporting must not break the queue.
    }
  }

  private async recover(): Promise<void> {
    for (const op of this.list({ states: ['sending'] })) {
      await this.update(op, {
        state: 'queued',
        outcomeUnknown: true,
        lastError: { code: 'RESTARTED', message: 'the previous run ended before the ILS answered; checking the item before sending again' },
      });
    }
    const finished = this.list({ states: ['done', 'reported'] }).length;
    if (this.journal.lineCount > 2 * (this.ops.size + this.archived.size) + 200 || finished > this.keepFinished) await this.compact();
  }

  private async compact(): Promise<void> {
    const finished = this.list({ states: ['done', 'reported'] });
    const shrink = finished.slice(0, Math.max(0, finished.length - this.keepFinished));
    for (const op of shrink) {
      this.ops.delete(op.key);
      this.archived.set(op.key, { key: op.key, archived: true, state: op.state === 'reported' ? 'reported' : 'done', seq: op.seq });
    }
    const records: JournalRecord[] = [...this.archived.values(), ...this.ops.values()].sort((a, b) => a.seq - b.seq);
    await this.journal.compact(records);
  }

  private async enqueueNow(inputs: readonly IlsOpInput[]): Promise<IlsEnqueueResult[]> {
    if (this.closed) throw new IlsQueueClosedError('ILS queue is closed');
    const results: IlsEnqueueResult[] = [];
    const fresh: IlsOp[] = [];
    const inBatch = new Map<string, IlsOp>();
    const at = this.now().toISOString();
    for (const input of inputs) {
      const problem = ilsOpInputProblem(input);
      const key = typeof (input as { key?: unknown } | null)?.key === 'string' ? input.key : '';
      if (problem !== null) {
        results.push({ key, status: 'invalid', op: null, error: problem });
        continue;
      }
      const known = this.ops.get(key) ?? inBatch.get(key);
      if (known !== undefined || this.archived.has(key)) {
        results.push({ key, status: 'duplicate', op: known ?? null });
        continue;
      }
      const op: IlsOp = {
        key,
        kind: input.kind,
        itemId: input.itemId,
        patronId: input.patronId ?? null,
        at: input.at,
        libraryId: input.libraryId,
        eventId: input.eventId,
        context: { ...(input.context ?? {}) },
        dueDate: input.dueDate ?? null,
        seq: this.seq + fresh.length + 1,
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
      fresh.push(op);
      inBatch.set(key, op);
      results.push({ key, status: 'queued', op });
    }
    if (fresh.length > 0) {
      // One write and one fsync for the batch: the desk may hand over a whole RFID stack at once.
      await this.journal.appendMany(fresh);
      this.seq += fresh.length;
      for (const op of fresh) this.ops.set(op.key, op);
      this.changed();
      this.pump();
    }
    return results;
  }

  private async update(op: IlsOp, changes: Partial<Omit<IlsOp, 'key' | 'seq' | 'createdAt'>>): Promise<IlsOp> {
    const next: IlsOp = { ...op, ...changes, updatedAt: this.now().toISOString() };
    await this.journal.append(next);
    this.ops.set(next.key, next);
    this.changed();
    return next;
  }

  private changed(): void {
    this.publishHealth();
    if (this.notifyScheduled || this.changeListeners.size === 0) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      const ops = this.list();
      for (const listener of [...this.changeListeners]) {
        try {
          listener(ops);
        } catch (error) {
          this.report('ILS change listener failed', error);
        }
      }
    });
  }

  private setHealth(state: IlsHealthState): void {
    if (state !== this.healthState) {
      this.healthState = state;
      this.healthSince = this.now().toISOString();
    }
    this.publishHealth();
  }

  private publishHealth(): void {
    const health = this.health();
    const json = JSON.stringify({ ...health, since: undefined, nextRetryAt: undefined });
    if (json === this.lastHealthJson) return;
    this.lastHealthJson = json;
    for (const listener of [...this.healthListeners]) {
      try {
        listener(health);
      } catch (error) {
        this.report('ILS health listener failed', error);
      }
    }
  }

  private hasWork(): boolean {
    return this.nextQueued() !== undefined;
  }

  private canSend(): boolean {
    return this.transport !== null && this.retryTimer === null;
  }

  private nextQueued(): IlsOp | undefined {
    let best: IlsOp | undefined;
    for (const op of this.ops.values()) if (op.state === 'queued' && (best === undefined || op.seq < best.seq)) best = op;
    return best;
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    if (this.closed) return;
    this.failures++;
    const delay = backoffDelay(this.failures - 1, { initialMs: this.initialBackoffMs, maxMs: this.maxBackoffMs });
    this.retryAt = new Date(this.now().getTime() + delay);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this.pump();
    }, delay);
    this.publishHealth();
  }

  private pump(): void {
    if (this.closed) return;
    if (this.draining !== null) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => {
        // Only the journal can fail here (disk full, closed): stop and say so; a kick() or the next enqueue tries again.
        this.lastError = { code: 'JOURNAL', message: error instanceof Error ? error.message : String(error) };
        this.setHealth('error');
        this.report('ILS queue stopped on a journal error', error);
      })
      .finally(() => {
        this.draining = null;
        if (this.drainAgain && !this.closed) {
          this.drainAgain = false;
          this.pump();
          return;
        }
        for (const waiter of this.idleWaiters.splice(0)) waiter();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.drainAgain = false;
      if (this.closed || !this.canSend()) return;
      const transport = this.transport;
      const op = this.nextQueued();
      if (transport === null || op === undefined) {
        if (transport !== null) this.setHealth(this.lastErrorIsCurrent() ? this.healthState : 'idle');
        return;
      }
      if (this.healthState !== 'unreachable' && this.healthState !== 'error') this.setHealth('working');
      const generation = this.generation;
      const step = await this.process(op, transport, generation);
      if (this.closed) return;
      if (step === 'stop') {
        if (generation === this.generation) this.scheduleRetry();
        continue;
      }
      if (generation === this.generation) {
        this.failures = 0;
        this.lastError = null;
        this.setHealth('working');
      }
      if (this.journal.lineCount > 4 * (this.ops.size + this.archived.size) + 1000) await this.compact();
    }
  }

  /** After a failure the health stays unreachable/error until something succeeds. */
  private lastErrorIsCurrent(): boolean {
    return this.lastError !== null && (this.healthState === 'unreachable' || this.healthState === 'error');
  }

  private isStale(op: IlsOp): boolean {
    return this.now().getTime() - Date.parse(op.at) >= this.noBlockAfterMs;
  }

  private async process(op: IlsOp, transport: IlsTransport, generation: number): Promise<Step> {
    if (op.outcomeUnknown) {
      let wentThrough: boolean;
      try {
        wentThrough = await this.reconcile(op, transport);
      } catch (error) {
        if (this.closed) return 'stop';
        return this.failed(op, error, false, generation);
      }
      if (this.closed) return 'stop';
      if (wentThrough) {
        await this.update(op, {
          state: 'done',
          outcomeUnknown: false,
          reconciled: true,
          lastError: null,
          finishedAt: this.now().toISOString(),
        });
        return 'next';
      }
    }

    if (transport.connect !== undefined) {
      // Connecting first keeps "sending" meaning "the request may be out", and the journal quiet while the ILS is down.
      try {
        await transport.connect();
      } catch (error) {
        if (this.closed) return 'stop';
        return this.failed(op, error, false, generation);
      }
      if (this.closed) return 'stop';
    }
    const noBlock = this.isStale(op);
    // On disk before the request leaves: this is what makes a crash recoverable.
    const sending = await this.update(op, {
      state: 'sending',
      attempts: op.attempts + 1,
      noBlock,
      sentAt: this.now().toISOString(),
    });
    let reply: IlsReply;
    try {
      reply =
        op.kind === 'checkout'
          ? await transport.checkout({
              patronId: op.patronId ?? '',
              itemId: op.itemId,
              noBlock,
              nbDueDate: op.dueDate === null ? null : new Date(op.dueDate),
            })
          : await transport.checkin({ itemId: op.itemId, returnDate: new Date(op.at), noBlock });
    } catch (error) {
      // Closed meanwhile: behave like a crash, leave "sending" in the journal.
      if (this.closed) return 'stop';
      return this.failed(sending, error, true, generation);
    }
    if (this.closed) return 'stop';
    const finishedAt = this.now().toISOString();
    const screenMessage = reply.screenMessage.join(' / ');
    if (reply.ok) {
      await this.update(sending, { state: 'done', outcomeUnknown: false, reply, screenMessage, lastError: null, finishedAt });
    } else {
      await this.update(sending, { state: 'refused', outcomeUnknown: false, reply, screenMessage, lastError: null, finishedAt });
    }
    return 'next';
  }

  /** True when Item Information shows an earlier send of this op went through. */
  private async reconcile(op: IlsOp, transport: IlsTransport): Promise<boolean> {
    const status = await transport.itemStatus(op.itemId);
    if (op.kind === 'checkin') return !status.charged;
    if (!status.charged) return false;
    if (op.patronId === null || transport.chargedItems === undefined) return true;
    const charged = await transport.chargedItems(op.patronId);
    return charged === null || charged.includes(op.itemId);
  }

  private async failed(op: IlsOp, error: unknown, sent: boolean, generation: number): Promise<Step> {
    const failure =
      error instanceof IlsTransportError ? error : new IlsTransportError('unknown', 'INTERNAL', error instanceof Error ? error.message : String(error));
    const lastError: IlsOpError = { code: failure.code, message: failure.message };
    if (failure.kind === 'invalid') {
      // It can never be sent: a refusal the desk must see, not a reason to block the queue.
      await this.update(op, { state: 'refused', outcomeUnknown: false, lastError, screenMessage: '', finishedAt: this.now().toISOString() });
      return 'next';
    }
    const mayHaveArrived = sent && failure.kind === 'unknown';
    if (!sent && op.state === 'queued') {
      // Nothing durable changed (the op was never marked sending): keep the reason in memory only,
      // so retries every 30 s against an ILS that is down do not grow the journal.
      this.ops.set(op.key, { ...op, lastError, updatedAt: this.now().toISOString() });
      this.changed();
    } else {
      await this.update(op, {
        state: 'queued',
        // A send that surely did not leave does not count, and does not clear an earlier doubt.
        attempts: sent && !mayHaveArrived ? op.attempts - 1 : op.attempts,
        outcomeUnknown: op.outcomeUnknown || mayHaveArrived,
        lastError,
      });
    }
    if (generation !== this.generation) return 'next';
    this.lastError = lastError;
    const judged = failure.kind === 'auth' || JUDGED_CODES.includes(failure.code);
    this.setHealth(judged ? 'error' : 'unreachable');
    return 'stop';
  }
}
