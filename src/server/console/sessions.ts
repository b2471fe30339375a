// Console sessions. The cookie holds a random secret; the database holds only
// its SHA-256, with the session's CSRF token. CSRF protection is a
// synchronizer token: every state-changing request must send the session's
// token in the x-csrf-token header (read by the page from /console/api/me),
// on top of the SameSite=Strict cookie that browsers already withhold from
// other sites' requests. We chose this over @fastify/csrf-protection because
// the token lives with the session row we already keep: no second cookie or
// signing secret to manage across service processes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '#server/db/database';

export const SESSION_COOKIE = 'relay_console';
export const SESSION_HOURS = 8;

const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export async function createSession(db: Sql, accountId: string): Promise<{ secret: string; csrfToken: string; expiresAt: string }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date | string }>(
    `insert into console_sessions (token_hash, account_id, csrf_token, expires_at) values ($1, $2, $3, now() + make_interval(hours => $4)) returning expires_at`,
    [hash(secret), accountId, csrfToken, SESSION_HOURS],
  );
  // Expired sessions are swept as new ones are made.
  await db.query('delete from console_sessions where expires_at < now()');
  return { secret, csrfToken, expiresAt: new Date(rows[0]!.expires_at).toISOString() };
}

export async function findSession(db: Sql, secret: string | undefined): Promise<{ accountId: string; csrfToken: string; tokenHash: string } | null> {
  if (!secret || secret.length > 100) return null;
  const { rows } = await db.query<{ account_id: string; csrf_token: string }>('select account_id, csrf_token from console_sessions where token_hash = $1 and expires_at > now()', [hash(secret)]);
  return rows[0] ? { accountId: rows[0].account_id, csrfToken: rows[0].csrf_token, tokenHash: hash(secret) } : null;
}

export async function endSession(db: Sql, tokenHash: string): Promise<void> {
  await db.query('delete from console_sessions where token_hash = $1', [tokenHash]);
}

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
