// Failed sign-ins, counted in the database so that every service process
// sees the same numbers: per account (ACCOUNT_MAX_FAILURES in the window lock
// it for LOCK_MINUTES, whoever tries) and per address (ADDRESS_MAX_FAILURES
// in the window refuse that address until the oldest ages out, whatever
// accounts it tries). The account key is a hash of library and account, so
// this table holds no card numbers. A library system that did not answer is
// not a failure: callers do not record it.
import { createHash } from 'node:crypto';
import type { Sql } from '#server/db/database';

export const ACCOUNT_MAX_FAILURES = 5;
export const ADDRESS_MAX_FAILURES = 20;
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export const accountKey = (libraryId: string, account: string): string => createHash('sha256').update(`${libraryId}\u0001${account.normalize('NFC')}`, 'utf8').digest('hex');

export type Blocked = { kind: 'account' | 'address'; until: string };

/** The account's lock or the address's block in force now, if any. */
export async function blockedNow(db: Sql, key: string, address: string, now = new Date()): Promise<Blocked | null> {
  const { rows: locks } = await db.query<{ until: Date | string }>('select until from portal_account_locks where key = $1 and until > $2', [key, now.toISOString()]);
  if (locks[0]) return { kind: 'account', until: new Date(locks[0].until).toISOString() };
  const { rows } = await db.query<{ n: string | number; oldest: Date | string | null }>(
    `select count(*) as n, min(at) as oldest from portal_sign_in_failures
      where kind = 'address' and key = $1 and at > $2::timestamptz - make_interval(mins => $3)`,
    [address, now.toISOString(), WINDOW_MINUTES],
  );
  const n = Number(rows[0]?.n ?? 0);
  if (n >= ADDRESS_MAX_FAILURES && rows[0]?.oldest) return { kind: 'address', until: new Date(new Date(rows[0].oldest).getTime() + WINDOW_MINUTES * 60_000).toISOString() };
  return null;
}

/** Count one failure; returns the lock when this one locked the account. */
export async function recordFailure(db: Sql, key: string, address: string, now = new Date()): Promise<Blocked | null> {
  const at = now.toISOString();
  await db.query(`insert into portal_sign_in_failures (kind, key, at) values ('account', $1, $3), ('address', $2, $3)`, [key, address, at]);
  // Bound the table: rows older than the window count for nothing.
  await db.query(`delete from portal_sign_in_failures where at < $1::timestamptz - make_interval(mins => $2)`, [at, WINDOW_MINUTES]);
  await db.query('delete from portal_account_locks where until < $1', [at]);
  const { rows } = await db.query<{ n: string | number }>(
    `select count(*) as n from portal_sign_in_failures where kind = 'account' and key = $1 and at > $2::timestamptz - make_interval(mins => $3)`,
    [key, at, WINDOW_MINUTES],
  );
  if (Number(rows[0]?.n ?? 0) < ACCOUNT_MAX_FAILURES) return null;
  const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
  await db.query('insert into portal_account_locks (key, until) values ($1, $2) on conflict (key) do update set until = excluded.until', [key, until]);
  // The lock starts a fresh count: after it ends, the next five failures lock again.
  await db.query(`delete from portal_sign_in_failures where kind = 'account' and key = $1`, [key]);
  return { kind: 'account', until };
}

/** A good sign-in clears the account's count (not the address's: a sprayer with one right guess keeps its count). */
export async function clearAccount(db: Sql, key: string): Promise<void> {
  await db.query(`delete from portal_sign_in_failures where kind = 'account' and key = $1`, [key]);
  await db.query('delete from portal_account_locks where key = $1', [key]);
}
