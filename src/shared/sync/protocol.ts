// The replication wire, typed once: paths, query parameters, request and
// response rows, the checkpoint, the live stream's events and the error codes.
// The service, the desk core, the CLI, the test clients and the bench all
// import it, so a renamed field or path is a type error everywhere at once.
// Pure: no Node, no DOM.
import type { ReplicatedCollection } from '../domain/access';
import type { EventDoc } from '../domain/events';
import type { RecordCollection } from '../domain/records';

/** Where the desk's replication stands: the service's sequence number it has pulled up to. Never a client clock. */
export interface Checkpoint {
  seq: number;
}

// ---- paths -----------------------------------------------------------------

export const SYNC_PATHS = {
  /** GET: the device as the service knows it, and the service's clock. */
  me: '/me',
  health: '/health',
  /** GET: the size of the device's scope (first-replication progress). */
  status: '/replication/status',
  /** GET ?seq=&limit=: one page of every record collection the device may read, in sequence order. */
  pull: '/replication/pull',
  /** POST: a desk's events (the only thing a desk writes). */
  eventsPush: '/replication/events/push',
  /** GET: Server-Sent Events, one per device. */
  stream: '/replication/stream',
} as const;

/** The per-collection routes, as the service registers them (`:collection` is a ReplicatedCollection). */
export const SYNC_ROUTES = {
  collectionPull: '/replication/:collection/pull',
  collectionPush: '/replication/:collection/push',
} as const;

/** GET ?seq=&limit=: one collection's page (the desk's events come back this way with their outcome). */
export function collectionPullPath(collection: ReplicatedCollection): string {
  return `/replication/${collection}/pull`;
}

/** Every path under this prefix is a desk endpoint (CORS, rate-limit bucket). */
export const SYNC_PREFIX = '/replication/';

// ---- query parameters ------------------------------------------------------

export const PULL_PARAMS = { seq: 'seq', limit: 'limit' } as const;

/** Rows per page of one collection the service allows at most, and its default. */
export const MAX_PULL_LIMIT = 1000;
export const DEFAULT_PULL_LIMIT = 500;
/**
 * Rows per page of the all-collections pull the service allows at most, and
 * what the desk asks for. With one IndexedDB row per page (the page log), a
 * page costs a round trip and a compression more than a write, so the largest
 * page wins: 50,000 records in 4.17 s with pages of 1,000, 2.76 s with 2,000
 * (bench/desk.ts, quiet machine).
 */
export const MAX_RECORDS_PULL_LIMIT = 2000;
export const DESK_PULL_PAGE = 2000;
/** Rows per push the service accepts at most (and the desk's push batch). */
export const MAX_PUSH_ROWS = 500;

export function pullQuery(seq: number, limit: number): string {
  return `?${PULL_PARAMS.seq}=${seq}&${PULL_PARAMS.limit}=${limit}`;
}

// ---- rows ------------------------------------------------------------------

/** One document of one collection as a per-collection pull or the stream carries it: the record plus RxDB's deleted flag. */
export type ReplicatedDoc = Record<string, unknown> & { _deleted: boolean };

/** A page of one collection: GET collectionPullPath(c). */
export interface CollectionPage<D = ReplicatedDoc> {
  documents: D[];
  checkpoint: Checkpoint;
}

/**
 * One row of the all-collections pull. The stored JSON is passed through as
 * `doc` (the service never parses it on the way out).
 */
export interface RecordRow {
  collection: RecordCollection;
  deleted: boolean;
  doc: { id: string } & Record<string, unknown>;
}

/** GET SYNC_PATHS.pull: rows after the checkpoint, and the checkpoint to ask from next. */
export interface RecordsPage {
  rows: RecordRow[];
  checkpoint: Checkpoint;
}

/** RxDB's push row. A new document has no assumedMasterState. */
export interface PushRow<D = unknown> {
  assumedMasterState?: D;
  newDocumentState: D;
}

export type EventResult =
  | { id: string; status: 'applied'; outcome: Record<string, unknown> }
  | { id: string; status: 'rejected'; reason: string; message: string }
  | { id: string; status: 'duplicate' };

/**
 * POST SYNC_PATHS.eventsPush. `conflicts` holds the service's stored copy of
 * every event it already had (same content: also a 'duplicate' result), so a
 * desk that lost an earlier answer converges to the service's document.
 */
export interface PushResponse {
  conflicts: Array<EventDoc & { _deleted: boolean }>;
  results: EventResult[];
}

export interface StatusResponse {
  serverTime: string;
  /** Live records per collection in the device's scope. */
  counts: Record<string, number>;
}

// ---- the live stream -------------------------------------------------------

export const SSE_EVENTS = { hello: 'hello', resync: 'resync', records: 'records', change: 'change', revoked: 'revoked' } as const;

export interface SsePayloads {
  /** First on every connection: who the service thinks this is, and its clock. */
  hello: { deviceId: string; serverTime: string };
  /** Pull from your checkpoint now: sent after hello and whenever the service may have missed changes for this stream. */
  resync: Record<string, never>;
  /**
   * Every record in the device's scope that one committed range changed, all
   * collections in one message, as the pull's rows. One message per range is
   * what lets the desk move its one checkpoint: a range split per collection
   * let a desk killed between two parts keep the checkpoint past a part it
   * never stored (a loan without its hold's update).
   */
  records: RecordsPage;
  /** The device's own events that one committed range changed (RxDB's events replication, its own checkpoint). */
  change: { collection: 'events'; documents: ReplicatedDoc[]; checkpoint: Checkpoint };
  /** The device was revoked: stop syncing; the stream ends. */
  revoked: { message: string };
}

export type SseEventName = keyof SsePayloads;
export type SseEvent = { [K in SseEventName]: { event: K; data: SsePayloads[K] } }[SseEventName];

/** One event in text/event-stream framing. */
export function formatSse<K extends SseEventName>(event: K, data: SsePayloads[K]): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A parsed SSE message as a typed event; null for an event this version does not know (ignored, not an error). */
export function decodeSse(message: { event: string; data: string }): SseEvent | null {
  if (!(message.event in SSE_EVENTS)) return null;
  return { event: message.event, data: JSON.parse(message.data) } as SseEvent;
}

// ---- errors ----------------------------------------------------------------

/** The error codes the replication endpoints answer with ({ error: { code, message } }). */
export const SYNC_ERRORS = {
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  /** The administrator revoked this device: the desk stops syncing and keeps its unsent events. */
  TOKEN_REVOKED: 401,
  UNKNOWN_COLLECTION: 404,
  FORBIDDEN_COLLECTION: 403,
  READ_ONLY_COLLECTION: 403,
  FORBIDDEN_DEVICE: 403,
  FORBIDDEN_LIBRARY: 403,
  FORBIDDEN_EVENT_TYPE: 403,
  VALIDATION_FAILED: 400,
  EVENT_ID_TAKEN: 409,
  TOO_MANY_ROWS: 413,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type SyncErrorCode = keyof typeof SYNC_ERRORS;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
