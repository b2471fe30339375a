// Who is calling the console API and what they may touch. A library
// administrator is pinned to their own school: any other school's id in a
// path, query or body is refused with 403 before anything is read.
import type { FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { accountById, type Account } from './accounts';
import { findSession, SESSION_COOKIE, sameToken } from './sessions';
import type { Actor } from './audit';

declare module 'fastify' {
  interface FastifyRequest {
    consoleAccount: Account | null;
    consoleSession: { csrfToken: string; tokenHash: string } | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** preHandler for every signed-in route: a live session, and the CSRF token on anything that changes state. */
export function requireSignedIn(db: Database) {
  return async (req: FastifyRequest): Promise<void> => {
    const s = await findSession(db, req.cookies[SESSION_COOKIE]);
    const account = s ? await accountById(db, s.accountId) : null;
    if (!s || !account) throw new ApiError(401, 'NOT_SIGNED_IN', 'Sign in to the console first.');
    if (!SAFE.has(req.method) && !sameToken(req.headers['x-csrf-token'], s.csrfToken)) {
      throw new ApiError(403, 'CSRF_TOKEN_INVALID', 'Send the session\'s CSRF token in the x-csrf-token header (GET /console/api/me gives it).');
    }
    req.consoleAccount = account;
    req.consoleSession = { csrfToken: s.csrfToken, tokenHash: s.tokenHash };
  };
}

export function accountOf(req: FastifyRequest): Account {
  if (!req.consoleAccount) throw new ApiError(401, 'NOT_SIGNED_IN', 'Sign in to the console first.');
  return req.consoleAccount;
}

export const actorOf = (a: Account): Actor => ({ accountId: a.id, username: a.username });

export function requireOffice(a: Account): void {
  if (a.role !== 'office') throw new ApiError(403, 'OFFICE_ONLY', 'Only the consortium office may do this.');
}

/** The school an account may act on: its own for a library administrator (asking for another is 403); any for the office. */
export function schoolFor(a: Account, requested: string | null | undefined): string | null {
  if (a.role === 'office') return requested ?? null;
  if (requested && requested !== a.libraryId) throw new ApiError(403, 'OTHER_LIBRARY', 'A library administrator sees and changes only their own library.');
  return a.libraryId;
}
