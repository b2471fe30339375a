// kill -9 in the middle of a batch: the batch's aggregates and its checkpoint
// commit together or not at all, so after a restart the incremental
// aggregates equal a rebuild from scratch. PostgreSQL only: the consumer runs
// in a child process, and an embedded PGlite database belongs to one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { backends } from '#test/support/service';
import { rebuildStats, statsLag } from '#server/stats/consumer';
import { generateHistory } from './support/history';
import { openTestDb, snapshot } from './support/db';

const child = (url: string, size: number, stopAt: number): ChildProcess =>
  fork(resolve(__dirname, 'support/consumer-child.ts'), [url, String(size), String(stopAt)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

function message<T>(p: ChildProcess, key: string): Promise<T> {
  return new Promise((ok, fail) => {
    p.on('message', (m: Record<string, unknown>) => {
      if (key in m) ok(m[key] as T);
    });
    p.once('exit', (code, signal) => fail(new Error(`consumer exited (${code ?? signal}) before "${key}"`)));
  });
}

const exited = (p: ChildProcess) => new Promise<void>((ok) => (p.exitCode !== null || p.signalCode !== null ? ok() : p.once('exit', () => ok())));

const run = (await backends()).includes('postgres');

describe.skipIf(!run)('statistics consumer killed mid-batch on postgres', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;

  beforeAll(async () => {
    t = await openTestDb('postgres');
    await generateHistory(t.db, { seed: 9, requests: 40, startMs: Date.parse('2026-03-25T00:00:00Z') });
  }, 180_000);
  afterAll(async () => t?.dispose());

  it('leaves the whole batch or nothing, and a restart catches up to exactly the rebuild', async () => {
    const first = child(t.url!, 50, 3);
    const mid = await message<{ fromSeq: number; toSeq: number }>(first, 'midBatch');
    // Batch 3 has written its aggregates and moved its checkpoint, uncommitted: kill -9 now.
    first.kill('SIGKILL');
    await exited(first);
    const { checkpoint, head } = await statsLag(t.db);
    // The checkpoint is where batch 2 ended: the last event before batch 3's first.
    const before = await t.db.query<{ s: string }>(`select max(seq)::text as s from records where collection = 'events' and seq < $1`, [mid.fromSeq]);
    expect(checkpoint).toBe(Number(before.rows[0]!.s));
    expect(checkpoint).toBeLessThan(head);
    const partial = await t.db.query<{ n: string }>(`select coalesce(sum(n), 0)::text as n from stats_agg where metric = 'placed' and grain = 'd' and library_id = '*'`);
    expect(Number(partial.rows[0]!.n)).toBeGreaterThan(0);

    const second = child(t.url!, 50, 0);
    expect(await message<number>(second, 'done')).toBeGreaterThan(0);
    await exited(second);
    const last = await t.db.query<{ s: string }>(`select max(seq)::text as s from records where collection = 'events'`);
    expect((await statsLag(t.db)).checkpoint).toBe(Number(last.rows[0]!.s));

    const incremental = await snapshot(t.db);
    await rebuildStats(t.db);
    expect(await snapshot(t.db)).toEqual(incremental);
  }, 120_000);
});
