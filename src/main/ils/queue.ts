// Durable FIFO of ILS operations (checkouts and checkins the desk already
// did), replayed into the library's own system.
//
// Ops go out strictly in enqueue order, one at a time; kick() retries at once
// instead of waiting for the backoff. This file is the queue's public face and
// its worker loop; the rest lives beside it, named for what it does:
//   queue-ops.ts        op states and the changes that move them
//   queue-journal.ts    journal open, replay and compaction (keys kept forever)
//   queue-recovery.ts   at open: ops left in flight go back to be reconciled
//   queue-enqueue.ts    admitting a batch (invalid inputs, duplicate keys)
//   queue-order.ts      listing, and which op goes next
//   queue-staff.ts      acknowledge, retry and resolve by staff
//   queue-health.ts     health as staff see it, and its listeners
//   queue-changes.ts    telling listeners that ops changed, once a tick
//   queue-send.ts       sending one op, failures, no-block for stale ops
//   queue-reconcile.ts  lost replies: Item Information before sending again
//   queue-retry.ts      the backoff timer
import { compactWhileRunning, openIlsJournal, replay, shrinkFinished } from './queue-journal';
import type { JsonlJournal } from '#main/durable/jsonl-journal';
import type { OpChanges } from './queue-ops';
import { defaultTimers, RetrySchedule } from './queue-retry';
import { DEFAULT_NO_BLOCK_AFTER_MS, sendOp } from './queue-send';
import type { SendHost } from './queue-send';
import { ChangeFeed } from './queue-changes';
import { admitBatch } from './queue-enqueue';
import { QueueHealth } from './queue-health';
import { listOps, nextQueuedOp } from './queue-order';
import { recoverAtOpen } from './queue-recovery';
import { acknowledge, resolveOp, retryOp } from './queue-staff';
import type { StaffHost } from './queue-staff';
import type { IlsTransport } from './transport';
import type { IlsArchivedKey, IlsEnqueueResult, IlsHealth, IlsListOptions, IlsOp, IlsOpInput, IlsQueueOptions, JournalRecord } from './queue-types';

export type { IlsEnqueueResult, IlsEnqueueStatus, IlsHealth, IlsHealthState, IlsListOptions, IlsOp, IlsOpError, IlsOpInput, IlsOpKind, IlsOpState, IlsQueueOptions, IlsTimers } from './queue-types';
export { ilsOpInputProblem } from './op-records';
export { ILS_JOURNAL_FILE } from './queue-journal';

export class IlsQueueClosedError extends Error {
  override readonly name = 'IlsQueueClosedError';
}

export class IlsQueue {
  private readonly ops = new Map<string, IlsOp>();
  private readonly archived = new Map<string, IlsArchivedKey>();
  private readonly healthListeners = new Set<(health: IlsHealth) => void>();  private readonly idleWaiters: (() => void)[] = [];
  /** Failed reconciliations in a row, per op (memory only: a restart gives the ILS another chance). */
  private readonly reconcileFailures = new Map<string, number>();
  private transport: IlsTransport | null;
  /** Bumped when the transport is replaced: answers from the old one do not judge the new one's health. */
  private generation = 0;
  private seq = 0;
  private closed = false;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private readonly healthBoard: QueueHealth;
  private readonly changeFeed: ChangeFeed;
  private enqueueChain: Promise<unknown> = Promise.resolve();

  private readonly now: () => Date;
  private readonly backoff: RetrySchedule;
  private readonly keepFinished: number;
  /** What sending an op may touch here; a separate object so the queue's internals stay private. */
  private readonly host: SendHost;
  /** What staff actions may touch here. */
  private readonly staff: StaffHost;
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
    this.changeFeed = new ChangeFeed(() => this.list(), (message, error) => this.report(message, error));
    this.healthBoard = new QueueHealth(this.transport === null ? 'disabled' : 'idle', {
      now: () => this.now(),
      ops: () => this.ops.values(),
      nextRetryAt: () => this.backoff.nextAt,
      report: (message, error) => this.report(message, error),
    });
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
        this.healthBoard.lastError = lastError;
        this.healthBoard.set(judged ? 'error' : 'unreachable');
        return 'stop';
      },
      reconcileFailed: (key) => {
        const count = (this.reconcileFailures.get(key) ?? 0) + 1;
        this.reconcileFailures.set(key, count);
        return count;
      },
    };
    this.staff = {
      get: (key) => this.ops.get(key),
      update: (op, changes) => this.update(op, changes),
      forgetFailures: (key) => this.reconcileFailures.delete(key),
      kick: () => this.kick(),
      now: () => this.now(),
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
    return listOps(this.ops.values(), options);
  }

  get(key: string): IlsOp | undefined {
    return this.ops.get(key);
  }

  /** True when the key was ever queued (including ops compacted to their key). */
  knows(key: string): boolean {
    return this.ops.has(key) || this.archived.has(key);
  }

  /** The desk recorded a refusal as an exception: refused → reported (see acknowledge). */
  ack(key: string): Promise<IlsOp | null> {
    return acknowledge(this.staff, key);
  }

  /** Refused, reported or stuck → queued at its original place; a queued op is tried now (see retryOp). */
  retry(key: string): Promise<IlsOp | null> {
    return retryOp(this.staff, key);
  }

  /** Staff checked the library's system: 'done' (it is there) or 'cancelled' (it must not be sent), with their note (see resolveOp). */
  resolve(key: string, outcome: 'done' | 'cancelled', note: string): Promise<IlsOp | null> {
    return resolveOp(this.staff, key, outcome, note);
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
    this.healthBoard.lastError = null;
    this.backoff.cancel();
    this.healthBoard.set(transport === null ? 'disabled' : this.hasWork() ? 'working' : 'idle');
    this.pump();
  }

  health(): IlsHealth {
    return this.healthBoard.snapshot();
  }

  /** Called (batched per tick) with every op after any change. */
  onChange(listener: (ops: readonly IlsOp[]) => void): () => void {
    return this.changeFeed.onChange(listener);
  }

  /** Called when health() changes. */
  onHealth(listener: (health: IlsHealth) => void): () => void {
    return this.healthBoard.onHealth(listener);
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

  private recover(): Promise<void> {
    return recoverAtOpen({
      list: (options) => this.list(options),
      update: (op, changes) => this.update(op, changes),
      journalLines: () => this.journal.lineCount,
      keys: () => this.ops.size + this.archived.size,
      keepFinished: this.keepFinished,
      compact: () => this.compact(),
    });
  }

  private async compact(): Promise<void> {
    const records = shrinkFinished(this.list({ states: ['done', 'reported'] }), this.keepFinished, this.ops, this.archived);
    await this.journal.compact(records);
  }

  private async enqueueNow(inputs: readonly IlsOpInput[]): Promise<IlsEnqueueResult[]> {
    if (this.closed) throw new IlsQueueClosedError('ILS queue is closed');
    const { results, fresh } = admitBatch(inputs, this.ops, this.archived, this.seq, this.now().toISOString());
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
    this.healthBoard.publish();
    this.changeFeed.schedule();
  }

  private hasWork(): boolean {
    return this.nextQueued() !== undefined;
  }

  private canSend(): boolean {
    return this.transport !== null && !this.backoff.pending;
  }

  private nextQueued(): IlsOp | undefined {
    return nextQueuedOp(this.ops);
  }

  private scheduleRetry(): void {
    this.backoff.cancel();
    if (this.closed) return;
    this.backoff.schedule(() => this.pump());
    this.healthBoard.publish();
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
        this.healthBoard.lastError = { code: 'JOURNAL', message: error instanceof Error ? error.message : String(error) };
        this.healthBoard.set('error');
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
        if (transport !== null) this.healthBoard.set(this.healthBoard.lastErrorIsCurrent() ? this.healthBoard.state : 'idle');
        return;
      }
      if (this.healthBoard.state !== 'unreachable' && this.healthBoard.state !== 'error') this.healthBoard.set('working');
      const generation = this.generation;
      const step = await sendOp(this.host, op, transport, generation);
      if (this.closed) return;
      if (step === 'stop') {
        if (generation === this.generation) this.scheduleRetry();
        continue;
      }
      if (generation === this.generation) {
        this.backoff.reset();
        this.healthBoard.lastError = null;
        this.healthBoard.set('working');
      }
      if (compactWhileRunning(this.journal.lineCount, this.ops.size + this.archived.size)) await this.compact();
    }
  }
}
