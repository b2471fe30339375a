// What several bench suites share: a seeded PRNG (so every run loads the same
// data) and a fresh database on either backend.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '#server/db/database';
import { openDatabase } from '#server/db/open';
import { createTestDatabase, postgresAvailable } from '#test/support/service';

/** A small seeded PRNG (mulberry32), so the load is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A migrated, empty database on `backend` (null: PostgreSQL is not reachable), and how to throw it away. */
export async function openBenchDatabase(backend: 'postgres' | 'pglite', name: string): Promise<{ db: Database; cleanup: () => Promise<void> } | null> {
  if (backend === 'postgres') {
    if (!(await postgresAvailable())) return null;
    const t = await createTestDatabase(`relay_bench_${name}`);
    const db = await openDatabase({ databaseUrl: t.url });
    return { db, cleanup: async () => { await db.close(); await t.drop(); } };
  }
  const dir = await mkdtemp(join(tmpdir(), `relay-bench-${name}-`));
  const db = await openDatabase({ dataDir: dir });
  return { db, cleanup: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
}
