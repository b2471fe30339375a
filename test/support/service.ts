// Test support: a real service on loopback, on embedded PGlite or on the
// PostgreSQL server named by TEST_DATABASE_URL (a fresh database per service).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startService, type RunningService, type ServiceOptions } from '#server/service';
import type { TimeBounds } from '#server/events/push-screens';

export type Backend = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgAvailable: Promise<boolean> | null = null;
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  })();
  return pgAvailable;
}

/** The backends to run a suite on; PostgreSQL is skipped loudly, never silently, when no server answers. */
export async function backends(): Promise<Backend[]> {
  if (await postgresAvailable()) return ['pglite', 'postgres'];
  console.warn(`\n*** PostgreSQL not reachable at ${TEST_DATABASE_URL}: the PostgreSQL half of the service tests is SKIPPED ***\n`);
  return ['pglite'];
}

export async function createTestDatabase(prefix = 'relay_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestService extends RunningService {
  backend: Backend;
  databaseUrl: string | undefined;
}

/** Event-time bounds for suites that date events months ahead to make time pass (fines, expiry). */
export const TIME_TRAVEL_BOUNDS: TimeBounds = { futureMs: 400 * 86_400_000, pastMs: 400 * 86_400_000 };

export async function startTestService(backend: Backend, opts: { demo?: boolean; databaseUrl?: string; rateLimitPerMinute?: number; eventTimeBounds?: TimeBounds; logger?: ServiceOptions['logger']; trustProxy?: string } = {}): Promise<TestService & { dispose(): Promise<void> }> {
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | null = null;
  if (backend === 'postgres') {
    if (opts.databaseUrl) databaseUrl = opts.databaseUrl;
    else ({ url: databaseUrl, drop } = await createTestDatabase());
  }
  const svc = await startService({
    port: 0, inMemory: true, databaseUrl, demo: opts.demo ?? false,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000,
    eventTimeBounds: opts.eventTimeBounds,
    trustProxy: opts.trustProxy,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return {
    ...svc,
    backend,
    databaseUrl,
    async dispose() {
      await svc.stop();
      if (drop) await drop();
    },
  };
}
