// The desk side of the replication protocol over HTTP: pull and push handlers
// for RxDB's replicateRxCollection, and one Server-Sent Events stream per
// device, split into a stream$ per collection. Plain fetch, so it runs in the
// renderer and in Node tests alike.
import { Subject } from 'rxjs';
import type { ReplicatedCollection } from '#shared/domain/access';
import { SseParser, type SseMessage } from '#shared/sse-parser';

export interface SyncEndpoint {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export interface Checkpoint {
  seq: number;
}

/** A document as the protocol carries it: the record plus RxDB's deleted flag. */
export type ReplicatedDoc = Record<string, unknown> & { _deleted: boolean };

export type StreamEmission = { documents: ReplicatedDoc[]; checkpoint: Checkpoint } | 'RESYNC';

export class SyncHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function call<T>(ep: SyncEndpoint, method: string, path: string, body?: unknown): Promise<T> {
  const f = ep.fetch ?? fetch;
  const res = await f(ep.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${ep.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  // Throwing makes RxDB retry later; swallowing an error would leave replication stuck.
  if (!res.ok) throw new SyncHttpError(res.status, json.error?.code ?? 'HTTP_ERROR', json.error?.message ?? `HTTP ${res.status}`);
  return json;
}

export function pullHandler(ep: SyncEndpoint, collection: ReplicatedCollection) {
  return async (checkpoint: Checkpoint | undefined, batchSize: number) =>
    call<{ documents: ReplicatedDoc[]; checkpoint: Checkpoint }>(ep, 'GET', `/replication/${collection}/pull?seq=${checkpoint?.seq ?? 0}&limit=${Math.min(batchSize, 1000)}`);
}

export function pushHandler(ep: SyncEndpoint) {
  return async (rows: Array<{ assumedMasterState?: unknown; newDocumentState: unknown }>) => {
    const res = await call<{ conflicts: Array<Record<string, unknown>> }>(ep, 'POST', '/replication/events/push', rows);
    return res.conflicts;
  };
}

/**
 * One live stream for all collections of a device. Emits RESYNC to every
 * collection on each (re)connect, reconnects with backoff, and reports the
 * server's clock for drift detection.
 */
export class DeviceStream {
  readonly streams = new Map<ReplicatedCollection, Subject<StreamEmission>>();
  serverTimeOffsetMs = 0;
  connected = false;
  private abort: AbortController | null = null;
  private stopped = false;
  private retryMs = 500;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly ep: SyncEndpoint, collections: readonly ReplicatedCollection[], private readonly maxRetryMs = 8_000) {
    for (const c of collections) this.streams.set(c, new Subject<StreamEmission>());
  }

  stream$(collection: ReplicatedCollection): Subject<StreamEmission> {
    const s = this.streams.get(collection);
    if (!s) throw new Error(`no stream for ${collection}`);
    return s;
  }

  start(): void {
    void this.loop();
  }

  /** Reconnect now instead of waiting out the backoff (the service answered another request again). */
  wake(): void {
    this.retryMs = 500;
    this.wakeUp?.();
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp?.();
    this.abort?.abort();
    for (const s of this.streams.values()) s.complete();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.connectOnce();
      } catch {
        /* reconnect below */
      }
      this.connected = false;
      if (this.stopped) return;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, this.retryMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          r();
        };
      });
      this.wakeUp = null;
      this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
    }
  }

  private async connectOnce(): Promise<void> {
    this.abort = new AbortController();
    const f = this.ep.fetch ?? fetch;
    const res = await f(`${this.ep.baseUrl}/replication/stream`, { headers: { authorization: `Bearer ${this.ep.token}` }, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new SyncHttpError(res.status, 'STREAM_REFUSED', `stream → HTTP ${res.status}`);
    this.connected = true;
    this.retryMs = 500;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) this.dispatch(message);
    }
  }

  private dispatch({ event, data }: SseMessage): void {
    const parsed = JSON.parse(data) as { serverTime?: string; collection?: ReplicatedCollection; documents?: ReplicatedDoc[]; checkpoint?: Checkpoint };
    if (event === 'hello' && parsed.serverTime) this.serverTimeOffsetMs = Date.parse(parsed.serverTime) - Date.now();
    else if (event === 'resync') for (const s of this.streams.values()) s.next('RESYNC');
    else if (event === 'change' && parsed.collection && parsed.documents && parsed.checkpoint) {
      this.streams.get(parsed.collection)?.next({ documents: parsed.documents, checkpoint: parsed.checkpoint });
    }
  }
}
