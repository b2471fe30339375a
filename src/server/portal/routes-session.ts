// Signing in and out, and who is signed in:
//   GET    /portal/api/libraries   member libraries and how their patrons sign in
//   POST   /portal/api/session     SignInBody → PortalMe, sets a new session cookie (any cookie sent is not adopted)
//   DELETE /portal/api/session     signs out (CSRF)
//   GET    /portal/api/me          PortalMe
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireStorableText } from '#server/http/input';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { codePointLength } from '#shared/text/unicode';
import { PORTAL_COOKIE, PORTAL_PATHS, type PortalLibrary, type PortalMe } from '#shared/portal/wire';
import type { PatronRecord } from '#shared/domain/records';
import { patronOf, sessionOf } from './guard';
import { ABSOLUTE_HOURS, createSession, endSession, hashSecret } from './sessions';
import { signIn } from './sign-in';
import { sip2Libraries } from './sip2-settings';
import { activeLibraries, library } from './views';

type Guard = (req: FastifyRequest) => Promise<void>;

const LIBRARY = new RegExp(LIBRARY_CODE_PATTERN);
const COOKIE_PATH = '/portal';

function text(o: Record<string, unknown>, field: string, max: number): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: required text`);
  if (codePointLength(v) > max) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: at most ${max} characters`);
  requireStorableText(v, `/${field}`);
  return v;
}

async function me(db: Database, patron: PatronRecord, csrfToken: string, expiresAt: string): Promise<PortalMe> {
  const home = await library(db, patron.homeLibraryId);
  return { patron: { id: patron.id, name: patron.name, homeLibraryId: patron.homeLibraryId, homeLibraryName: home?.nameZh ?? patron.homeLibraryId }, csrfToken, expiresAt };
}

export function registerSessionRoutes(scope: FastifyInstance, db: Database, signedIn: Guard, opts: { publicUrl: string | undefined }): void {
  const secure = (req: FastifyRequest): boolean => req.protocol === 'https' || (opts.publicUrl ?? '').startsWith('https:');

  scope.get(PORTAL_PATHS.libraries, async (): Promise<{ libraries: PortalLibrary[] }> => {
    const [libs, sip2] = await Promise.all([activeLibraries(db), sip2Libraries(db)]);
    return { libraries: libs.map((l) => ({ id: l.id, name: l.nameZh, signIn: sip2.has(l.id) ? 'sip2' : 'password' })) };
  });

  scope.post(PORTAL_PATHS.session, async (req, reply: FastifyReply) => {
    const body = allowOnly(requireObject(req.body), ['libraryId', 'account', 'password']);
    const libraryId = body['libraryId'];
    if (typeof libraryId !== 'string' || !LIBRARY.test(libraryId)) throw new ApiError(400, 'VALIDATION_FAILED', '/libraryId: a member library code such as NKUST');
    const account = text(body, 'account', 64).trim();
    const password = text(body, 'password', 200);
    const lib = await library(db, libraryId);
    if (!lib || !lib.active) throw new ApiError(404, 'UNKNOWN_LIBRARY', `${libraryId} 不是聯盟的會員圖書館。 ${libraryId} is not a member library.`);
    const patron = await signIn(db, { libraryId, account, password, address: req.ip });
    // No fixation: whatever session the browser sent is ended, and the patron gets a new one.
    const old = req.cookies[PORTAL_COOKIE];
    if (old && old.length <= 100) await endSession(db, hashSecret(old));
    const s = await createSession(db, patron.id);
    reply.setCookie(PORTAL_COOKIE, s.secret, { httpOnly: true, sameSite: 'strict', secure: secure(req), path: COOKIE_PATH, maxAge: ABSOLUTE_HOURS * 3600 });
    return me(db, patron, s.csrfToken, s.expiresAt);
  });

  scope.register(async (signed) => {
    signed.addHook('preHandler', signedIn);
    signed.get(PORTAL_PATHS.me, async (req) => {
      const s = sessionOf(req);
      return me(db, patronOf(req), s.csrfToken, s.expiresAt);
    });
    signed.delete(PORTAL_PATHS.session, async (req, reply) => {
      await endSession(db, sessionOf(req).tokenHash);
      reply.clearCookie(PORTAL_COOKIE, { path: COOKIE_PATH });
      return reply.status(204).send();
    });
  });
}
