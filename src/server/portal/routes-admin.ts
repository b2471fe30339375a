// The administrator's portal settings (bearer ADMIN_TOKEN; no cookie counts here):
//   POST /admin/portal/passwords        {patronId, password}: the portal password the consortium keeps for a patron
//   GET  /admin/portal/sip2/:libraryId  the library's SIP2 sign-in settings (never the login password)
//   PUT  /admin/portal/sip2/:libraryId  set them (an omitted loginPassword keeps the stored one)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { hashPassword, passwordProblem } from '#server/console/passwords';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { getSip2Settings, parseSip2Settings, putSip2Settings, viewOf } from './sip2-settings';
import { patronById } from './sign-in';
import { library } from './views';

type Guard = (req: FastifyRequest) => Promise<void>;
const LIBRARY = new RegExp(LIBRARY_CODE_PATTERN);

/** Store (or replace) a patron's portal password; also the CLI's and the demo's way in. */
export async function setPortalPassword(db: Database, patronId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new ApiError(400, 'VALIDATION_FAILED', `/${problem}`);
  if (!(await patronById(db, patronId))) throw new ApiError(404, 'UNKNOWN_PATRON', `No patron ${patronId}.`);
  await db.query(
    `insert into portal_passwords (patron_id, hash, updated_at) values ($1, $2, now()) on conflict (patron_id) do update set hash = excluded.hash, updated_at = now()`,
    [patronId, await hashPassword(password)],
  );
}

function libraryParam(req: FastifyRequest): string {
  const id = (req.params as Record<string, string | undefined>)['libraryId'] ?? '';
  if (!LIBRARY.test(id)) throw new ApiError(400, 'VALIDATION_FAILED', '/libraryId: a library code such as NKUST');
  return id;
}

export function registerPortalAdminRoutes(app: FastifyInstance, db: Database, requireAdmin: Guard): void {
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    admin.post('/admin/portal/passwords', async (req) => {
      const body = allowOnly(requireObject(req.body), ['patronId', 'password']);
      const patronId = requireString(body, 'patronId', 64);
      if (typeof body['password'] !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '/password: text');
      await setPortalPassword(db, patronId, body['password']);
      return { ok: true, patronId };
    });
    admin.get('/admin/portal/sip2/:libraryId', async (req) => {
      const s = await getSip2Settings(db, libraryParam(req));
      if (!s) throw new ApiError(404, 'NOT_FOUND', `No SIP2 sign-in settings for ${libraryParam(req)}: its patrons sign in with a password the consortium keeps.`);
      return viewOf(s, s.updatedAt);
    });
    admin.put('/admin/portal/sip2/:libraryId', async (req) => {
      const libraryId = libraryParam(req);
      if (!(await library(db, libraryId))) throw new ApiError(404, 'UNKNOWN_LIBRARY', `Library ${libraryId} is not in the directory.`);
      return putSip2Settings(db, parseSip2Settings(libraryId, req.body, await getSip2Settings(db, libraryId)));
    });
  });
}
