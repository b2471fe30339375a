// Portal sessions. The cookie holds a random secret; the database holds only
// its SHA-256, the patron and the session's CSRF token (a synchronizer token,
// as the console's: see src/server/console/sessions.ts). A session ends after
// IDLE_MINUTES without a call or ABSOLUTE_HOURS after sign-in, whichever
// comes first; a sign-in always makes a new one (never adopts a cookie sent to it).
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '#server/db/database';

export const IDLE_MINUTES = 120;
export const ABSOLUTE_HOURS = 12;
/** Expired rows are kept this long so a late call hears SESSION_EXPIRED rather than NOT_SIGNED_IN. */
const KEEP_EXPIRED_HOURS = 24;
/** last_seen_at is written at most this often per session (a page makes several calls a second). */
const TOUCH_EVERY_SECONDS = 60;
const SECRET_MAX = 100;

export const hashSecret = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface NewSession { secret: string; csrfToken: string; expiresAt: string }

export interface SessionRow { tokenHash: string; patronId: string; csrfToken: string; expiresAt: string }

export type SessionLookup = { kind: 'none' } | { kind: 'expired' } | { kind: 'live'; session: SessionRow };

const expiry = (lastSeen: Date, absolute: Date): string => new Date(Math.min(lastSeen.getTime() + IDLE_MINUTES * 60_000, absolute.getTime())).toISOString();

export async function createSession(db: Sql, patronId: string, now = new Date()): Promise<NewSession> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absolute = new Date(now.getTime() + ABSOLUTE_HOURS * 3_600_000);
  await db.query(
    `insert into portal_sessions (token_hash, patron_id, csrf_token, created_at, last_seen_at, absolute_expires_at) values ($1, $2, $3, $4, $4, $5)`,
    [hashSecret(secret), patronId, csrfToken, now.toISOString(), absolute.toISOString()],
  );
  // Swept as new ones are made.
  await db.query(
    `delete from portal_sessions where least(last_seen_at + make_interval(mins => $1), absolute_expires_at) < $2::timestamptz - make_interval(hours => $3)`,
    [IDLE_MINUTES, now.toISOString(), KEEP_EXPIRED_HOURS],
  );
  return { secret, csrfToken, expiresAt: expiry(now, absolute) };
}

/** The session a cookie names, if any, and whether it is still alive (touching it when it is). */
export async function findSession(db: Sql, secret: string | undefined, now = new Date()): Promise<SessionLookup> {
  if (!secret || secret.length > SECRET_MAX) return { kind: 'none' };
  const tokenHash = hashSecret(secret);
  const { rows } = await db.query<{ patron_id: string; csrf_token: string; last_seen_at: Date | string; absolute_expires_at: Date | string }>(
    'select patron_id, csrf_token, last_seen_at, absolute_expires_at from portal_sessions where token_hash = $1',
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return { kind: 'none' };
  const lastSeen = new Date(row.last_seen_at);
  const absolute = new Date(row.absolute_expires_at);
  if (Date.parse(expiry(lastSeen, absolute)) <= now.getTime()) return { kind: 'expired' };
  let seen = lastSeen;
  if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_SECONDS * 1000) {
    await db.query('update portal_sessions set last_seen_at = $2 where token_hash = $1', [tokenHash, now.toISOString()]);
    seen = now;
  }
  return { kind: 'live', session: { tokenHash, patronId: row.patron_id, csrfToken: row.csrf_token, expiresAt: expiry(seen, absolute) } };
}

export async function endSession(db: Sql, tokenHash: string): Promise<void> {
  await db.query('delete from portal_sessions where token_hash = $1', [tokenHash]);
}
