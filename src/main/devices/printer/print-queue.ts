// Persistent print queue: a slip handed to it is printed once, survives
// restarts, waits while the printer cannot print, and is never printed twice
// without saying so.
//
// States: queued → printing → printed | failed(reason); attempts counts sends.
//  - enqueue(key, slip): the key is the caller's idempotency key (the desk
//    sends the same key again when it retries) → one job.
//  - A job is written as "printing" (fsync'd) before any byte is sent, and as
//    "printed" as soon as the printer confirms it (see driver.ts for what
//    confirms a slip). So after a crash the journal says, for every job,
//    either "never sent" (queued), "confirmed" (printed) or "sent, outcome
//    unknown" (printing).
//  - Restart: queued jobs print normally; printed jobs are not printed again;
//    printing jobs are printed again marked "COPY / 補印". The choice: a
//    patron's hold slip or a parcel's routing label that silently never
//    printed costs a lost item or a lost parcel, while an extra slip that
//    says it is a copy costs a glance. The same rule applies while running
//    when the link drops mid-job.
//  - While the printer is not printable (paper out, cover open, offline,
//    disconnected) jobs stay queued; the queue resumes on the status change.
//  - After `maxAttempts` sends with unknown outcome a job fails; failed jobs
//    stay in the journal and retry() puts them back.
import { randomUUID } from 'node:crypto';
import { markCopy } from '#shared/slips/model';
import type { Slip } from '#shared/slips/model';
import type { PrintOutcome } from './driver';
import { JobJournal } from './job-journal';
import type { PrintJob } from './job-journal';
import type { PrinterStatus } from './status';

export type { PrintJob, PrintJobState } from './job-journal';

/** What the queue prints through (createPrinter() returns one). */
export interface PrintTarget {
  readonly status: PrinterStatus;
  onStatus(listener: (status: PrinterStatus) => void): () => void;
  printSlip(slip: Slip): Promise<{ readonly outcome: PrintOutcome; readonly warnings: readonly string[] }>;
}

export interface PrintQueueOptions {
  /** Directory for the journal (created when missing). One queue per directory. */
  readonly dir: string;
  readonly printer: PrintTarget;
  /** Sends with unknown outcome before a job fails; default 3. */
  readonly maxAttempts?: number;
  /** Finished (printed / failed) jobs kept after compaction, for idempotency and the history view; default 500. */
  readonly keepFinished?: number;
  readonly now?: () => Date;
}

export interface EnqueueResult {
  readonly job: PrintJob;
  /** The key was already known: nothing new was queued. */
  readonly duplicate: boolean;
}

export type JobListener = (job: PrintJob, previous: PrintJob | null) => void;

export class PrintQueue {
  private readonly jobsById = new Map<string, PrintJob>();
  private readonly idByKey = new Map<string, string>();
  private readonly listeners = new Set<JobListener>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly enqueuing = new Map<string, Promise<EnqueueResult>>();
  private seq = 0;
  private pumping = false;
  private pumpAgain = false;
  private closed = false;
  private readonly offStatus: () => void;
  private readonly maxAttempts: number;
  private readonly keepFinished: number;
  private readonly now: () => Date;
  /** Unreadable journal lines found at open (a torn last line after a crash). */
  readonly skippedOnLoad: number;

  private constructor(
    private readonly journal: JobJournal,
    private readonly printer: PrintTarget,
    options: PrintQueueOptions,
    jobs: PrintJob[],
    skipped: number,
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.keepFinished = options.keepFinished ?? 500;
    this.now = options.now ?? (() => new Date());
    this.skippedOnLoad = skipped;
    for (const j of jobs) {
      this.jobsById.set(j.id, j);
      this.idByKey.set(j.key, j.id);
      this.seq = Math.max(this.seq, j.seq);
    }
    this.offStatus = printer.onStatus((s) => {
      if (s.printable) this.pump();
    });
  }

  static async open(options: PrintQueueOptions): Promise<PrintQueue> {
    const { journal, load } = await JobJournal.open(options.dir);
    const queue = new PrintQueue(journal, options.printer, options, load.jobs, load.skipped);
    await queue.recover();
    queue.pump();
    return queue;
  }

  /** Jobs in enqueue order. */
  jobs(): PrintJob[] {
    return [...this.jobsById.values()].sort((a, b) => a.seq - b.seq);
  }

  get(id: string): PrintJob | undefined {
    return this.jobsById.get(id);
  }

  byKey(key: string): PrintJob | undefined {
    const id = this.idByKey.get(key);
    return id === undefined ? undefined : this.jobsById.get(id);
  }

  onJob(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(key: string, slip: Slip): Promise<EnqueueResult> {
    if (this.closed) return Promise.reject(new Error('print queue is closed'));
    const known = this.byKey(key);
    if (known) return Promise.resolve({ job: known, duplicate: true });
    // A retry arriving while the first request is still being written waits for it and gets the same job.
    const inFlight = this.enqueuing.get(key);
    if (inFlight) return inFlight.then((r) => ({ job: r.job, duplicate: true }));
    const run = this.enqueueNew(key, slip).finally(() => this.enqueuing.delete(key));
    this.enqueuing.set(key, run);
    return run;
  }

  private async enqueueNew(key: string, slip: Slip): Promise<EnqueueResult> {
    const at = this.now().toISOString();
    const job: PrintJob = {
      id: randomUUID(),
      key,
      slip,
      state: 'queued',
      attempts: 0,
      copy: false,
      reason: null,
      warnings: [],
      seq: ++this.seq,
      createdAt: at,
      updatedAt: at,
      printedAt: null,
    };
    await this.save(job);
    this.idByKey.set(key, job.id);
    this.pump();
    return { job, duplicate: false };
  }

  /** A failed job back into the queue; marked as a copy when it may have printed before. */
  async retry(id: string): Promise<PrintJob> {
    const job = this.jobsById.get(id);
    if (!job) throw new Error(`no print job ${id}`);
    if (job.state !== 'failed') return job;
    const next = await this.update(job, { state: 'queued', reason: null, copy: job.copy || job.attempts > 0 });
    this.pump();
    return next;
  }

  /** Withdraws a job that has not been sent yet. */
  async cancel(id: string): Promise<PrintJob> {
    const job = this.jobsById.get(id);
    if (!job) throw new Error(`no print job ${id}`);
    if (job.state !== 'queued') return job;
    return this.update(job, { state: 'failed', reason: 'cancelled' });
  }

  /** Resolves when nothing is queued or printing, or the printer cannot print what is queued. */
  idle(): Promise<void> {
    if (!this.pumping && (!this.hasWork() || !this.printer.status.printable || this.closed)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops printing and closes the journal; a job in flight stays "printing" in the journal (as after a crash). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offStatus();
    await this.journal.close();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  // ---- internals ----------------------------------------------------------

  private hasWork(): boolean {
    for (const j of this.jobsById.values()) if (j.state === 'queued' || j.state === 'printing') return true;
    return false;
  }

  private async recover(): Promise<void> {
    for (const job of this.jobs()) {
      if (job.state !== 'printing') continue;
      await this.update(job, { state: 'queued', copy: true, reason: 'the previous run ended before the printer confirmed this slip: printing it again as a copy' });
    }
    const finished = this.jobs().filter((j) => j.state === 'printed' || j.state === 'failed');
    if (this.journal.lineCount > 2 * this.jobsById.size + 200 || finished.length > this.keepFinished) await this.compact();
  }

  private async compact(): Promise<void> {
    const all = this.jobs();
    const finished = all.filter((j) => j.state === 'printed' || j.state === 'failed');
    const drop = new Set(finished.slice(0, Math.max(0, finished.length - this.keepFinished)).map((j) => j.id));
    for (const id of drop) {
      const j = this.jobsById.get(id)!;
      this.jobsById.delete(id);
      this.idByKey.delete(j.key);
    }
    await this.journal.compact(all.filter((j) => !drop.has(j.id)));
  }

  private async save(job: PrintJob, previous: PrintJob | null = null): Promise<void> {
    await this.journal.append(job);
    this.jobsById.set(job.id, job);
    for (const l of [...this.listeners]) {
      try {
        l(job, previous);
      } catch (error) {
        console.error('print job listener failed', error);
      }
    }
  }

  private async update(job: PrintJob, changes: Partial<Pick<PrintJob, 'state' | 'attempts' | 'copy' | 'reason' | 'warnings' | 'printedAt'>>): Promise<PrintJob> {
    const next: PrintJob = { ...job, ...changes, updatedAt: this.now().toISOString() };
    await this.save(next, job);
    return next;
  }

  private nextQueued(): PrintJob | undefined {
    let best: PrintJob | undefined;
    for (const j of this.jobsById.values()) if (j.state === 'queued' && (!best || j.seq < best.seq)) best = j;
    return best;
  }

  private pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.drain()
      .catch((error) => console.error('print queue stopped on a journal error', error))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain && !this.closed) {
          this.pumpAgain = false;
          this.pump();
          return;
        }
        for (const w of this.idleWaiters.splice(0)) w();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.pumpAgain = false;
      if (this.closed || !this.printer.status.printable) return;
      const job = this.nextQueued();
      if (!job) return;
      // On disk before the first byte leaves: this is what makes a crash recoverable.
      const sending = await this.update(job, { state: 'printing', attempts: job.attempts + 1, reason: null });
      let result: { outcome: PrintOutcome; warnings: readonly string[] };
      try {
        result = await this.printer.printSlip(sending.copy ? markCopy(sending.slip) : sending.slip);
      } catch (error) {
        result = { outcome: { kind: 'unknown', reason: error instanceof Error ? error.message : String(error) }, warnings: [] };
      }
      // Closed meanwhile: behave like a crash, leave "printing" in the journal.
      if (this.closed) return;
      const { outcome } = result;
      const warnings = [...result.warnings];
      if (outcome.kind === 'printed') {
        await this.update(sending, { state: 'printed', warnings, printedAt: this.now().toISOString() });
      } else if (outcome.kind === 'not_sent') {
        await this.update(sending, { state: 'queued', attempts: job.attempts, reason: outcome.reason, warnings });
        // Wait for the status change listener rather than spin.
        return;
      } else if (sending.attempts >= this.maxAttempts) {
        await this.update(sending, { state: 'failed', reason: `outcome unknown after ${sending.attempts} attempts: ${outcome.reason}`, warnings });
      } else {
        await this.update(sending, { state: 'queued', copy: true, reason: outcome.reason, warnings });
      }
      if (this.journal.lineCount > 4 * this.jobsById.size + 1000) await this.compact();
    }
  }
}
