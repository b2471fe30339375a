// The statistics consumer: follows the event log in sequence order and keeps
// the aggregates current, batch by batch (see batch.ts). Woken by the change
// feed's NOTIFY, and by a slow poll in case a notification was missed. Several
// service processes may each run one: the checkpoint row's lock makes them
// take turns, and each batch starts from the checkpoint the last one committed.
import type { Database } from '#server/db/database';
import { CHANGES_CHANNEL, currentSeq } from '#server/records/records-repo';
import { runBatch, type BatchOptions } from './batch';

export const DEFAULT_BATCH_SIZE = 2000;
/** A rebuild reads the whole log: larger batches write each monthly and yearly row fewer times. */
export const REBUILD_BATCH_SIZE = 20_000;

/** Consume until caught up; returns how many events were read. */
export async function catchUp(db: Database, opts: Partial<BatchOptions> = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction((tx) => runBatch(tx, { limit: opts.limit ?? DEFAULT_BATCH_SIZE, ...(opts.beforeCommit ? { beforeCommit: opts.beforeCommit } : {}) }));
    if (n === 0) return total;
    total += n;
  }
}

/**
 * Forget every aggregate and consume the whole log again. The reset is one
 * transaction; the replay then runs batch by batch (a live consumer may take
 * some of the batches, which is fine: they share the checkpoint).
 */
export async function rebuildStats(db: Database, opts: Partial<BatchOptions> = {}): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.query('select seq from stats_checkpoint where id = 1 for update');
    await tx.query('truncate stats_agg, stats_hist, stats_state');
    await tx.query('update stats_checkpoint set seq = 0 where id = 1');
  });
  const consumed = await catchUp(db, { limit: REBUILD_BATCH_SIZE, ...opts });
  // The tables were emptied and refilled: fresh planner statistics (or the first reports plan for empty
  // tables) and a visibility map, so that reports can read the aggregates from their indexes alone.
  // (PGlite: one connection that a live consumer's transaction may hold, where VACUUM cannot run; ANALYZE can.)
  await db.query(`${db.kind === 'postgres' ? 'vacuum analyze' : 'analyze'} stats_agg, stats_hist, stats_state`);
  return consumed;
}

export async function statsLag(db: Database): Promise<{ checkpoint: number; head: number }> {
  const { rows } = await db.query<{ seq: number | string }>('select seq from stats_checkpoint where id = 1');
  return { checkpoint: Number(rows[0]?.seq ?? 0), head: await currentSeq(db) };
}

export class StatsConsumer {
  private timer: NodeJS.Timeout | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly onError: (err: unknown) => void,
    private readonly opts: { pollMs?: number; batchSize?: number } = {},
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, () => this.soon(), () => this.soon());
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 5000);
    this.timer.unref();
    this.kick();
  }

  /** A change was announced: run shortly, so that a burst of pushes is folded in one batch rather than one each. */
  private soon(): void {
    if (this.soonTimer || this.stopped) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      this.kick();
    }, 200);
    this.soonTimer.unref();
  }

  /** Run now, or once more after the run in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await catchUp(this.db, { limit: this.opts.batchSize ?? DEFAULT_BATCH_SIZE });
        } catch (err) {
          if (!this.stopped) this.onError(err);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything committed before the call has been consumed (tests, and the console's "as of"). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
    await catchUp(this.db, { limit: this.opts.batchSize ?? DEFAULT_BATCH_SIZE });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    await this.unlisten?.();
    while (this.running) await this.running;
  }
}
