// Who is calling the portal API: only the portal cookie counts (a device or
// administrator bearer token opens nothing here, and this cookie opens nothing
// elsewhere: it is scoped to Path=/portal and read only by this feature).
// Every state-changing call also needs the session's CSRF token.
import type { FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { sameToken } from '#server/console/sessions';
import { CSRF_HEADER, PORTAL_COOKIE } from '#shared/portal/wire';
import type { PatronRecord } from '#shared/domain/records';
import { findSession, type SessionRow } from './sessions';
import { patronById } from './sign-in';

declare module 'fastify' {
  interface FastifyRequest {
    portalPatron: PatronRecord | null;
    portalSession: SessionRow | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const notSignedIn = (): ApiError => new ApiError(401, 'NOT_SIGNED_IN', '請先登入。 Sign in first.');

export function requirePatron(db: Database) {
  return async (req: FastifyRequest): Promise<void> => {
    const found = await findSession(db, req.cookies[PORTAL_COOKIE]);
    if (found.kind === 'expired') throw new ApiError(401, 'SESSION_EXPIRED', '登入已逾時，請重新登入。 Your session has ended: sign in again.');
    if (found.kind === 'none') throw notSignedIn();
    const patron = await patronById(db, found.session.patronId);
    if (!patron) throw notSignedIn();
    if (!SAFE.has(req.method) && !sameToken(req.headers[CSRF_HEADER], found.session.csrfToken)) {
      throw new ApiError(403, 'CSRF_REFUSED', `Send the session's CSRF token (from GET /portal/api/me) in the ${CSRF_HEADER} header.`);
    }
    req.portalPatron = patron;
    req.portalSession = found.session;
  };
}

export function patronOf(req: FastifyRequest): PatronRecord {
  if (!req.portalPatron) throw notSignedIn();
  return req.portalPatron;
}

export function sessionOf(req: FastifyRequest): SessionRow {
  if (!req.portalSession) throw notSignedIn();
  return req.portalSession;
}
