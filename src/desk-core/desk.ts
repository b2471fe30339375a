// One circulation desk: its replica, its optimistic view, its actions and its
// sync state. Plain TypeScript over RxDB — the React UI, the Node integration
// tests and the benchmark all drive this same object.
import { removeRxDatabase, type RxStorage } from 'rxdb';
import type { DeviceRole } from '#shared/domain/access';
import { HybridLogicalClock } from '#shared/domain/hlc';
import type { EventDoc } from '#shared/domain/events';
import { isRecordCollection, type RecordCollection, type RecordTypes } from '#shared/domain/records';
import { SYNC_PATHS, type StatusResponse } from '#shared/sync/protocol';
import { openDeskReplica, type DeskReplica, type ReplicaPart } from './sync/replica';
import type { RecordDoc } from './sync/http-replication';
import type { RecordPageRow } from './sync/record-stream';
import { OptimisticView } from './optimistic-view';
import { CLOCK_WARNING_MS, SyncMonitor, type SyncStatus } from './sync-monitor';
import { IlsSync, type IlsPort } from './ils-sync';
import { Workflows } from './workflows';
import { searchCatalogue, TitleRequests, type CatalogueAnswer } from './title-requests';
import { requestNotices, type NoticesAnswer } from './notices';
import { FairDesk } from './fairs';

export interface DeskConfig {
  serviceUrl: string;
  deviceToken: string;
  deviceId: string;
  libraryId: string;
  role: DeviceRole;
}

export interface DeskOptions {
  config: DeskConfig;
  storage: RxStorage<unknown, unknown>;
  /** Database name (one per paired device). */
  name?: string;
  fetch?: typeof fetch;
  retryTimeMs?: number;
  now?: () => number;
  /** The library-system connector, where this library has one (can also be attached later). */
  ils?: IlsPort;
}

const META_FIELDS = ['_meta', '_rev', '_attachments', '_deleted'];
/** How long repair waits for the service's copy of this desk's events before it puts every pending event back. */
const REPAIR_PULL_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function plain<T>(doc: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!META_FIELDS.includes(k)) out[k] = v;
  return out as T;
}

export class Desk {
  readonly view = new OptimisticView();
  readonly monitor: SyncMonitor;
  readonly clock: HybridLogicalClock;
  readonly workflows: Workflows;
  /** Title requests: place at the counter, review, and the union catalogue search (online only). */
  readonly titles: TitleRequests;
  /** Swap fairs (曬書祭): slips scanned at the fair's entry become hand-overs, offline too. */
  readonly fairs: FairDesk;
  private replica!: DeskReplica;
  private subscriptions: Array<{ unsubscribe(): void }> = [];
  private statusListeners = new Set<(s: SyncStatus) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private active = new Map<ReplicaPart, boolean>();
  /** Set when the service revoked this device: syncing stops for good, the unsent events stay here. */
  private revokedMessage: string | null = null;
  private initial = { received: 0, total: null as number | null, done: false };
  private lastSyncAt: number | null = null;
  private lastStatusKey = '';
  private closed = false;
  private ilsSync: IlsSync | null = null;

  private constructor(readonly opts: DeskOptions) {
    const now = opts.now ?? Date.now;
    this.monitor = new SyncMonitor(opts.fetch, now);
    this.clock = new HybridLogicalClock(opts.config.deviceId, now);
    this.workflows = new Workflows({
      view: this.view,
      identity: { deviceId: opts.config.deviceId, libraryId: opts.config.libraryId, role: opts.config.role },
      clock: this.clock,
      now,
      persist: async (event) => {
        await this.replica.events.insert(event);
      },
      persistMany: async (events) => {
        const res = await this.replica.events.bulkInsert(events);
        if (res.error.length > 0) throw new Error(`${res.error.length} of ${events.length} events not stored (${res.error[0]?.status ?? 'error'})`);
      },
    });
    this.titles = new TitleRequests(() => this.view.reader, this.workflows, now);
    this.fairs = new FairDesk(() => this.view.reader, this.workflows);
  }

  static async open(opts: DeskOptions): Promise<Desk> {
    const desk = new Desk(opts);
    await desk.start();
    if (opts.ils) desk.attachIls(opts.ils);
    return desk;
  }

  /** Hands this desk's library-system operations to a connector and records what it refuses. */
  attachIls(port: IlsPort, onError?: (err: unknown) => void): void {
    this.ilsSync?.stop();
    this.ilsSync = new IlsSync({
      port,
      me: this.config.libraryId,
      reader: () => this.view.reader,
      events: () => this.view.events.values(),
      subscribe: (l) => this.view.subscribe(l),
      recordRefusal: async (r) => (await this.workflows.recordIlsRefusal(r)).ok,
      ...(onError ? { onError } : {}),
    });
    this.ilsSync.start();
    this.workflows.useHomeSystem((patronId, pin) => port.validatePatron(patronId, pin));
  }

  /** Resolves when the desk has handed every due operation to the connector and recorded its refusals. */
  async ilsIdle(): Promise<void> {
    await this.ilsSync?.flush();
  }

  searchCatalogue(q: string): Promise<CatalogueAnswer> {
    return searchCatalogue(this.config.serviceUrl, this.config.deviceToken, q, this.monitor.fetch);
  }

  /** The notices the service sent (or could not send) the patron about a request. */
  requestNotices(requestId: string): Promise<NoticesAnswer> {
    return requestNotices(this.config.serviceUrl, this.config.deviceToken, requestId, this.monitor.fetch);
  }

  get config(): DeskConfig {
    return this.opts.config;
  }

  get dbName(): string {
    return this.opts.name ?? `relay-${this.opts.config.deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  }

  private async start(replicate = true): Promise<void> {
    const c = this.opts.config;
    this.replica = await openDeskReplica({
      name: this.dbName,
      storage: this.opts.storage,
      endpoint: { baseUrl: c.serviceUrl, token: c.deviceToken, fetch: this.monitor.fetch },
      replicate: replicate && this.revokedMessage === null,
      retryTimeMs: this.opts.retryTimeMs ?? 1000,
    });
    await this.loadAndWatch();
    if (!replicate || this.revokedMessage !== null) return;
    this.replica.stream.onRevoked = (message) => this.onRevoked(message);
    this.monitor.onRevoked = (message) => this.onRevoked(message);
    // The first answer after an outage: reconnect the stream and pull/push everything now, not after the backoff.
    this.monitor.onRecovered = () => this.syncNow();
    const startSize = this.view.base.size;
    this.initial = { received: startSize, total: null, done: false };
    for (const [name, rep] of this.replica.replications) {
      this.subscriptions.push(rep.active$.subscribe((a) => this.onActivity(name, a)));
      // The record stream reports a page at a time, RxDB's events replication a document at a time.
      this.subscriptions.push(rep.received$.subscribe((got) => {
        if (!this.initial.done) this.initial.received += Array.isArray(got) ? got.length : 1;
      }));
    }
    void Promise.all([...this.replica.replications.values()].map((r) => r.awaitInitialReplication())).then(() => {
      this.initial.done = true;
      this.emitStatus();
    }, () => undefined);
    if (startSize === 0) void this.fetchScopeSize();
    this.timer = setInterval(() => this.emitStatus(), 1000);
  }

  private async fetchScopeSize(): Promise<void> {
    try {
      const res = await this.monitor.fetch(`${this.config.serviceUrl}${SYNC_PATHS.status}`, { headers: { authorization: `Bearer ${this.config.deviceToken}` } });
      if (!res.ok) return;
      const body = (await res.json()) as StatusResponse;
      this.initial.total = Object.values(body.counts).reduce((a, b) => a + b, 0);
      this.emitStatus();
    } catch {
      /* offline: the bar stays indeterminate */
    }
  }

  /** Fill the view from storage, then follow every change the replica makes. */
  private async loadAndWatch(): Promise<void> {
    const { records, events } = this.replica;
    // The page log replayed in write order: a later copy of a record replaces an earlier one.
    for (const page of await records.find({ selector: {}, sort: [{ key: 'asc' }] }).exec()) {
      for (const row of (page.toJSON() as unknown as RecordPageRow).rows) this.absorbRecord(row, false);
    }
    for (const d of await events.find().exec()) this.absorbEvent(d.toJSON(true) as Record<string, unknown>);
    this.subscriptions.push(records.eventBulks$.subscribe((bulk) => {
      for (const ev of bulk.events) {
        // A removed page or a folded one changes nothing the desk shows: folding keeps the current copies.
        const page = ev.documentData as unknown as RecordPageRow;
        // The checkpoint (a local document) comes through here too: it has no rows.
        if (ev.operation === 'DELETE' || page.compacted || !Array.isArray(page.rows)) continue;
        for (const row of page.rows) this.absorbRecord(row, false);
      }
    }));
    this.subscriptions.push(events.eventBulks$.subscribe((bulk) => {
      for (const ev of bulk.events) this.absorbEvent(ev.documentData as Record<string, unknown>);
    }));
    let maxHlc = '';
    for (const e of this.view.events.values()) if (e.hlc > maxHlc) maxHlc = e.hlc;
    // Events created after a restart must sort after every event this desk already made.
    if (maxHlc) this.clock.receive(maxHlc);
    this.view.rebuild();
  }

  private absorbEvent(doc: Record<string, unknown>): void {
    const e = plain<EventDoc>(doc);
    if (e.deviceId === this.config.deviceId) this.view.putEvent(e);
  }

  private absorbRecord(row: RecordDoc, deleted: boolean): void {
    if (isRecordCollection(row.kind)) this.view.putBase(row.kind, row.doc as unknown as RecordTypes[RecordCollection], deleted || row._deleted);
  }

  /** The service revoked this device: stop syncing and say so; keep the database and its unsent events. */
  private onRevoked(message: string): void {
    if (this.revokedMessage !== null) return;
    this.revokedMessage = message;
    this.monitor.onRecovered = null;
    this.replica.stream.stop();
    void Promise.all([...this.replica.replications.values()].map((r) => r.cancel())).finally(() => this.emitStatus());
    this.emitStatus();
  }

  private onActivity(name: ReplicaPart, active: boolean): void {
    this.active.set(name, active);
    if (![...this.active.values()].some(Boolean) && this.replica.stream.connected && this.monitor.offlineSince === null) {
      this.view.settle();
      if (this.view.pendingCount === 0) this.lastSyncAt = (this.opts.now ?? Date.now)();
    }
    this.emitStatus();
  }

  status(): SyncStatus {
    const unsent = this.view.pendingCount;
    const offlineSince = this.monitor.offlineSince;
    const error = this.monitor.error;
    const busy = [...this.active.values()].some(Boolean);
    const phase = this.revokedMessage !== null
      ? 'revoked'
      : this.monitor.lastContactAt === null && offlineSince === null
      ? 'starting'
      : offlineSince !== null
        ? 'offline'
        : error
          ? 'error'
          : busy || unsent > 0 || !this.initial.done
            ? 'syncing'
            : 'online';
    const clockOffsetMs = this.replica.stream.connected ? this.replica.stream.serverTimeOffsetMs : this.monitor.clockOffsetMs;
    return {
      phase, offlineSince, lastSyncAt: this.lastSyncAt, unsent, clockOffsetMs,
      clockWarning: Math.abs(clockOffsetMs) > CLOCK_WARNING_MS, initial: { ...this.initial },
      error: phase === 'revoked' ? { status: 401, code: 'TOKEN_REVOKED', message: this.revokedMessage ?? '' } : phase === 'error' ? error : null,
    };
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status());
    return () => this.statusListeners.delete(listener);
  }

  private emitStatus(): void {
    const s = this.status();
    const key = JSON.stringify(s);
    if (key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    for (const l of this.statusListeners) l(s);
  }

  /** Resolves when everything recorded here has been confirmed and pulled back. */
  async awaitConverged(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastAsk = Date.now();
    for (;;) {
      // Not "in sync" while a push keeps failing: look again every second either way.
      const synced = await Promise.race([this.replica.awaitInSync().then(() => true), sleep(1000).then(() => false)]);
      this.view.rebuild();
      if (synced && this.view.pendingCount === 0) return;
      if (Date.now() > deadline) throw new Error(`desk ${this.config.libraryId}: ${this.view.pendingCount} events still unconfirmed after ${timeoutMs} ms`);
      // Confirmation normally arrives on the stream; ask for it now and then, without flooding the service with pulls.
      if (Date.now() - lastAsk > 1000) {
        lastAsk = Date.now();
        this.syncNow();
      }
      await sleep(50);
    }
  }

  /** Pull and push now, and reconnect the live stream, instead of waiting for the next change or retry. */
  syncNow(): void {
    if (this.revokedMessage !== null || this.closed) return;
    this.replica.stream.wake();
    for (const r of this.replica.replications.values()) r.reSync();
  }

  /**
   * Rebuild the replica from the service without losing unsent events: keep
   * the pending events, drop the local database, open it again (a full pull)
   * and put back only the pending events the service does not already have
   * (those come back by pull, applied). It runs in the action queue, so an
   * action confirmed meanwhile waits and lands in the new database.
   */
  repair(): Promise<{ keptEvents: number }> {
    return this.workflows.exclusive(async () => {
      const pending = this.view.pending();
      await this.stopReplica();
      await removeRxDatabase(this.dbName, this.opts.storage);
      this.view.base.clear();
      this.view.clearEvents();
      await this.start(true);
      // Actions waiting in the queue run on the view, so let the records come back first; and the events, so
      // the ones the service has are not put back. Offline, the wait ends without an answer: then every
      // pending event goes back, and the service answers the ones it has with its stored copy (a conflict
      // the desk resolves to that copy).
      const waits = [...this.replica.replications.values()].map((r) => r.awaitInitialReplication());
      await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, REPAIR_PULL_WAIT_MS))]);
      if (pending.length === 0) return { keptEvents: 0 };
      const known = await this.replica.events.findByIds(pending.map((e) => e.id)).exec();
      const missing = pending.filter((e) => !known.has(e.id));
      if (missing.length > 0) await this.replica.events.bulkInsert(missing);
      return { keptEvents: pending.length };
    });
  }

  private async stopReplica(): Promise<void> {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.active.clear();
    await this.replica.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ilsSync?.stop();
    await this.stopReplica();
  }
}
