// Group commit for pushes. Concurrent pushes wait in one queue and are applied
// together in one transaction (in arrival order, each push in its desk's HLC
// order): the cost of a push is mostly the transaction and its lock, not the
// events, so under load many small pushes share one.
//
// Each push is isolated by a savepoint: whatever one push does wrong (a value
// the database refuses, an id another device owns) rolls back that push alone
// and the others in the group commit. A push the database refused is then
// re-run one event at a time, so only the event that caused it is rejected
// (with an exception), and the desk's other events are applied. Only a failure
// of the connection or the transaction itself fails the whole group (503: the
// desks retry, nothing was committed).
import type { Database, Sql } from '#server/db/database';
import { isDataError, sqlStateOf } from '#server/db/errors';
import { applyPush, byHlc, lockWriters, serviceStore, type ApplyOutcome, type ExceptionAudience, type PushOptions } from '#server/events/apply-events';
import { DEFAULT_TIME_BOUNDS, timeRefusal, type TimeBounds } from '#server/events/push-screens';
import type { MemoryStore } from '#shared/domain/store';
import type { EventDoc } from '#shared/domain/events';

/** Exceptions a device may store per UTC day before the rest are summarised (see ExceptionCap in apply-events.ts). */
export const EXCEPTIONS_PER_DEVICE_PER_DAY = 500;

export interface ApplierOptions {
  maxEventsPerTransaction?: number;
  now?: () => string;
  /** Bounds on a pushed event's time relative to the service's clock. */
  timeBounds?: TimeBounds;
  exceptionCap?: number;
}

interface Queued {
  events: readonly EventDoc[];
  audience: ExceptionAudience;
  resolve: (o: ApplyOutcome) => void;
  reject: (e: unknown) => void;
}

type Settled = { ok: true; out: ApplyOutcome } | { ok: false; err: unknown };

export class EventApplier {
  private queue: Queued[] = [];
  private running = false;
  private readonly maxEvents: number;
  private readonly now: () => string;
  private readonly bounds: TimeBounds;
  private readonly cap: number;

  constructor(private readonly db: Database, opts: ApplierOptions = {}) {
    this.maxEvents = opts.maxEventsPerTransaction ?? 2000;
    this.now = opts.now ?? (() => new Date().toISOString());
    this.bounds = opts.timeBounds ?? DEFAULT_TIME_BOUNDS;
    this.cap = opts.exceptionCap ?? EXCEPTIONS_PER_DEVICE_PER_DAY;
  }

  /** `audience`: who sees the exceptions for this push's rejected events (see PushOptions). */
  apply(events: readonly EventDoc[], audience: ExceptionAudience = 'device'): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, audience, resolve, reject });
      void this.drain();
    });
  }

  private options(audience: ExceptionAudience): PushOptions {
    const nowMs = Date.parse(this.now());
    return { now: this.now, audience, exceptionCap: this.cap, screen: (e) => timeRefusal(e, nowMs, this.bounds) };
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = [this.queue.shift()!];
        let size = batch[0]!.events.length;
        while (this.queue.length > 0 && size + this.queue[0]!.events.length <= this.maxEvents) {
          const next = this.queue.shift()!;
          size += next.events.length;
          batch.push(next);
        }
        let settled: Settled[];
        try {
          settled = await this.db.transaction((tx) => this.applyGroup(tx, batch));
        } catch (err) {
          for (const b of batch) b.reject(err);
          continue;
        }
        // Answered only once the group has committed.
        batch.forEach((b, i) => {
          const s = settled[i]!;
          if (s.ok) b.resolve(s.out);
          else b.reject(s.err);
        });
      }
    } finally {
      this.running = false;
    }
  }

  private async applyGroup(tx: Sql, batch: readonly Queued[]): Promise<Settled[]> {
    await lockWriters(tx);
    let store = await serviceStore(tx);
    const settled: Settled[] = [];
    for (const b of batch) {
      const opts = this.options(b.audience);
      await tx.query('savepoint push');
      try {
        const out = await applyPush(tx, store, b.events, opts);
        await tx.query('release savepoint push');
        settled.push({ ok: true, out });
        continue;
      } catch (err) {
        // If even this fails, the transaction itself is gone: the whole group fails (and is retried).
        await tx.query('rollback to savepoint push');
        // The shared store holds what the rolled-back push wrote: start again from the database.
        store = await serviceStore(tx);
        if (!isDataError(err)) {
          settled.push({ ok: false, err });
          continue;
        }
      }
      try {
        const one = await this.oneByOne(tx, b.events, opts);
        store = one.store;
        await tx.query('release savepoint push');
        settled.push({ ok: true, out: one.out });
      } catch (err) {
        await tx.query('rollback to savepoint push');
        store = await serviceStore(tx);
        settled.push({ ok: false, err });
      }
    }
    return settled;
  }

  /** A push the database refused, again one event at a time: the event it refuses is rejected, the others applied. */
  private async oneByOne(tx: Sql, events: readonly EventDoc[], opts: PushOptions): Promise<{ out: ApplyOutcome; store: MemoryStore }> {
    let store = await serviceStore(tx);
    const out: ApplyOutcome = { conflicts: [], results: [], fromSeq: 0, toSeq: 0 };
    for (const e of [...events].sort(byHlc)) {
      await tx.query('savepoint one');
      let part: ApplyOutcome;
      try {
        part = await applyPush(tx, store, [e], opts);
      } catch (err) {
        if (!isDataError(err)) throw err;
        await tx.query('rollback to savepoint one');
        store = await serviceStore(tx);
        const detail = `the database refused a value (SQLSTATE ${sqlStateOf(err) ?? '?'})`;
        part = await applyPush(tx, store, [e], { ...opts, screen: () => ({ reason: 'UNPROCESSABLE_EVENT', params: { detail } }) });
      }
      await tx.query('release savepoint one');
      out.conflicts.push(...part.conflicts);
      out.results.push(...part.results);
      out.fromSeq ||= part.fromSeq;
      out.toSeq = Math.max(out.toSeq, part.toSeq);
    }
    return { out, store };
  }
}
