// A PostgreSQL server through node-postgres: a pool for queries and
// transactions, and one dedicated connection for LISTEN.
import pg from 'pg';
import type { Database, QueryResult, Sql } from './database';
import { isUnavailable } from './errors';

// Keep BIGINT (the replication sequence) exact: parse int8 as a JS number only when safe.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 out of safe range: ${v}`);
  return n;
});

export async function openPostgres(connectionString: string, poolSize = 10, onError: (err: unknown) => void = () => undefined): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection dropped by the server (restart, failover) must not crash the service:
  // the pool replaces it, and the request that needed it fails with a retryable error.
  pool.on('error', onError);
  // Fail fast on a bad URL or a server that is down, with the server's own message.
  await pool.query('select 1');
  let listener: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const gapHandlers = new Set<() => void>();

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({ connectionString });
    client.on('notification', (msg) => {
      for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    const lost = (err?: unknown) => {
      if (err) onError(err);
      if (listener !== client || closed) return;
      listener = null;
      // Reconnect with backoff; once back, listeners must resync what they may have missed.
      setTimeout(() => {
        if (closed) return;
        connectListener().then(() => {
          retryMs = 500;
          for (const g of gapHandlers) g();
        }, (e: unknown) => {
          onError(e);
          retryMs = Math.min(retryMs * 2, 30_000);
          lost();
        });
      }, retryMs);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    for (const channel of handlers.keys()) await client.query(`listen ${channel}`);
    listener = client;
  };

  const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await c.query(text, params ? [...params] : undefined);
      return { rows: res.rows as R[], affectedRows: res.rowCount ?? 0 };
    },
    async exec(text: string): Promise<void> {
      await c.query(text);
    },
  });

  return {
    kind: 'postgres',
    query: wrap(pool).query,
    exec: wrap(pool).exec,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // The pool listens for errors only on idle clients: a connection dropped while checked out
      // (server restart, failover, pg_terminate_backend) emits 'error' on the client, which with
      // no listener would end the process. Listen while it is ours; the query in flight fails too,
      // and the broken client is handed back with release(err) so the pool destroys it.
      let broken: unknown = null;
      const onClientError = (err: unknown) => {
        broken = err;
        onError(err);
      };
      client.on('error', onClientError);
      try {
        await client.query('begin');
        const out = await fn(wrap(client));
        await client.query('commit');
        return out;
      } catch (err) {
        if (isUnavailable(err)) broken ??= err;
        if (!broken) await client.query('rollback').catch((e: unknown) => (broken = e));
        throw err;
      } finally {
        client.removeListener('error', onClientError);
        client.release(broken ? (broken instanceof Error ? broken : new Error('connection lost')) : undefined);
      }
    },
    async listen(channel, onPayload, onGap) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        if (listener) await listener.query(`listen ${channel}`);
      }
      if (!listener) await connectListener();
      set.add(onPayload);
      if (onGap) gapHandlers.add(onGap);
      return async () => {
        set.delete(onPayload);
        if (onGap) gapHandlers.delete(onGap);
      };
    },
    async close() {
      closed = true;
      const l = listener;
      listener = null;
      if (l) await l.end().catch(() => undefined);
      await pool.end();
    },
  };
}
