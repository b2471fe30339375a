// The live stream behind Server-Sent Events. Each service process LISTENs on
// one channel; every committing transaction NOTIFYs its sequence range, so
// every process (behind a load balancer) streams every change. A range is
// read once and fanned out to each connected device, filtered by its scope.
import type { Database } from './db/database';
import { CHANGES_CHANNEL, changesInRange } from './records-repo';
import { ROLE_COLLECTIONS, canRead, scopeOf, type DeviceRole, type ReplicatedCollection } from '../shared/domain/access';

export interface StreamSubscriber {
  deviceId: string;
  libraryId: string;
  role: DeviceRole;
  send(batch: { collection: ReplicatedCollection; documents: Record<string, unknown>[]; checkpoint: { seq: number } }): void;
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
    this.queue = this.queue.then(() => this.fanOut(range.fromSeq, range.toSeq)).catch(this.onError);
  }

  private async fanOut(fromSeq: number, toSeq: number): Promise<void> {
    if (this.subscribers.size === 0) return;
    const rows = await changesInRange(this.db, fromSeq, toSeq);
    const scoped = rows.map((r) => ({ ...r, scope: scopeOf(r.collection, r.data as never) }));
    for (const s of this.subscribers) {
      const byCollection = new Map<ReplicatedCollection, Record<string, unknown>[]>();
      const allowed = ROLE_COLLECTIONS[s.role];
      for (const r of scoped) {
        if (!allowed.includes(r.collection) || !canRead(r.scope, s)) continue;
        let list = byCollection.get(r.collection);
        if (!list) byCollection.set(r.collection, (list = []));
        list.push({ ...r.data, _deleted: r.deleted });
      }
      for (const [collection, documents] of byCollection) s.send({ collection, documents, checkpoint: { seq: toSeq } });
    }
  }
}
