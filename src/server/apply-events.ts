// Applies a push of events authoritatively, in one transaction: the same
// reducer the desks run, over the records as the service holds them.
// Idempotent: an event id seen before changes nothing. Rejected events become
// exception records for the device that sent them.
import type { Database, Sql } from './db/database';
import { loadMisses, preloadShared, writeDocs, type StoredDoc } from './records-repo';
import { eventIdentity, type DomainEvent, type EventDoc } from '../shared/domain/events';
import { describeReason } from '../shared/domain/reasons';
import { reduce, type Outcome, type ReduceResult } from '../shared/domain/reducer';
import { MemoryStore, type RecordWrite } from '../shared/domain/store';
import type { ExceptionRecord } from '../shared/domain/records';

type ExceptionAudience = NonNullable<ExceptionRecord['audience']>;

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

/** The reducer must not throw on schema-valid input; if a bug makes it, that event is rejected, never the whole push. */
function safeReduce(store: MemoryStore, e: EventDoc): ReduceResult {
  try {
    return reduce(store, e as DomainEvent);
  } catch (err) {
    return { ok: false, reason: 'UNPROCESSABLE_EVENT', params: { detail: err instanceof Error ? err.message.slice(0, 120) : 'error' } };
  }
}

/** Bound on how many rounds of "load what was missing" one event may need (each round follows one more reference). */
const MAX_LOAD_ROUNDS = 6;

export async function applyEvents(db: Database, events: readonly EventDoc[], now: () => string = () => new Date().toISOString()): Promise<ApplyOutcome> {
  return db.transaction((tx) => applyEventsIn(tx, events, now));
}

/** The same, inside a transaction the caller holds (so a service action and its events commit or roll back together). */
export async function applyEventsIn(tx: Sql, events: readonly EventDoc[], now: () => string = () => new Date().toISOString()): Promise<ApplyOutcome> {
  const [out] = await applyInTransaction(tx, [events], now);
  return out!;
}

/**
 * Group commit for pushes. Concurrent pushes wait in one queue and are applied
 * together in one transaction (in arrival order, each push in its desk's HLC
 * order): the cost of a push is mostly the transaction and its lock, not the
 * events, so under load many small pushes share one. Each push still gets its
 * own results and conflicts.
 */
export class EventApplier {
  private queue: Array<{ events: readonly EventDoc[]; audience: ExceptionAudience; resolve: (o: ApplyOutcome) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly maxEventsPerTransaction = 2000,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /**
   * `audience`: who sees the exceptions for this push's rejected events. A
   * kiosk has no staff in front of it, so its rejections go to the whole
   * library's desks ('library'); a staff desk's stay with that desk.
   */
  apply(events: readonly EventDoc[], audience: ExceptionAudience = 'device'): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, audience, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = [this.queue.shift()!];
        let size = batch[0]!.events.length;
        while (this.queue.length > 0 && size + this.queue[0]!.events.length <= this.maxEventsPerTransaction) {
          const next = this.queue.shift()!;
          size += next.events.length;
          batch.push(next);
        }
        try {
          const outs = await this.db.transaction((tx) => applyInTransaction(tx, batch.map((b) => b.events), this.now, batch.map((b) => b.audience)));
          batch.forEach((b, i) => b.resolve(outs[i]!));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

async function applyInTransaction(tx: Sql, pushes: ReadonlyArray<readonly EventDoc[]>, now: () => string, audiences: readonly ExceptionAudience[] = []): Promise<ApplyOutcome[]> {
  // One writer at a time: the rules read and then write shared records (a hold, a loan count),
  // and the counter row lock also orders the sequence numbers by commit.
  await tx.query('select value from seq_counter where id = 1 for update');

  const ids = pushes.flatMap((events) => events.map((e) => e.id));
  const { rows: existingRows } = await tx.query<{ id: string; data: EventDoc }>(
    `select id, data from records where collection = 'events' and id = any($1::text[])`,
    [ids],
  );
  const known = new Map(existingRows.map((r) => [r.id, r.data]));
  const storedById = new Map(existingRows.map((r) => [r.id, r.data]));
  const outcomes = pushes.map(() => ({ conflicts: [] as EventDoc[], results: [] as EventResult[], fresh: [] as EventDoc[] }));
  pushes.forEach((events, p) => {
    const o = outcomes[p]!;
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
        // Later copies of the same id, in this push or another in the batch, compare against this one.
        known.set(e.id, { ...e, status: 'applied' });
        o.fresh.push(e);
      }
    }
    // Within a push, apply in the desk's own order (its hybrid logical clock), ties by id.
    o.fresh.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1));
  });
  const fresh = outcomes.flatMap((o) => o.fresh);

  // The service's records are the consortium's own: what is not found does not exist (see DomainReader.authoritative).
  const store = new MemoryStore(false, true);
  await preloadShared(tx, store);
  // Warm-up: run every event once against what is loaded to learn, in bulk, what they will read.
  for (let round = 0; round < MAX_LOAD_ROUNDS; round++) {
    for (const e of fresh) safeReduce(store, e);
    if (!(await loadMisses(tx, store))) break;
  }

  const changed = new Map<string, RecordWrite>();
  const out: StoredDoc[] = [];
  for (const [p, o] of outcomes.entries()) {
    const audience = audiences[p] ?? 'device';
    for (const e of o.fresh) {
      let result: ReduceResult = safeReduce(store, e);
      for (let round = 0; round < MAX_LOAD_ROUNDS && (await loadMisses(tx, store)); round++) result = safeReduce(store, e);
      if (result.ok) {
        for (const w of result.writes) {
          store.put(w);
          changed.set(MemoryStore.key(w.collection, w.doc.id), w);
        }
        out.push({ collection: 'events', doc: { ...e, status: 'applied', reason: '' } });
        o.results.push({ id: e.id, status: 'applied', outcome: result.outcome });
      } else {
        const en = describeReason(result.reason, result.params, 'en');
        out.push({ collection: 'events', doc: { ...e, status: 'rejected', reason: result.reason } });
        if (e.deviceId !== 'admin') out.push({ collection: 'exceptions', doc: exceptionFor(e, result.reason, result.params, en, now(), audience) });
        o.results.push({ id: e.id, status: 'rejected', reason: result.reason, message: en.message });
      }
    }
  }
  for (const w of changed.values()) out.push({ collection: w.collection, doc: w.doc as unknown as StoredDoc['doc'] });
  const { fromSeq, toSeq } = await writeDocs(tx, out);
  return outcomes.map((o) => ({ conflicts: o.conflicts, results: o.results, fromSeq, toSeq }));
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
