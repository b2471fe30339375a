// Embedded PostgreSQL (PGlite, WASM) in a data directory: a new user needs no
// database server. PGlite is a single connection, so transactions are
// serialised here; LISTEN/NOTIFY works within the process.
import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Sql } from './database';

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  let chain: Promise<unknown> = Promise.resolve();

  const query = async <R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await pg.query<R>(text, params ? [...params] : undefined);
    return { rows: res.rows, affectedRows: res.affectedRows ?? 0 };
  };

  const db: Database = {
    kind: 'pglite',
    // Plain queries wait for an open transaction to finish: on one connection they would run inside it.
    query: <R>(text: string, params?: readonly unknown[]) => {
      const run = chain.then(() => query<R>(text, params));
      chain = run.catch(() => undefined);
      return run;
    },
    exec: (text: string) => {
      const run = chain.then(() => pg.exec(text)).then(() => undefined);
      chain = run.catch(() => undefined);
      return run;
    },
    transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const run = chain.then(() =>
        pg.transaction(async (t) => {
          const tx: Sql = {
            query: async <R>(text: string, params?: readonly unknown[]) => {
              const res = await t.query<R>(text, params ? [...params] : undefined);
              return { rows: res.rows, affectedRows: res.affectedRows ?? 0 };
            },
            exec: async (text: string) => {
              await t.exec(text);
            },
          };
          return fn(tx);
        }),
      );
      chain = run.catch(() => undefined);
      return run as Promise<T>;
    },
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => unsub();
    },
    async close() {
      await chain;
      await pg.close();
    },
  };
  return db;
}
