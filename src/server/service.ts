// Starting and stopping the central service: database, migrations, the
// administrator token, optional demo data, and the HTTP listener.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from './db/open';
import type { Database } from './db/database';
import { buildApp, type RelayApp } from './app';
import { loadDemo } from './demo';
import { bootstrapDirectory } from './bootstrap';

export interface ServiceOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string | undefined;
  adminToken?: string | undefined;
  demo?: boolean;
  logger?: boolean | { level: string };
  rateLimitPerMinute?: number;
  /** Keep PGlite in memory (tests) instead of in dataDir. */
  inMemory?: boolean;
}

export interface RunningService {
  url: string;
  port: number;
  adminToken: string;
  db: Database;
  relay: RelayApp;
  stop(): Promise<void>;
}

/** The administrator token: ADMIN_TOKEN, or one generated once and kept (mode 600) in the data directory. */
export async function resolveAdminToken(dataDir: string, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const file = join(dataDir, 'admin-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const token = `rda_${randomBytes(24).toString('base64url')}`;
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return token;
  }
}

export async function startService(opts: ServiceOptions = {}): Promise<RunningService> {
  const dataDir = resolve(opts.dataDir ?? './data');
  if (!opts.inMemory) await mkdir(dataDir, { recursive: true });
  // Connection errors are logged once the HTTP app (and its logger) exists; until then to stderr.
  let logDbError = (err: unknown) => console.error('database connection error', err);
  const db = await openDatabase({
    databaseUrl: opts.databaseUrl,
    dataDir: opts.inMemory || opts.databaseUrl ? undefined : join(dataDir, 'pglite'),
    onError: (err) => logDbError(err),
  });
  const adminToken = opts.inMemory ? (opts.adminToken ?? `rda_${randomBytes(24).toString('base64url')}`) : await resolveAdminToken(dataDir, opts.adminToken);
  await bootstrapDirectory(db);
  if (opts.demo) await loadDemo(db);
  const relay = await buildApp({ db, adminToken, logger: opts.logger ?? false, ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}) });
  logDbError = (err) => relay.app.log.warn({ err }, 'database connection error (the service keeps running)');
  const address = await relay.app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 8787 });
  const port = Number(new URL(address).port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken,
    db,
    relay,
    async stop() {
      await relay.close();
      await db.close();
    },
  };
}
