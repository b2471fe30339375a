// Durable FIFO of ILS operations (checkouts and checkins the desk already
// did), replayed into the library's own system.
//
// Ops go out strictly in enqueue order, one at a time; kick() retries at once
// instead of waiting for the backoff. This file is the queue's public face and
// its worker loop; the rest lives beside it, named for what it does:
//   queue-ops.ts        op states and the changes that move them
//   queue-journal.ts    journal open, replay and compaction (keys kept forever)
//   queue-send.ts       sending one op, failures, no-block for stale ops
//   queue-reconcile.ts  lost replies: Item Information before sending again
//   queue-retry.ts      the backoff timer
import { compactAtOpen, compactWhileRunning, openIlsJournal, replay, shrinkFinished } from './queue-journal';
import type { JsonlJournal } from '#main/durable/jsonl-journal';
import { ilsOpInputProblem } from './op-records';
import { ACKNOWLEDGED, newOp, resolvedByStaff, RESTARTED, RETRIED } from './queue-ops';
import type { OpChanges } from './queue-ops';
import { defaultTimers, RetrySchedule } from './queue-retry';
import { DEFAULT_NO_BLOCK_AFTER_MS, sendOp } from './queue-send';
import type { SendHost } from './queue-send';
import type { IlsTransport } from './transport';
import type { IlsArchivedKey, IlsEnqueueResult, IlsHealth, IlsHealthState, IlsListOptions, IlsOp, IlsOpError, IlsOpInput, IlsQueueOptions, JournalRecord } from './queue-types';

export type { IlsEnqueueResult, IlsEnqueueStatus, IlsHealth, IlsHealthState, IlsListOptions, IlsOp, IlsOpError, IlsOpInput, IlsOpKind, IlsOpState, IlsQueueOptions, IlsTimers } from './queue-types';
export { ilsOpInputProblem } from './op-records';
export { ILS_JOURNAL_FILE } from './queue-journal';

export class IlsQueueClosedError extends Error {
  override readonly name = 'IlsQueueClosedError';
}

export class IlsQueue {
  private readonly ops = new Map<string, IlsOp>();
  private readonly archived = new Map<string, IlsArchivedKey>();
  private readonly changeListeners = new Set<(ops: readonly IlsOp[]) => void>();
  private readonly healthListeners = new Set<(health: IlsHealth) => void>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Failed reconciliations in a row, per op (memory only: a restart gives the ILS another chance). */
  private readonly reconcileFailures = new Map<string, number>();
  private transport: IlsTransport | null;
  /** Bumped when the transport is replaced: answers from the old one do not judge the new one's health. */
  private generation = 0;
  private seq = 0;
  private closed = false;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private notifyScheduled = false;
  private healthState: IlsHealthState;
  private healthSince: string;
  private lastError: IlsOpError | null = null;
  private lastHealthJson = '';
  private enqueueChain: Promise<unknown> = Promise.resolve();

  private readonly now: () => Date;
  private readonly backoff: RetrySchedule;
  private readonly keepFinished: number;
  /** What sending an op may touch here; a separate object so the queue's internals stay private. */
  private readonly host: SendHost;
  /** Unreadable journal lines found at open (a torn last line after a crash). */
  readonly skippedOnLoad: number;

  private constructor(
    private readonly journal: JsonlJournal<JournalRecord>,
    private readonly options: IlsQueueOptions,
    records: JournalRecord[],
    skipped: number,
  ) {
    this.now = options.now ?? (() => new Date());
    this.backoff = new RetrySchedule(options.timers ?? defaultTimers, this.now, options.backoff?.initialMs ?? 1_000, options.backoff?.maxMs ?? 30_000);
    this.keepFinished = options.keepFinished ?? 500;
    this.skippedOnLoad = skipped;
    this.transport = options.transport ?? null;
    this.seq = replay(records, this.ops, this.archived);
    this.healthState = this.transport === null ? 'disabled' : 'idle';
    this.healthSince = this.now().toISOString();
    this.host = {
      noBlockAfterMs: options.noBlockAfterMs ?? DEFAULT_NO_BLOCK_AFTER_MS,
      isClosed: () => this.closed,
      now: () => this.now(),
      update: (op, changes) => this.update(op, changes),
      remember: (op) => {
        this.ops.set(op.key, op);
        this.changed();
      },
      failedOn: (generation, lastError, judged) => {
        if (generation !== this.generation) return 'next';
        this.lastError = lastError;
        this.setHealth(judged ? 'error' : 'unreachable');
        return 'stop';
      },
      reconcileFailed: (key) => {
        const count = (this.reconcileFailures.get(key) ?? 0) + 1;
        this.reconcileFailures.set(key, count);
        return count;
      },
    };
  }

  static async open(options: IlsQueueOptions): Promise<IlsQueue> {
    const { journal, load } = await openIlsJournal(options.dir);
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
    return this.update(op, ACKNOWLEDGED);
  }

  /**
   * Refused, reported or stuck → queued at its original place in the order, and
   * the worker tries now (a stuck op is checked with Item Information again). A
   * queued op waiting for the backoff is tried now too.
   */
  async retry(key: string): Promise<IlsOp | null> {
    const op = this.ops.get(key);
    if (op === undefined) return null;
    if (op.state === 'queued') {
      this.kick();
      return op;
    }
    if (op.state !== 'refused' && op.state !== 'reported' && op.state !== 'stuck') return op;
    this.reconcileFailures.delete(key);
    const next = await this.update(op, RETRIED);
    this.kick();
    return next;
  }

  /**
   * Staff checked the library's system for an op whose outcome is unknown (or
   * that keeps failing): 'done' (it is there) or 'cancelled' (it must not be
   * sent), with their note. For stuck, queued or refused ops; an op in flight
   * is left alone. Ops for the same item waiting behind it go on.
   */
  async resolve(key: string, outcome: 'done' | 'cancelled', note: string): Promise<IlsOp | null> {
    const op = this.ops.get(key);
    if (op === undefined) return null;
    if (op.state !== 'stuck' && op.state !== 'queued' && op.state !== 'refused') return op;
    this.reconcileFailures.delete(key);
    const next = await this.update(op, resolvedByStaff(outcome, note, this.now().toISOString()));
    this.kick();
    return next;
  }

  /** Retry now instead of waiting for the backoff. */
  kick(): void {
    this.backoff.cancel();
    this.pump();
  }

  /** Swaps what ops are sent through; null pauses the queue (health 'disabled'). An op in flight on the old transport is reconciled later. */
  setTransport(transport: IlsTransport | null): void {
    this.transport = transport;
    this.generation++;
    this.backoff.reset();
    this.lastError = null;
    this.backoff.cancel();
    this.setHealth(transport === null ? 'disabled' : this.hasWork() ? 'working' : 'idle');
    this.pump();
  }

  health(): IlsHealth {
    let queued = 0;
    let refused = 0;
    let stuck = 0;
    for (const op of this.ops.values()) {
      if (op.state === 'queued' || op.state === 'sending') queued++;
      else if (op.state === 'refused') refused++;
      else if (op.state === 'stuck') stuck++;
    }
    return {
      state: this.healthState,
      since: this.healthSince,
      lastError: this.lastError?.message ?? null,
      lastErrorCode: this.lastError?.code ?? null,
      queued,
      refused,
      stuck,
      nextRetryAt: this.backoff.nextAt?.toISOString() ?? null,
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
    this.backoff.cancel();
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
    for (const op of this.list({ states: ['sending'] })) await this.update(op, RESTARTED);
    const finished = this.list({ states: ['done', 'reported'] }).length;
    if (compactAtOpen(this.journal.lineCount, this.ops.size + this.archived.size, finished, this.keepFinished)) await this.compact();
  }

  private async compact(): Promise<void> {
    const records = shrinkFinished(this.list({ states: ['done', 'reported'] }), this.keepFinished, this.ops, this.archived);
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
      const op = newOp(input, key, this.seq + fresh.length + 1, at);
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

  private async update(op: IlsOp, changes: OpChanges): Promise<IlsOp> {
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
    return this.transport !== null && !this.backoff.pending;
  }

  /** The oldest queued op whose item has no stuck op before it (an item's ops never overtake each other). */
  private nextQueued(): IlsOp | undefined {
    const stuckFrom = new Map<string, number>();
    for (const op of this.ops.values()) {
      if (op.state === 'stuck' && op.kind !== 'fee') stuckFrom.set(op.itemId, Math.min(op.seq, stuckFrom.get(op.itemId) ?? Infinity));
    }
    let best: IlsOp | undefined;
    for (const op of this.ops.values()) {
      if (op.state !== 'queued' || (best !== undefined && op.seq >= best.seq)) continue;
      if (op.kind !== 'fee' && (stuckFrom.get(op.itemId) ?? Infinity) < op.seq) continue;
      best = op;
    }
    return best;
  }

  private scheduleRetry(): void {
    this.backoff.cancel();
    if (this.closed) return;
    this.backoff.schedule(() => this.pump());
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
      const step = await sendOp(this.host, op, transport, generation);
      if (this.closed) return;
      if (step === 'stop') {
        if (generation === this.generation) this.scheduleRetry();
        continue;
      }
      if (generation === this.generation) {
        this.backoff.reset();
        this.lastError = null;
        this.setHealth('working');
      }
      if (compactWhileRunning(this.journal.lineCount, this.ops.size + this.archived.size)) await this.compact();
    }
  }

  /** After a failure the health stays unreachable/error until something succeeds. */
  private lastErrorIsCurrent(): boolean {
    return this.lastError !== null && (this.healthState === 'unreachable' || this.healthState === 'error');
  }
}
