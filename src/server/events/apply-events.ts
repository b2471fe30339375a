// Applies a push of events authoritatively: the same reducer the desks run,
// over the records as the service holds them. Idempotent: an event id seen
// before changes nothing. Rejected events become exception records for the
// device that sent them. The group commit of concurrent pushes is in
// event-applier.ts; this module applies one push inside a transaction.
import type { Database, Sql } from '#server/db/database';
import { loadMisses, preloadShared, writeDocs, type StoredDoc } from '#server/records/records-repo';
import { ApiError } from '#server/http/errors';
import { textRefusal, type Refusal } from '#server/events/push-screens';
import { sanitizeDeep } from '#server/http/text-check';
import { clip } from '#shared/text/unicode';
import { eventIdentity, type DomainEvent, type EventDoc } from '#shared/domain/events';
import { describeReason, type ReasonCode } from '#shared/domain/reasons';
import { reduce, type Outcome, type ReduceResult } from '#shared/domain/reducer';
import { MemoryStore, type RecordWrite } from '#shared/domain/store';
import type { ExceptionRecord } from '#shared/domain/records';

export type ExceptionAudience = NonNullable<ExceptionRecord['audience']>;

export type EventResult =
  | { id: string; status: 'applied'; outcome: Outcome }
  | { id: string; status: 'rejected'; reason: string; message: string }
  | { id: string; status: 'duplicate' };

export interface ApplyOutcome {
  /** Events the service already has: RxDB conflicts carrying the service's stored document (same content: also a 'duplicate' result). */
  conflicts: EventDoc[];
  results: EventResult[];
  fromSeq: number;
  toSeq: number;
}

export interface PushOptions {
  now: () => string;
  /**
   * Who sees the exceptions for this push's rejected events. A kiosk has no
   * staff in front of it, so its rejections go to the whole library's desks
   * ('library'); a staff desk's stay with that desk.
   */
  audience: ExceptionAudience;
  /** A service-side refusal checked before the rules (the event time's bounds); none for the service's own events. */
  screen?: ((e: EventDoc) => Refusal | null) | undefined;
  /** Exceptions one device may store per (UTC) day; beyond it rejections are counted in one summary. */
  exceptionCap?: number | undefined;
}

/** The reducer must not throw on schema-valid input; if a bug makes it, that event is rejected, never the whole push. */
function safeReduce(store: MemoryStore, e: EventDoc): ReduceResult {
  try {
    return reduce(store, e as DomainEvent);
  } catch (err) {
    return { ok: false, reason: 'UNPROCESSABLE_EVENT', params: { detail: err instanceof Error ? clip(err.message, 120) : 'error' } };
  }
}

/** Bound on how many rounds of "load what was missing" one event may need (each round follows one more reference). */
const MAX_LOAD_ROUNDS = 6;

export async function applyEvents(db: Database, events: readonly EventDoc[], now: () => string = () => new Date().toISOString()): Promise<ApplyOutcome> {
  return db.transaction((tx) => applyEventsIn(tx, events, now));
}

/** The same, inside a transaction the caller holds (so a service action and its events commit or roll back together). */
export async function applyEventsIn(tx: Sql, events: readonly EventDoc[], now: () => string = () => new Date().toISOString()): Promise<ApplyOutcome> {
  await lockWriters(tx);
  return applyPush(tx, await serviceStore(tx), events, { now, audience: 'device' });
}

/**
 * One writer at a time: the rules read and then write shared records (a hold, a loan count),
 * and the counter row lock also orders the sequence numbers by commit.
 */
export async function lockWriters(tx: Sql): Promise<void> {
  await tx.query('select value from seq_counter where id = 1 for update');
}

/** The records the rules read, as the service holds them, with the directory and policies loaded. */
export async function serviceStore(tx: Sql): Promise<MemoryStore> {
  // The service's records are the consortium's own: what is not found does not exist (see DomainReader.authoritative).
  const store = new MemoryStore(false, true);
  await preloadShared(tx, store);
  return store;
}

/** In the desk's own order (its hybrid logical clock), ties by id. */
export function byHlc(a: EventDoc, b: EventDoc): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * Apply one push (all from one device) in a transaction holding lockWriters, over `store`
 * (shared by the pushes of one group commit; written through). Throws 409 EVENT_ID_TAKEN when
 * an id belongs to another device — checked here, in the transaction, so two devices racing
 * with one id cannot both get it.
 */
export async function applyPush(tx: Sql, store: MemoryStore, events: readonly EventDoc[], opts: PushOptions): Promise<ApplyOutcome> {
  const { rows: existingRows } = await tx.query<{ id: string; data: EventDoc }>(
    `select id, data from records where collection = 'events' and id = any($1::text[])`,
    [events.map((e) => e.id)],
  );
  const known = new Map(existingRows.map((r) => [r.id, r.data]));
  const storedById = new Map(existingRows.map((r) => [r.id, r.data]));
  const taken = events.find((e) => { const prior = known.get(e.id); return prior !== undefined && prior.deviceId !== e.deviceId; });
  if (taken) throw new ApiError(409, 'EVENT_ID_TAKEN', `Event id ${taken.id} belongs to another device; a desk must create its own ids.`);
  const o = { conflicts: [] as EventDoc[], results: [] as EventResult[], fresh: [] as EventDoc[] };
  {
    for (const e of events) {
      const prior = known.get(e.id);
      if (prior) {
        if (eventIdentity(prior) === eventIdentity(e)) {
          o.results.push({ id: e.id, status: 'duplicate' });
          // The desk may have missed the answer that applied it: answer with the stored copy as a conflict, so RxDB
          // takes the service's document (status and outcome) instead of keeping its pending copy as the master's.
          const stored = storedById.get(e.id);
          if (stored) o.conflicts.push(stored);
        } else o.conflicts.push(prior);
      } else {
        // Later copies of the same id in this push compare against this one.
        known.set(e.id, { ...e, status: 'applied' });
        o.fresh.push(e);
      }
    }
  }
  o.fresh.sort(byHlc);

  // Service-side refusals first: such an event never reaches the rules (its text could not be stored anyway).
  const refusals = new Map<string, Refusal>();
  for (const e of o.fresh) {
    const refusal = textRefusal(e) ?? opts.screen?.(e) ?? null;
    if (refusal) refusals.set(e.id, refusal);
  }
  const ruled = o.fresh.filter((e) => !refusals.has(e.id));
  // Warm-up: run every event once against what is loaded to learn, in bulk, what they will read.
  for (let round = 0; round < MAX_LOAD_ROUNDS; round++) {
    for (const e of ruled) safeReduce(store, e);
    if (!(await loadMisses(tx, store))) break;
  }

  const changed = new Map<string, RecordWrite>();
  const out: StoredDoc[] = [];
  const cap = new ExceptionCap(tx, opts.exceptionCap, opts.now);
  for (const e of o.fresh) {
    let result: ReduceResult | Refusal & { ok: false } = { ok: false, ...refusals.get(e.id)! };
    if (!refusals.has(e.id)) {
      result = safeReduce(store, e);
      for (let round = 0; round < MAX_LOAD_ROUNDS && (await loadMisses(tx, store)); round++) result = safeReduce(store, e);
    }
    if (result.ok) {
      for (const w of result.writes) {
        store.put(w);
        changed.set(MemoryStore.key(w.collection, w.doc.id), w);
      }
      out.push({ collection: 'events', doc: { ...e, status: 'applied', reason: '' } });
      o.results.push({ id: e.id, status: 'applied', outcome: result.outcome });
    } else {
      const en = describeReason(result.reason as ReasonCode, result.params, 'en');
      // A rejected event is kept as sent, except what the database cannot store (it is why some are rejected).
      out.push({ collection: 'events', doc: sanitizeDeep({ ...e, status: 'rejected', reason: result.reason }) });
      if (e.deviceId !== 'admin' && (await cap.allow(e))) out.push({ collection: 'exceptions', doc: sanitizeDeep(exceptionFor(e, result.reason, result.params, en, opts.now(), opts.audience)) });
      o.results.push({ id: e.id, status: 'rejected', reason: result.reason, message: en.message });
    }
  }
  for (const w of changed.values()) out.push({ collection: w.collection, doc: w.doc as unknown as StoredDoc['doc'] });
  const summary = await cap.summary(opts.audience);
  if (summary) out.push({ collection: 'exceptions', doc: summary });
  const { fromSeq, toSeq } = await writeDocs(tx, out);
  return { conflicts: o.conflicts, results: o.results, fromSeq, toSeq };
}

/**
 * Stored exceptions per device per UTC day. Past the cap a rejected event is
 * still stored as rejected (the desk's replica shows it, its queue moves on),
 * but instead of one exception each, one summary exception per device and day
 * counts them, so a desk sending garbage cannot fill the database with them.
 */
class ExceptionCap {
  private used: number | null = null;
  private capped = 0;
  private last: EventDoc | null = null;

  constructor(
    private readonly tx: Sql,
    private readonly max: number | undefined,
    private readonly now: () => string,
  ) {}

  async allow(e: EventDoc): Promise<boolean> {
    if (this.max === undefined) return true;
    this.used ??= await exceptionsToday(this.tx, e.deviceId, this.now().slice(0, 10));
    if (this.used < this.max) {
      this.used++;
      return true;
    }
    this.capped++;
    this.last = e;
    return false;
  }

  async summary(audience: ExceptionAudience): Promise<StoredDoc['doc'] | null> {
    const e = this.last;
    if (!e || this.capped === 0) return null;
    const at = this.now();
    const day = at.slice(0, 10);
    const id = `capped-${day.replaceAll('-', '')}-${e.deviceId}`.slice(0, 64);
    const { rows } = await this.tx.query<{ data: ExceptionRecord }>(`select data from records where collection = 'exceptions' and id = $1`, [id]);
    const before = rows[0]?.data;
    const count = this.capped + (typeof before?.params['count'] === 'number' ? before.params['count'] : 0);
    const record: ExceptionRecord & { id: string } = {
      ...(audience === 'library' ? { audience } : {}),
      id, deviceId: e.deviceId, libraryId: e.libraryId, eventId: e.id, eventType: e.type, reason: 'EXCEPTIONS_CAPPED',
      params: { count, day, cap: this.max ?? 0 },
      message: `This device had more than ${this.max} rejected events on ${day} (UTC); ${count} more were rejected without an exception each (the last: ${e.type} ${e.id}).`,
      nextStep: 'Look at the rejected events in the desk\'s event list; if the desk keeps sending events that fail, report it to the consortium\'s administrator.',
      createdAt: before?.createdAt ?? at, resolved: false, updatedAt: at,
    };
    return record as unknown as StoredDoc['doc'];
  }
}

async function exceptionsToday(tx: Sql, deviceId: string, day: string): Promise<number> {
  const { rows } = await tx.query<{ n: number | string }>(
    `select count(*) as n from records where collection = 'exceptions' and data->>'deviceId' = $1 and data->>'createdAt' >= $2`,
    [deviceId, `${day}T00:00:00.000Z`],
  );
  return Number(rows[0]?.n ?? 0);
}

function exceptionFor(e: EventDoc, reason: string, params: Readonly<Record<string, string | number>>, en: { message: string; nextStep: string }, at: string, audience: ExceptionAudience): ExceptionRecord & { id: string } {
  return {
    ...(audience === 'library' ? { audience } : {}),
    id: e.id,
    deviceId: e.deviceId,
    libraryId: e.libraryId,
    eventId: e.id,
    eventType: e.type,
    reason,
    params: { ...params },
    message: en.message,
    nextStep: en.nextStep,
    createdAt: at,
    resolved: false,
    updatedAt: at,
  };
}
