// Planner statistics for embedded PGlite. PostgreSQL's autovacuum re-analyzes
// a table once about a tenth of it has changed; PGlite has no autovacuum, so
// its statistics stay as they were at the last migration. A pull plans a
// range scan of one scope in `record_scopes` only while the planner knows how
// large each scope is: with statistics from an empty table it bitmap-scans a
// library's whole scope and sorts it for every page (docs/benchmarks.md). So
// the service analyzes the record tables itself when they have grown by the
// share autovacuum would wait for.
import type { FastifyInstance } from 'fastify';
import type { Database } from '#server/db/database';
import { currentSeq } from './records-repo';

export interface PlannerStatsOptions {
  /** How often to look at the sequence (ms). */
  checkMs?: number;
  /** Changes since the last analyze that call for another: at least this many… */
  minChanges?: number;
  /** …and at least this share of the sequence at the last analyze (autovacuum's default scale factor is 0.1). */
  scaleFactor?: number;
}

/** Whether the tables changed enough since `lastSeq` to analyze them again. */
export function needsAnalyze(lastSeq: number, seq: number, opts: Required<Pick<PlannerStatsOptions, 'minChanges' | 'scaleFactor'>>): boolean {
  const changes = seq - lastSeq;
  return changes >= opts.minChanges && changes >= lastSeq * opts.scaleFactor;
}

export async function analyzeRecordTables(db: Database): Promise<void> {
  await db.query('analyze records, record_scopes');
}

export function startPlannerStats(app: FastifyInstance, db: Database, opts: PlannerStatsOptions = {}): void {
  if (db.kind !== 'pglite') return; // PostgreSQL's autovacuum does this
  const limits = { minChanges: opts.minChanges ?? 5_000, scaleFactor: opts.scaleFactor ?? 0.1 };
  let lastSeq: number | null = null;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const seq = await currentSeq(db);
      // The migrations analyzed at start: count from the sequence the service started with.
      if (lastSeq === null) lastSeq = seq;
      else if (needsAnalyze(lastSeq, seq, limits)) {
        await analyzeRecordTables(db);
        lastSeq = seq;
      }
    } catch (err) {
      app.log.warn({ err }, 'planner statistics: analyze failed; tried again at the next check');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), opts.checkMs ?? 60_000);
  timer.unref();
  void check();
  app.addHook('onClose', async () => clearInterval(timer));
}
