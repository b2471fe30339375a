// The desk side of the replication protocol over HTTP (typed in
// src/shared/sync/protocol.ts): the pull handler of the desk's one record
// stream, pull and push handlers for its events, and one Server-Sent Events
// stream per device split into a records$ and an events$ for RxDB. Plain
// fetch, so it runs in the renderer and in Node tests alike; the browser or
// Node decompresses gzip answers itself.
import { Subject } from 'rxjs';
import { SseParser } from '#shared/sse-parser';
import { isRecordCollection, type RecordCollection } from '#shared/domain/records';
import {
  DESK_PULL_PAGE, SYNC_PATHS, collectionPullPath, decodeSse, pullQuery,
  type Checkpoint, type CollectionPage, type ErrorBody, type PushResponse, type PushRow, type RecordRow, type RecordsPage, type ReplicatedDoc, type SseEvent,
} from '#shared/sync/protocol';

export interface SyncEndpoint {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export type { Checkpoint, ReplicatedDoc };

/**
 * A record as the desk's `records` collection holds it: one document per
 * (collection, id). The collection is in `kind` because RxDB reserves
 * `collection` on its documents.
 */
export interface RecordDoc {
  key: string;
  kind: RecordCollection;
  doc: { id: string } & Record<string, unknown>;
  _deleted: boolean;
}

export const recordKey = (collection: string, id: string): string => `${collection}|${id}`;

export function toRecordDoc(row: RecordRow): RecordDoc {
  return { key: recordKey(row.collection, row.doc.id), kind: row.collection, doc: row.doc, _deleted: row.deleted };
}

export type StreamEmission<D> = { documents: D[]; checkpoint: Checkpoint } | 'RESYNC';

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
  const json = (await res.json().catch(() => ({}))) as T & Partial<ErrorBody>;
  // Throwing makes RxDB retry later; swallowing an error would leave replication stuck.
  if (!res.ok) throw new SyncHttpError(res.status, json.error?.code ?? 'HTTP_ERROR', json.error?.message ?? `HTTP ${res.status}`);
  return json;
}

/** The desk's one record stream: every record collection in scope, one checkpoint. */
export function pullRecordsHandler(ep: SyncEndpoint) {
  return async (checkpoint: Checkpoint | undefined, batchSize: number): Promise<{ documents: RecordDoc[]; checkpoint: Checkpoint }> => {
    const page = await call<RecordsPage>(ep, 'GET', `${SYNC_PATHS.pull}${pullQuery(checkpoint?.seq ?? 0, Math.min(batchSize, DESK_PULL_PAGE))}`);
    return { documents: page.rows.map(toRecordDoc), checkpoint: page.checkpoint };
  };
}

/** The desk's own events, as the service applied them. */
export function pullEventsHandler(ep: SyncEndpoint) {
  return async (checkpoint: Checkpoint | undefined, batchSize: number) =>
    call<CollectionPage>(ep, 'GET', `${collectionPullPath('events')}${pullQuery(checkpoint?.seq ?? 0, Math.min(batchSize, 1000))}`);
}

export function pushHandler(ep: SyncEndpoint) {
  return async (rows: PushRow[]) => {
    const res = await call<PushResponse>(ep, 'POST', SYNC_PATHS.eventsPush, rows);
    return res.conflicts;
  };
}

/**
 * One live stream for a device. Emits RESYNC on each (re)connect, reconnects
 * with backoff, reports the server's clock for drift detection, and stops for
 * good when the service says the device was revoked.
 */
export class DeviceStream {
  readonly records$ = new Subject<StreamEmission<RecordDoc>>();
  readonly events$ = new Subject<StreamEmission<ReplicatedDoc>>();
  serverTimeOffsetMs = 0;
  connected = false;
  /** Called once when the service revokes this device (on the stream or by a 401 TOKEN_REVOKED). */
  onRevoked: ((message: string) => void) | null = null;
  private abort: AbortController | null = null;
  private stopped = false;
  private retryMs = 500;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly ep: SyncEndpoint, private readonly maxRetryMs = 8_000) {}

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
    this.records$.complete();
    this.events$.complete();
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
    const res = await f(`${this.ep.baseUrl}${SYNC_PATHS.stream}`, { headers: { authorization: `Bearer ${this.ep.token}` }, signal: this.abort.signal });
    if (res.status === 401) {
      const body = (await res.json().catch(() => ({}))) as Partial<ErrorBody>;
      if (body.error?.code === 'TOKEN_REVOKED') this.revoked(body.error.message);
    }
    if (!res.ok || !res.body) throw new SyncHttpError(res.status, 'STREAM_REFUSED', `stream → HTTP ${res.status}`);
    this.connected = true;
    this.retryMs = 500;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        const event = decodeSse(message);
        if (event) this.dispatch(event);
      }
    }
  }

  private revoked(message: string): void {
    if (this.stopped) return;
    const listener = this.onRevoked;
    this.stop();
    listener?.(message);
  }

  private dispatch(e: SseEvent): void {
    switch (e.event) {
      case 'hello':
        this.serverTimeOffsetMs = Date.parse(e.data.serverTime) - Date.now();
        return;
      case 'resync':
        this.records$.next('RESYNC');
        this.events$.next('RESYNC');
        return;
      case 'records':
        // A record type this version does not know is left out (a newer service); the checkpoint still moves.
        this.records$.next({ documents: e.data.rows.filter((r) => isRecordCollection(r.collection)).map(toRecordDoc), checkpoint: e.data.checkpoint });
        return;
      case 'change':
        if (e.data.collection === 'events') this.events$.next({ documents: e.data.documents, checkpoint: e.data.checkpoint });
        return;
      case 'revoked':
        this.revoked(e.data.message);
        return;
    }
  }
}
