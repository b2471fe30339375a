// A migrated database with the seed directory, on either backend, without the HTTP service.
import type { Database } from '#server/db/database';
import { openDatabase } from '#server/db/open';
import { bootstrapDirectory } from '#server/admin/bootstrap';
import { createTestDatabase, type Backend } from '#test/support/service';

export async function openTestDb(backend: Backend): Promise<{ db: Database; url: string | undefined; dispose(): Promise<void> }> {
  const made = backend === 'postgres' ? await createTestDatabase('relay_stats') : null;
  const db = await openDatabase({ databaseUrl: made?.url });
  await bootstrapDirectory(db);
  return {
    db,
    url: made?.url,
    async dispose() {
      await db.close();
      await made?.drop();
    },
  };
}

/** Every aggregate, histogram, state row and the checkpoint, in a fixed order (for equality). */
export async function snapshot(db: Database): Promise<unknown> {
  const q = async (sql: string) => (await db.query(sql)).rows.map((r) => JSON.stringify(r));
  return {
    agg: await q(`select metric, grain, library_id, to_char(period, 'YYYY-MM-DD') as period, partner_id, n::text, total::text from stats_agg order by 1, 2, 3, 4, 5`),
    hist: await q(`select metric, grain, library_id, to_char(period, 'YYYY-MM-DD') as period, partner_id, bucket, n::text from stats_hist order by 1, 2, 3, 4, 5, 6`),
    state: await q(`select kind, id, data::text from stats_state order by 1, 2`),
    checkpoint: await q(`select seq::text from stats_checkpoint`),
  };
}
