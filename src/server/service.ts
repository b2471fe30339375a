// Starting and stopping the central service: database, migrations, the
// administrator token, optional demo data, and the HTTP listener.
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from './db/open';
import type { Database } from './db/database';
import { buildApp, type RelayApp } from '#server/http/app';
import { loadDemo } from '#server/demo/demo';
import { bootstrapDirectory } from '#server/admin/bootstrap';
import { ensurePrivateDir, privatiseTree, resolveAdminToken, resolveCardKeySecret } from '#server/db/data-dir';
import type { LogSettings } from '#server/http/logging';
import type { TimeBounds } from '#server/events/push-screens';

export interface ServiceOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string | undefined;
  adminToken?: string | undefined;
  demo?: boolean;
  logger?: boolean | LogSettings;
  /** Proxies whose X-Forwarded-For is believed; default TRUST_PROXY (see rate-limits.ts). */
  trustProxy?: string | undefined;
  rateLimitPerMinute?: number;
  /** See AppOptions.eventTimeBounds. */
  eventTimeBounds?: TimeBounds | undefined;
  /** Keep PGlite in memory (tests) instead of in dataDir. */
  inMemory?: boolean;
  /** See AppOptions.exchangeNow. */
  exchangeNow?: () => number;
}

export interface RunningService {
  url: string;
  port: number;
  adminToken: string;
  db: Database;
  relay: RelayApp;
  stop(): Promise<void>;
}

export async function startService(opts: ServiceOptions = {}): Promise<RunningService> {
  const dataDir = resolve(opts.dataDir ?? './data');
  // Patron data and secrets: the data directory and everything in it are the service user's alone.
  const pgliteDir = opts.inMemory || opts.databaseUrl ? undefined : join(dataDir, 'pglite');
  if (!opts.inMemory) await ensurePrivateDir(dataDir);
  if (pgliteDir) await ensurePrivateDir(pgliteDir);
  // Connection errors are logged once the HTTP app (and its logger) exists; until then to stderr.
  let logDbError = (err: unknown) => console.error('database connection error', err);
  const db = await openDatabase({
    databaseUrl: opts.databaseUrl,
    dataDir: pgliteDir,
    onError: (err) => logDbError(err),
  });
  if (pgliteDir) await privatiseTree(pgliteDir);
  // Sealed by default: without CARD_KEY_SECRET, a secret made once and kept beside the data (tests in memory keep none).
  const envCardSecret = process.env['CARD_KEY_SECRET'] || undefined;
  const cardKeySecret = opts.inMemory ? envCardSecret : await resolveCardKeySecret(dataDir, envCardSecret);
  const adminToken = opts.inMemory ? (opts.adminToken ?? `rda_${randomBytes(24).toString('base64url')}`) : await resolveAdminToken(dataDir, opts.adminToken);
  await bootstrapDirectory(db);
  if (opts.demo) await loadDemo(db, Date.now(), cardKeySecret);
  const relay = await buildApp({ db, adminToken, cardKeySecret, trustProxy: opts.trustProxy, eventTimeBounds: opts.eventTimeBounds, logger: opts.logger ?? false, ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}), ...(opts.exchangeNow ? { exchangeNow: opts.exchangeNow } : {}) });
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
