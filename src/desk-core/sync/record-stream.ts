// The desk's one record stream: every record the device may read, pulled
// into the `records` collection page by page from one checkpoint and then kept
// current by the live stream. Records are read-only on the desk, so this does
// not need RxDB's replication protocol (whose conflict handling is for
// pushes): writing pages straight into the collection saves the protocol's
// second write of every document (its "assumed master state" meta copy),
// which was half of a first replication's IndexedDB work. The next page is
// fetched while the current one is written.
//
// Order is the whole correctness argument: tasks run one at a time in the
// order they arrive. The service sends 'resync' first on every connection and
// whenever it may have missed a range, so a pull from the checkpoint always
// runs before any later change moves the checkpoint on.
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import type { RxCollection, RxStorageWriteErrorConflict } from 'rxdb';
import type { Checkpoint } from '#shared/sync/protocol';
import type { RecordDoc, StreamEmission } from './http-replication';

export type RecordPage = { documents: RecordDoc[]; checkpoint: Checkpoint };

export interface RecordStreamOptions {
  records: RxCollection<RecordDoc>;
  pull: (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<RecordPage>;
  stream$: Observable<StreamEmission<RecordDoc>>;
  /** Local document holding the checkpoint (carries the schema version and service, like a replication identifier). */
  checkpointId: string;
  batchSize: number;
  retryTimeMs: number;
}

const WRITE_CONTEXT = 'relay-record-stream';

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

  /**
   * Write straight to the collection's storage (RxDB fills in _meta and _rev,
   * and the collection still emits its change events): no RxDocument is built
   * per record. New keys are inserted; a key already stored comes back as a
   * 409 with the stored copy and is written again on top of it. A deletion is
   * a write with _deleted set (a tombstone if the key was never here).
   */
  private async store(documents: RecordDoc[]): Promise<void> {
    const storage = this.opts.records.storageInstance;
    const row = (d: RecordDoc) => ({ key: d.key, kind: d.kind, doc: d.doc, _deleted: d._deleted, _attachments: {} });
    const first = await storage.bulkWrite(documents.map((d) => ({ document: row(d) as never })), WRITE_CONTEXT);
    const again = first.error.flatMap((e) => (e.status === 409 ? [e as RxStorageWriteErrorConflict<RecordDoc>] : []));
    if (again.length < first.error.length) throw new Error(`${first.error.length - again.length} records not stored (${first.error[0]!.status})`);
    if (again.length === 0) return;
    const byKey = new Map(documents.map((d) => [d.key, d]));
    const retry = again.map((e) => ({ previous: e.documentInDb, document: row(byKey.get(e.documentId)!) as never }));
    const second = await storage.bulkWrite(retry, WRITE_CONTEXT);
    if (second.error.length > 0) throw new Error(`${second.error.length} records not stored (${second.error[0]!.status})`);
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
