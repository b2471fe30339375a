// The live stream behind Server-Sent Events. Each service process LISTENs on
// one channel; every committing transaction NOTIFYs its sequence range, so
// every process (behind a load balancer) streams every change. A range is
// read once and fanned out to each connected device, filtered by its scope.
// A range whose read fails (the connection dropped) is read again; if it still
// cannot be read, every stream is told to resync from its checkpoint before
// any later range is sent, so no desk's checkpoint ever passes records it
// never got.
import type { Database } from '#server/db/database';
import { CHANGES_CHANNEL, changesInRange } from '#server/records/records-repo';
import { ROLE_COLLECTIONS, canRead, scopeOf, type DeviceRole } from '#shared/domain/access';
import type { RecordCollection } from '#shared/domain/records';
import type { RecordRow, ReplicatedDoc, SsePayloads } from '#shared/sync/protocol';

/** Waits between attempts to read a committed range (then the streams resync instead). */
const READ_RETRY_MS = [50, 250, 1000];

export interface StreamSubscriber {
  deviceId: string;
  libraryId: string;
  role: DeviceRole;
  /** The records of one range in this device's scope (never empty). */
  sendRecords(page: SsePayloads['records']): void;
  /** This device's events of one range (never empty). */
  sendEvents(batch: SsePayloads['change']): void;
  /** The feed may have missed changes (its database connection dropped): the desk must pull. */
  resync(): void;
  /** End the stream (the device was revoked). */
  close(): void;
}

export class ChangeFeed {
  private readonly subscribers = new Set<StreamSubscriber>();
  private queue: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly onError: (err: unknown) => void,
    private readonly retryMs: readonly number[] = READ_RETRY_MS,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(
      CHANGES_CHANNEL,
      (payload) => this.enqueue(payload),
      () => {
        for (const s of this.subscribers) s.resync();
      },
    );
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.subscribers.clear();
    await this.queue;
  }

  subscribe(s: StreamSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get size(): number {
    return this.subscribers.size;
  }

  private enqueue(payload: string): void {
    let range: { fromSeq: number; toSeq: number; revokedDeviceId?: string };
    try {
      range = JSON.parse(payload) as { fromSeq: number; toSeq: number; revokedDeviceId?: string };
    } catch {
      return;
    }
    // A revocation on any service process ends that device's streams on every process.
    if (range.revokedDeviceId) {
      for (const s of [...this.subscribers]) if (s.deviceId === range.revokedDeviceId) s.close();
      return;
    }
    // Strictly one range at a time, in the order PostgreSQL delivered them (commit order).
    this.queue = this.queue.then(() => this.fanOut(range.fromSeq, range.toSeq)).catch((err: unknown) => {
      // The range could not be read: no stream may move past it. Each desk pulls from its own checkpoint.
      this.onError(err);
      for (const s of this.subscribers) s.resync();
    });
  }

  private async fanOut(fromSeq: number, toSeq: number): Promise<void> {
    if (this.subscribers.size === 0) return;
    const rows = await this.readRange(fromSeq, toSeq);
    const scoped = rows.map((r) => ({ ...r, scope: scopeOf(r.collection, r.data as never) }));
    for (const s of this.subscribers) {
      const allowed = ROLE_COLLECTIONS[s.role];
      const rows: RecordRow[] = [];
      const events: ReplicatedDoc[] = [];
      for (const r of scoped) {
        if (!allowed.includes(r.collection) || !canRead(r.scope, s)) continue;
        if (r.collection === 'events') events.push({ ...r.data, _deleted: r.deleted });
        else rows.push({ collection: r.collection as RecordCollection, deleted: r.deleted, doc: r.data as RecordRow['doc'] });
      }
      // Records before events: a desk drops an applied event from its optimistic overlay once its
      // streams are idle, so the records that event wrote must already be on their way (the record
      // stream busy writing them) when its applied copy arrives — else a hold can vanish for a moment.
      if (rows.length > 0) s.sendRecords({ rows, checkpoint: { seq: toSeq } });
      if (events.length > 0) s.sendEvents({ collection: 'events', documents: events, checkpoint: { seq: toSeq } });
    }
  }

  /** Read a committed range, again after a short wait if the read fails (a dropped connection is replaced by the pool). */
  private async readRange(fromSeq: number, toSeq: number): Promise<Awaited<ReturnType<typeof changesInRange>>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await changesInRange(this.db, fromSeq, toSeq);
      } catch (err) {
        const wait = this.retryMs[attempt];
        if (wait === undefined) throw err;
        this.onError(err);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
