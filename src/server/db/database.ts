// One small interface over PGlite (embedded, the default) and node-postgres
// (a PostgreSQL server via DATABASE_URL), so every query and migration is the
// same SQL on both.

export interface QueryResult<R> {
  rows: R[];
  affectedRows: number;
}

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Run fn in one transaction on one connection; rolled back if fn throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Subscribe to a NOTIFY channel; returns an unsubscribe function. onGap is
   * called after the listening connection was lost and re-established:
   * notifications may have been missed in between.
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
