// Test support: the service on a real database (PGlite or PostgreSQL) seen
// through a wrapper that can change or fail chosen statements, to produce
// what is hard to make on demand — a value the database itself refuses in
// the middle of a group commit, a connection lost during a token check.
import { randomBytes } from 'node:crypto';
import type { Database, QueryResult, Sql } from '#server/db/database';
import { openDatabase } from '#server/db/open';
import { bootstrapDirectory } from '#server/admin/bootstrap';
import { buildApp, type AppOptions, type RelayApp } from '#server/http/app';
import { createTestDatabase, type Backend } from './service';

/** Sees every statement (inside transactions too) and may rewrite its parameters or throw. */
export type Interceptor = (text: string, params: readonly unknown[] | undefined) => readonly unknown[] | undefined;

function wrapSql<T extends Sql>(sql: T, intercept: Interceptor): Sql {
  return {
    query: <R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
      try {
        return sql.query<R>(text, intercept(text, params));
      } catch (err) {
        return Promise.reject(err);
      }
    },
    exec: (text: string) => sql.exec(text),
  };
}

export function interceptedDatabase(db: Database, intercept: Interceptor): Database {
  const outer = wrapSql(db, intercept);
  return {
    kind: db.kind,
    query: outer.query,
    exec: outer.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrapSql(tx, intercept))),
    listen: (channel, onPayload, onGap) => db.listen(channel, onPayload, onGap),
    close: () => db.close(),
  };
}

export interface InterceptedService {
  url: string;
  adminToken: string;
  /** The database without the wrapper. */
  db: Database;
  relay: RelayApp;
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** The service (buildApp, as startService builds it) over a fresh database seen through `intercept`. */
export async function startInterceptedService(backend: Backend, intercept: Interceptor, opts: Partial<AppOptions> = {}): Promise<InterceptedService> {
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | null = null;
  if (backend === 'postgres') ({ url: databaseUrl, drop } = await createTestDatabase());
  const db = await openDatabase({ databaseUrl, onError: () => undefined });
  await bootstrapDirectory(db);
  const adminToken = `rda_${randomBytes(24).toString('base64url')}`;
  const relay = await buildApp({ db: interceptedDatabase(db, intercept), adminToken, rateLimitPerMinute: 100_000, ...opts });
  const address = await relay.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${new URL(address).port}`,
    adminToken,
    db,
    relay,
    databaseUrl,
    async dispose() {
      await relay.close();
      await db.close();
      if (drop) await drop();
    },
  };
}
