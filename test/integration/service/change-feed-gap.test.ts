// On PostgreSQL, the change feed's reads of committed ranges are killed
// (pg_terminate_backend) while another library creates requests: the feed
// reads a range again, or tells the streams to resync, and never lets a
// desk's checkpoint pass records it did not get. Every desk ends with every
// record in its scope through its own stream, with nobody asking it to pull.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Desk } from '#desk-core/desk';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { until } from '#test/support/until';

const N = 150;
/** The change feed's read, as records-repo.ts changesInRange issues it. */
const FEED_READ = 'select collection, seq, deleted, data from records where seq between%';

const onPostgres = (await backends()).includes('postgres');

describe.skipIf(!onPostgres)('the change feed never skips a committed range (PostgreSQL)', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  const desks: Desk[] = [];

  beforeAll(async () => {
    svc = await startTestService('postgres');
    admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('p-gap', 'NPTU', '21020000777770');
    for (const [lib, i] of [['NKUST', 0], ['NPTU', 1]] as const) {
      const d = await admin.pairDesk(lib);
      desks.push(await Desk.open({
        config: { serviceUrl: svc.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: lib, role: 'staff' },
        storage: getRxStorageMemory() as never, name: `gap${i}${Date.now()}`, retryTimeMs: 200,
      }));
    }
    for (const desk of desks) await desk.awaitConverged();
  }, 60_000);
  afterAll(async () => {
    for (const d of desks) await d.close();
    await svc?.dispose();
  });

  it('kills the feed’s reads while requests are created; both desks end with all of them', async () => {
    const killer = new pg.Client({ connectionString: svc.databaseUrl });
    await killer.connect();
    let kills = 0;
    let stop = false;
    const killing = (async () => {
      while (!stop) {
        const { rows } = await killer.query<{ killed: boolean }>(
          `select pg_terminate_backend(pid) as killed from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query like $1`,
          [FEED_READ],
        );
        kills += rows.filter((r) => r.killed).length;
      }
    })();
    const ids: string[] = [];
    try {
      for (let i = 0; i < N; i++) ids.push((await admin.request('NPTU', 'NKUST', 'p-gap', `3107${String(i).padStart(9, '0')}0`)).id);
    } finally {
      stop = true;
      await killing;
      await killer.end();
    }
    // The point of the test is that reads were lost: it proves nothing if none was.
    expect(kills).toBeGreaterThan(0);
    for (const desk of desks) {
      await until(`${desk.config.libraryId} has all ${N} requests`, async () => ids.every((id) => desk.view.reader.get('requests', id) !== undefined), 30_000);
    }
    for (const desk of desks) expect(ids.filter((id) => desk.view.reader.get('requests', id) === undefined)).toEqual([]);
  }, 120_000);
});
