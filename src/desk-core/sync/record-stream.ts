// The desk's one record stream: every record the device may read, pulled
// page by page from one checkpoint and then kept current by the live stream.
// Records are read-only on the desk, so this does not need RxDB's replication
// protocol (whose conflict handling is for pushes).
//
// Storage is a log of pages: each page pulled or change received is ONE row
// of the `record_pages` collection (its records in order), not one row per
// record. IndexedDB pays per row: a first replication of 50,000 records was
// 50,000 row writes (~130 µs each in Chromium through RxDB's Dexie storage),
// and is now 50. Reading replays the rows in key order, a later copy of a
// record replacing an earlier one. When the log grows past COMPACT_AT rows it
// is folded into a few rows holding only the current copies: written under
// new, later keys first and the old rows removed after, so a crash between
// the two leaves old rows before the folded ones and the replay still ends in
// the current state.
//
// Order is the whole correctness argument: tasks run one at a time in the
// order they arrive. The service sends 'resync' first on every connection and
// whenever it may have missed a range, so a pull from the checkpoint always
// runs before any later change moves the checkpoint on.
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { Checkpoint } from '#shared/sync/protocol';
import type { RecordDoc, StreamEmission } from './http-replication';

export type RecordPage = { documents: RecordDoc[]; checkpoint: Checkpoint };

/** One row of the `record_pages` collection: records in the order they were received. */
export interface RecordPageRow {
  /** Zero-padded write counter: key order is write order. */
  key: string;
  rows: RecordDoc[];
  /** A row written by compaction: the current copies, already shown by the desk. */
  compacted: boolean;
}

/** Rows of the log before it is folded, and records per folded row (an IndexedDB value stays a few MiB at most). */
export const COMPACT_AT = 200;
export const FOLDED_ROW_RECORDS = 5000;
const KEY_WIDTH = 12;
export const pageKey = (n: number): string => String(n).padStart(KEY_WIDTH, '0');

/** The records the log holds now, in write order replayed: the last copy of each key, deletions dropped. */
export function replayPages(pages: Iterable<Pick<RecordPageRow, 'rows'>>): Map<string, RecordDoc> {
  const current = new Map<string, RecordDoc>();
  for (const p of pages) {
    for (const r of p.rows) {
      if (r._deleted) current.delete(r.key);
      else current.set(r.key, r);
    }
  }
  return current;
}

/** The current copy of every record a page log holds (tests, tools; the desk replays into its view). */
export async function readCurrent(pages: RxCollection<RecordPageRow>): Promise<Map<string, RecordDoc>> {
  const rows = await pages.find({ selector: {}, sort: [{ key: 'asc' }] }).exec();
  return replayPages(rows.map((p) => p.toJSON() as unknown as RecordPageRow));
}

export interface RecordStreamOptions {
  records: RxCollection<RecordPageRow>;
  pull: (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<RecordPage>;
  stream$: Observable<StreamEmission<RecordDoc>>;
  /** Local document holding the checkpoint (carries the schema version and service, like a replication identifier). */
  checkpointId: string;
  batchSize: number;
  retryTimeMs: number;
}

type Task = 'RESYNC' | { documents: RecordDoc[]; checkpoint: Checkpoint };

export class RecordStream {
  /** True while a pull or a change is being written. */
  readonly active$ = new BehaviorSubject<boolean>(false);
  /** Emits each page or change written, with its documents. */
  readonly received$ = new Subject<RecordDoc[]>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private checkpoint: Checkpoint | undefined;
  private loaded = false;
  private stopped = false;
  private subscription: Subscription | null = null;
  private initialDone = false;
  private resolveInitial: () => void = () => undefined;
  private readonly initial = new Promise<void>((r) => (this.resolveInitial = r));
  private resyncQueued = false;
  private holdCheckpoint = false;
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;
  /** The next page key and the rows in the log, read once from storage. */
  private nextKey = 0;
  private pageCount = 0;
  private wakeSleep: (() => void) | null = null;

  constructor(private readonly opts: RecordStreamOptions) {}

  start(): void {
    this.subscription = this.opts.stream$.subscribe((e) => this.enqueue(e));
    this.enqueue('RESYNC');
  }

  /** Pull from the checkpoint now (the service is back; a test asks). */
  reSync(): void {
    this.wakeSleep?.();
    this.enqueue('RESYNC');
  }

  /** Resolves after the first complete pull. */
  awaitInitialReplication(): Promise<void> {
    return this.initial;
  }

  /** Resolves when everything asked for so far has been pulled and written. */
  async awaitInSync(): Promise<void> {
    await this.initial;
    while (this.pending > 0) await this.queue;
  }

  async cancel(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.wakeSleep?.();
    await this.queue;
    this.active$.next(false);
    this.active$.complete();
    this.received$.complete();
  }

  private enqueue(task: Task): void {
    if (this.stopped) return;
    // A RESYNC already waiting covers this one: it pulls everything committed by the time it runs.
    if (task === 'RESYNC') {
      if (this.resyncQueued) return;
      this.resyncQueued = true;
    }
    this.pending++;
    this.active$.next(true);
    this.queue = this.queue
      .then(() => {
        if (this.stopped) return undefined;
        if (task !== 'RESYNC') return this.writeChange(task.documents, task.checkpoint);
        this.resyncQueued = false;
        return this.pullUntilEmpty();
      })
      // A write that failed: hold the checkpoint where it is until a pull from it has run again.
      .catch(() => {
        this.holdCheckpoint = true;
        if (!this.stopped) setTimeout(() => this.enqueue('RESYNC'), this.opts.retryTimeMs);
      })
      .finally(() => {
        this.pending--;
        if (this.pending === 0 && !this.stopped) this.active$.next(false);
      });
  }

  private async loadCheckpoint(): Promise<void> {
    if (this.loaded) return;
    const doc = await this.opts.records.getLocal<Checkpoint>(this.opts.checkpointId);
    this.checkpoint = doc ? { seq: doc.get('seq') as number } : undefined;
    const last = await this.opts.records.findOne({ selector: {}, sort: [{ key: 'desc' }] }).exec();
    this.nextKey = last ? Number(last.get('key')) + 1 : 0;
    this.pageCount = await this.opts.records.count().exec();
    this.loaded = true;
  }

  private async pullUntilEmpty(): Promise<void> {
    await this.loadCheckpoint();
    this.holdCheckpoint = false;
    let next = this.fetch(this.checkpoint);
    for (;;) {
      const page = await next;
      if (page === null) return;
      if (page.documents.length === 0) break;
      // Ask for the next page while this one is written.
      next = this.fetch(page.checkpoint);
      await this.write(page.documents, page.checkpoint);
    }
    if (!this.initialDone) {
      this.initialDone = true;
      this.resolveInitial();
    }
  }

  /** One page, retried until it comes (null once cancelled). */
  private async fetch(checkpoint: Checkpoint | undefined): Promise<RecordPage | null> {
    for (;;) {
      if (this.stopped) return null;
      try {
        return await this.opts.pull(checkpoint, this.opts.batchSize);
      } catch {
        await new Promise<void>((r) => {
          this.sleepTimer = setTimeout(r, this.opts.retryTimeMs);
          this.wakeSleep = () => {
            if (this.sleepTimer) clearTimeout(this.sleepTimer);
            r();
          };
        });
        this.wakeSleep = null;
      }
    }
  }

  /** One row for the whole page; then fold the log if it has grown long. */
  private async store(documents: RecordDoc[]): Promise<void> {
    const rows = documents.map((d) => ({ key: d.key, kind: d.kind, doc: d.doc, _deleted: d._deleted }));
    await this.opts.records.insert({ key: pageKey(this.nextKey++), rows, compacted: false });
    this.pageCount++;
    if (this.pageCount > COMPACT_AT) await this.compact();
  }

  /** Fold the log into a few rows of current copies, written after it, then remove the old rows. */
  private async compact(): Promise<void> {
    const old = await this.opts.records.find({ selector: {}, sort: [{ key: 'asc' }] }).exec();
    const current = [...replayPages(old.map((d) => d.toJSON() as unknown as RecordPageRow)).values()];
    const folded: RecordPageRow[] = [];
    for (let i = 0; i < current.length; i += FOLDED_ROW_RECORDS) {
      folded.push({ key: pageKey(this.nextKey++), rows: current.slice(i, i + FOLDED_ROW_RECORDS), compacted: true });
    }
    if (folded.length > 0) {
      const res = await this.opts.records.bulkInsert(folded);
      if (res.error.length > 0) throw new Error(`${res.error.length} folded record pages not stored (${res.error[0]!.status})`);
    }
    await this.opts.records.bulkRemove(old.map((d) => d.get('key') as string));
    // RxDB keeps a removed row (with its records) for replication until cleaned up; these are never replicated.
    await this.opts.records.storageInstance.cleanup(0);
    this.pageCount = folded.length;
  }

  /**
   * A live change. The service allocates sequence numbers under one lock, so
   * commit order is sequence order, and a change read for the range up to
   * `checkpoint` holds each record as it was when that range committed. If the
   * desk's checkpoint is already there, a pull that ran after this change was
   * read has stored these records as they were then or later: writing the
   * change now would put older copies over newer ones (a restarted kiosk kept
   * a hold 'waiting' beside the loan that picked it up). So it is dropped.
   */
  private async writeChange(documents: RecordDoc[], checkpoint: Checkpoint): Promise<void> {
    if (this.stopped) return;
    await this.loadCheckpoint();
    if (this.checkpoint && checkpoint.seq <= this.checkpoint.seq) return;
    await this.write(documents, checkpoint);
  }

  private async write(documents: RecordDoc[], checkpoint: Checkpoint): Promise<void> {
    if (this.stopped) return;
    await this.loadCheckpoint();
    await this.store(documents);
    this.received$.next(documents);
    // Never backwards: a change from before the last pull's end may still arrive.
    if (!this.holdCheckpoint && checkpoint.seq > (this.checkpoint?.seq ?? -1)) {
      this.checkpoint = checkpoint;
      await this.opts.records.upsertLocal(this.opts.checkpointId, checkpoint);
    }
  }
}
