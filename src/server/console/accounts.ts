// Console accounts: the consortium office (every school) or one library's
// administrator. Sign-in checks the password (scrypt), then the TOTP code if
// the account has one. Five wrong passwords in a row lock the account for 15
// minutes, and the refusal says when it unlocks; the per-address limit is in
// login-limits.ts.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

export type ConsoleRole = 'office' | 'library';

export interface Account { id: string; username: string; displayName: string; role: ConsoleRole; libraryId: string | null; totp: boolean }

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

interface Row { id: string; username: string; display_name: string; role: ConsoleRole; library_id: string | null; password_hash: string; totp_secret: string | null; failed_logins: number; locked_until: Date | string | null; disabled: boolean }

const toAccount = (r: Row): Account => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role, libraryId: r.library_id, totp: r.totp_secret !== null });

export interface NewAccount { username: string; displayName: string; role: ConsoleRole; libraryId: string | null; password: string; totp: boolean }

export function checkNewAccount(body: Record<string, unknown>): NewAccount {
  const username = typeof body['username'] === 'string' ? body['username'] : '';
  if (!USERNAME.test(username)) throw new ApiError(400, 'VALIDATION_FAILED', 'username: 3–40 lower-case letters, digits, ".", "_" or "-"');
  const displayName = typeof body['displayName'] === 'string' ? body['displayName'].trim() : '';
  if (displayName.length < 1 || displayName.length > 80) throw new ApiError(400, 'VALIDATION_FAILED', 'displayName: 1–80 characters');
  const role = body['role'];
  if (role !== 'office' && role !== 'library') throw new ApiError(400, 'VALIDATION_FAILED', 'role: office or library');
  const libraryId = role === 'library' ? body['libraryId'] : null;
  if (role === 'library' && (typeof libraryId !== 'string' || !/^[A-Z][A-Z0-9]{1,15}$/.test(libraryId))) throw new ApiError(400, 'VALIDATION_FAILED', 'libraryId: a library code such as NKUST (for role library)');
  const problem = passwordProblem(body['password']);
  if (problem) throw new ApiError(400, 'VALIDATION_FAILED', problem);
  return { username, displayName, role, libraryId: libraryId as string | null, password: body['password'] as string, totp: body['totp'] === true };
}

/** Create an account; returns it and, when TOTP was asked for, the secret to enrol in an authenticator app (shown once). */
export async function createAccount(tx: Sql, a: NewAccount): Promise<{ account: Account; totpUri: string | null }> {
  if (a.libraryId) {
    const { rows } = await tx.query(`select 1 from records where collection = 'libraries' and id = $1`, [a.libraryId]);
    if (rows.length === 0) throw new ApiError(422, 'UNKNOWN_LIBRARY', `There is no library ${a.libraryId}.`);
  }
  const secret = a.totp ? new Secret({ size: 20 }) : null;
  const id = `acc_${randomBytes(9).toString('base64url')}`;
  const { rows } = await tx.query<Row>(
    `insert into console_accounts (id, username, display_name, role, library_id, password_hash, totp_secret)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (username) do nothing returning *`,
    [id, a.username, a.displayName, a.role, a.libraryId, await hashPassword(a.password), secret?.base32 ?? null],
  );
  if (rows.length === 0) throw new ApiError(409, 'USERNAME_IN_USE', `The username ${a.username} is already in use.`);
  const uri = secret ? new TOTP({ issuer: 'Relay Desk', label: a.username, secret }).toString() : null;
  return { account: toAccount(rows[0]!), totpUri: uri };
}

export async function accountById(db: Sql, id: string): Promise<Account | null> {
  const { rows } = await db.query<Row>('select * from console_accounts where id = $1 and not disabled', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function listAccounts(db: Sql, libraryId: string | null): Promise<Account[]> {
  const { rows } = await db.query<Row>('select * from console_accounts where ($1::text is null or library_id = $1) order by username', [libraryId]);
  return rows.map(toAccount);
}

export type LoginResult = { ok: true; account: Account } | { ok: false; code: 'BAD_CREDENTIALS' | 'TOTP_REQUIRED' | 'TOTP_INVALID' } | { ok: false; code: 'ACCOUNT_LOCKED'; unlocksAt: string };

/** Check a sign-in; counts failures and locks the account after MAX_FAILED_LOGINS. */
export async function checkLogin(db: Sql, username: string, password: string, totpCode: string | undefined, now = new Date()): Promise<LoginResult> {
  const { rows } = await db.query<Row>('select * from console_accounts where username = $1 and not disabled', [username]);
  const row = rows[0];
  if (!row) {
    // Spend the same time as a real check, so a wrong username is not told apart by timing.
    await verifyPassword(password, 'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    return { ok: false, code: 'BAD_CREDENTIALS' };
  }
  if (row.locked_until && new Date(row.locked_until) > now) return { ok: false, code: 'ACCOUNT_LOCKED', unlocksAt: new Date(row.locked_until).toISOString() };
  const fail = async (code: 'BAD_CREDENTIALS' | 'TOTP_INVALID'): Promise<LoginResult> => {
    const { rows: upd } = await db.query<{ failed_logins: number; locked_until: Date | string | null }>(
      `update console_accounts set failed_logins = failed_logins + 1,
              locked_until = case when failed_logins + 1 >= $2 then $3::timestamptz + make_interval(mins => $4) else locked_until end
        where id = $1 returning failed_logins, locked_until`,
      [row.id, MAX_FAILED_LOGINS, now.toISOString(), LOCK_MINUTES],
    );
    const u = upd[0];
    if (u && u.failed_logins >= MAX_FAILED_LOGINS && u.locked_until) {
      await db.query('update console_accounts set failed_logins = 0 where id = $1', [row.id]);
      return { ok: false, code: 'ACCOUNT_LOCKED', unlocksAt: new Date(u.locked_until).toISOString() };
    }
    return { ok: false, code };
  };
  if (!(await verifyPassword(password, row.password_hash))) return fail('BAD_CREDENTIALS');
  if (row.totp_secret) {
    if (!totpCode) return { ok: false, code: 'TOTP_REQUIRED' };
    const totp = new TOTP({ secret: Secret.fromBase32(row.totp_secret) });
    if (!/^\d{6}$/.test(totpCode) || totp.validate({ token: totpCode, window: 1, timestamp: now.getTime() }) === null) return fail('TOTP_INVALID');
  }
  await db.query('update console_accounts set failed_logins = 0, locked_until = null where id = $1', [row.id]);
  return { ok: true, account: toAccount(row) };
}
