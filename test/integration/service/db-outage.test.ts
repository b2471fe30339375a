// Every database error on any connection answers 503 and the service lives on.
// On PostgreSQL: the backends of pushes in flight are terminated over and over
// (pg_terminate_backend, as a restart or failover would) while desks keep
// pushing and retrying what was refused: the process stays up, refusals are
// 503 DATABASE_UNAVAILABLE, and every event ends up applied exactly once. A
// lost connection during the token check is a 503 too, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresAvailable, startTestService, TEST_DATABASE_URL } from '#test/support/service';
import { startInterceptedService, type InterceptedService } from '#test/support/faulty-db';
import { AdminClient, http, type DeskClient, type HttpResult, type PushResponse } from '#test/support/client';
import { pairOnDb } from './access-fixtures';

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('\n*** PostgreSQL not reachable: db-outage.test.ts is SKIPPED ***\n');

describe.skipIf(!pgUp)('database connections dropped on PostgreSQL', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let killer: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    svc = await startTestService('postgres');
    dbName = new URL(svc.databaseUrl!).pathname.slice(1);
    killer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await killer.connect();
  });
  afterAll(async () => {
    await killer?.end();
    await svc?.dispose();
  });

  it('terminating the backends of pushes in flight, repeatedly: the service stays up, answers 503, and every retried event applies once', async () => {
    const admin = new AdminClient(svc.url, svc.adminToken);
    const libs = ['NKUST', 'NPTU', 'NUK', 'KMU'];
    const desks: DeskClient[] = [];
    for (const [i, lib] of libs.entries()) {
      await admin.patron(`p-${lib}`, lib, `20000000000${i}`);
      desks.push(await pairOnDb(svc, lib));
    }
    let killing = true;
    let terminated = 0;
    const kill = (async () => {
      while (killing) {
        // Backends inside a transaction of this test's database: the pushes being applied (not the idle pool, not LISTEN).
        const { rows } = await killer.query<{ ok: boolean }>(
          `select pg_terminate_backend(pid) as ok from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')`,
          [dbName],
        );
        terminated += rows.filter((r) => r.ok).length;
        // Bursts with gaps, as a failover is: most pushes in between get through.
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      }
    })();

    const statuses = new Map<number, number>();
    const sent: string[] = [];
    let n = 0;
    await Promise.all(desks.map(async (desk) => {
      for (let p = 0; p < 25; p++) {
        const docs = [0, 1].map(() => desk.event('request.created', {
          requestId: `req-out-${n}`, patronId: `p-${desk.libraryId}`, lenderLibraryId: desk.libraryId === 'NKUST' ? 'NPTU' : 'NKUST',
          item: { barcode: `3300000000${(n++).toString().padStart(4, '0')}`, title: 't', author: '', callNumber: '', location: '', parts: 1 }, neededBy: null, note: '',
        }));
        sent.push(...docs.map((d) => d.id));
        // A desk retries a refused push with the same events until it is answered.
        for (let attempt = 0; ; attempt++) {
          let res: HttpResult<PushResponse>;
          try {
            res = await desk.pushRaw(docs);
          } catch {
            continue; // the connection to the service itself failed: retry (it must not have died: checked below)
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) break;
          expect(res.status, JSON.stringify(res.body)).toBe(503);
          expect((res.body as unknown as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
          expect(attempt).toBeLessThan(200);
        }
      }
    }));
    killing = false;
    await kill;

    expect(terminated).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true);
    expect((await http(svc.url, 'GET', '/health')).status).toBe(200);
    // Every event applied, once.
    const { rows } = await killer.query<{ id: string; status: string }>(`select 1`).then(async () => {
      const c = new pg.Client({ connectionString: svc.databaseUrl });
      await c.connect();
      try {
        return await c.query<{ id: string; status: string }>(`select id, data->>'status' as status from records where collection = 'events' and id = any($1::text[])`, [sent]);
      } finally {
        await c.end();
      }
    });
    expect(rows).toHaveLength(sent.length);
    expect(rows.every((r) => r.status === 'applied')).toBe(true);
    const requests = (await admin.records<{ id: string }>('requests')).documents.filter((r) => r.id.startsWith('req-out-'));
    expect(requests).toHaveLength(sent.length);
    console.info(`db-outage: ${terminated} backends terminated; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 120_000);
});

describe.skipIf(!pgUp)('a connection lost during the token check', () => {
  let svc: InterceptedService;
  let desk: DeskClient;
  let failTokenCheck = false;

  beforeAll(async () => {
    svc = await startInterceptedService('postgres', (text, params) => {
      if (failTokenCheck && text.includes('from devices where token_hash')) throw new Error('Connection terminated unexpectedly');
      return params;
    });
    desk = await pairOnDb({ db: svc.db, url: svc.url }, 'NKUST');
  });
  afterAll(async () => svc?.dispose());

  it('answers 503 DATABASE_UNAVAILABLE (not 500) on every route that checks a token, then recovers', async () => {
    failTokenCheck = true;
    for (const [method, path] of [['GET', '/me'], ['GET', '/replication/status'], ['POST', '/replication/events/push'], ['POST', '/api/cards']] as const) {
      const res = await http<{ error: { code: string } }>(svc.url, method, path, { token: desk.token, body: method === 'POST' ? [] : undefined });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(503);
      expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
    }
    failTokenCheck = false;
    expect((await http(svc.url, 'GET', '/me', { token: desk.token })).status).toBe(200);
  });
});
