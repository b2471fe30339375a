// One circulation desk: its replica, its optimistic view, its actions and its
// sync state. Plain TypeScript over RxDB — the React UI, the Node integration
// tests and the benchmark all drive this same object.
import { removeRxDatabase, type RxCollection, type RxStorage } from 'rxdb';
import type { DeviceRole, ReplicatedCollection } from '#shared/domain/access';
import { HybridLogicalClock } from '#shared/domain/hlc';
import type { EventDoc } from '#shared/domain/events';
import { isRecordCollection, type RecordCollection, type RecordTypes } from '#shared/domain/records';
import { openDeskReplica, type DeskReplica } from './sync/replica';
import { OptimisticView } from './optimistic-view';
import { CLOCK_WARNING_MS, SyncMonitor, type SyncStatus } from './sync-monitor';
import { IlsSync, type IlsPort } from './ils-sync';
import { Workflows } from './workflows';

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
  private replica!: DeskReplica;
  private subscriptions: Array<{ unsubscribe(): void }> = [];
  private statusListeners = new Set<(s: SyncStatus) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private active = new Map<ReplicatedCollection, boolean>();
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
        await this.collection('events').insert(event);
      },
      persistMany: async (events) => {
        const res = await this.collection('events').bulkInsert(events);
        if (res.error.length > 0) throw new Error(`${res.error.length} of ${events.length} events not stored (${res.error[0]?.status ?? 'error'})`);
      },
    });
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

  get config(): DeskConfig {
    return this.opts.config;
  }

  get dbName(): string {
    return this.opts.name ?? `relay-${this.opts.config.deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  }

  private collection(name: ReplicatedCollection): RxCollection {
    const c = this.replica.collections[name];
    if (!c) throw new Error(`this desk has no ${name} collection`);
    return c;
  }

  private async start(replicate = true): Promise<void> {
    const c = this.opts.config;
    this.replica = await openDeskReplica({
      name: this.dbName,
      storage: this.opts.storage,
      endpoint: { baseUrl: c.serviceUrl, token: c.deviceToken, fetch: this.monitor.fetch },
      role: c.role,
      replicate,
      retryTimeMs: this.opts.retryTimeMs ?? 1000,
    });
    await this.loadAndWatch();
    if (!replicate) return;
    // The first answer after an outage: reconnect the stream and pull/push everything now, not after the backoff.
    this.monitor.onRecovered = () => {
      this.replica.stream.wake();
      for (const r of this.replica.replications.values()) r.reSync();
    };
    const startSize = this.view.base.size;
    this.initial = { received: startSize, total: null, done: false };
    for (const [name, rep] of this.replica.replications) {
      this.subscriptions.push(rep.active$.subscribe((a) => this.onActivity(name, a)));
      this.subscriptions.push(rep.received$.subscribe(() => {
        if (!this.initial.done) this.initial.received++;
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
      const res = await this.monitor.fetch(`${this.config.serviceUrl}/replication/status`, { headers: { authorization: `Bearer ${this.config.deviceToken}` } });
      if (!res.ok) return;
      const body = (await res.json()) as { counts: Record<string, number> };
      this.initial.total = Object.values(body.counts).reduce((a, b) => a + b, 0);
      this.emitStatus();
    } catch {
      /* offline: the bar stays indeterminate */
    }
  }

  /** Fill the view from storage, then follow every change the replica makes. */
  private async loadAndWatch(): Promise<void> {
    for (const [name, collection] of Object.entries(this.replica.collections) as Array<[ReplicatedCollection, RxCollection]>) {
      const docs = await collection.find().exec();
      for (const d of docs) this.absorb(name, d.toJSON(true) as Record<string, unknown>, false);
      this.subscriptions.push(collection.eventBulks$.subscribe((bulk) => {
        for (const ev of bulk.events) this.absorb(name, ev.documentData as Record<string, unknown>, ev.operation === 'DELETE');
      }));
    }
    let maxHlc = '';
    for (const e of this.view.events.values()) if (e.hlc > maxHlc) maxHlc = e.hlc;
    // Events created after a restart must sort after every event this desk already made.
    if (maxHlc) this.clock.receive(maxHlc);
    this.view.rebuild();
  }

  private absorb(name: ReplicatedCollection, doc: Record<string, unknown>, deleted: boolean): void {
    if (name === 'events') {
      const e = plain<EventDoc>(doc);
      if (e.deviceId === this.config.deviceId) this.view.putEvent(e);
      return;
    }
    if (isRecordCollection(name)) this.view.putBase(name as RecordCollection, plain<RecordTypes[RecordCollection]>(doc), deleted);
  }

  private onActivity(name: ReplicatedCollection, active: boolean): void {
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
    const phase = this.monitor.lastContactAt === null && offlineSince === null
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
      clockWarning: Math.abs(clockOffsetMs) > CLOCK_WARNING_MS, error: phase === 'error' ? error : null, initial: { ...this.initial },
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
    let lastAsk = 0;
    for (;;) {
      await this.replica.awaitInSync();
      this.view.rebuild();
      if (this.view.pendingCount === 0) return;
      if (Date.now() > deadline) throw new Error(`desk ${this.config.libraryId}: ${this.view.pendingCount} events still unconfirmed after ${timeoutMs} ms`);
      // Confirmation normally arrives on the stream; ask for it now and then, without flooding the service with pulls.
      if (Date.now() - lastAsk > 1000) {
        lastAsk = Date.now();
        for (const r of this.replica.replications.values()) r.reSync();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Rebuild the replica from the service without losing unsent events: keep
   * the pending events, drop the local database, open it again (a full pull)
   * and put the pending events back so they are pushed.
   */
  async repair(): Promise<{ keptEvents: number }> {
    const pending = this.view.pending();
    await this.stopReplica();
    await removeRxDatabase(this.dbName, this.opts.storage);
    this.view.base.clear();
    this.view.clearEvents();
    await this.start(false);
    if (pending.length > 0) await this.collection('events').bulkInsert(pending);
    await this.stopReplica();
    await this.start(true);
    return { keptEvents: pending.length };
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
