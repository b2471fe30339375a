// Administrator API: the consortium's libraries, policies, patrons, devices,
// and requests (until a patron portal exists). Used by the CLI (cli.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { applyAdminEvent } from '#server/events/admin-events';
import { createPairingCode, listDevices, revokeDevice } from '#server/pairing/auth';
import { ApiError } from '#server/http/errors';
import { allowOnly, queryInt, requireObject } from '#server/http/input';
import { announceRevocation } from '#server/records/records-repo';
import { isRecordCollection } from '#shared/domain/records';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { newId } from '#shared/domain/ids';
import { clip } from '#shared/text/unicode';
import type { EventPayload } from '#shared/domain/events';

const DEVICE_ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

type AdminGuard = (req: FastifyRequest) => Promise<void>;

const libraryCode = (v: unknown, field: string): string => {
  if (typeof v !== 'string' || !new RegExp(LIBRARY_CODE_PATTERN).test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `${field}: a library code such as NKUST`);
  return v;
};

export function registerAdminRoutes(app: FastifyInstance, db: Database, requireAdmin: AdminGuard): void {
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);

    admin.get('/admin/records/:collection', async (req) => {
      const name = (req.params as { collection: string }).collection;
      if (name !== 'events' && !isRecordCollection(name)) throw new ApiError(404, 'UNKNOWN_COLLECTION', `There is no collection "${clip(name, 40)}".`);
      const seq = queryInt(req.query, 'seq', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = queryInt(req.query, 'limit', 500, 1, 5000);
      const { rows } = await db.query<{ seq: number | string; data: Record<string, unknown> }>(
        'select seq, data from records where collection = $1 and seq > $2 order by seq limit $3',
        [name, seq, limit],
      );
      return { documents: rows.map((r) => r.data), checkpoint: { seq: rows.length ? Number(rows.at(-1)!.seq) : seq } };
    });

    admin.put('/admin/libraries/:id', async (req) => {
      const id = libraryCode((req.params as { id: string }).id, '/id');
      const body = requireObject(req.body);
      const library = { ...body, id } as EventPayload<'library.upserted'>['library'];
      await applyAdminEvent(db, 'library.upserted', id, { library });
      return { ok: true, id };
    });

    admin.put('/admin/policies/:scope', async (req) => {
      const scope = (req.params as { scope: string }).scope;
      const libraryId = scope === 'consortium' ? null : libraryCode(scope, '/scope');
      const body = requireObject(req.body);
      await applyAdminEvent(db, 'policy.set', libraryId ?? 'consortium', { libraryId, fields: body as EventPayload<'policy.set'>['fields'] });
      return { ok: true, id: libraryId ?? 'consortium' };
    });

    admin.put('/admin/patrons/:id', async (req) => {
      const id = (req.params as { id: string }).id;
      const body = requireObject(req.body);
      const patron = { ...body, id } as EventPayload<'patron.upserted'>['patron'];
      await applyAdminEvent(db, 'patron.upserted', libraryCode(body['homeLibraryId'], '/homeLibraryId'), { patron });
      return { ok: true, id };
    });

    admin.post('/admin/requests', async (req) => {
      const body = requireObject(req.body);
      const borrower = libraryCode(body['borrowerLibraryId'], '/borrowerLibraryId');
      const requestId = typeof body['requestId'] === 'string' ? body['requestId'] : `req-${newId()}`;
      const { borrowerLibraryId: _b, requestId: _r, ...rest } = body;
      const payload = { requestId, neededBy: null, note: '', ...rest } as EventPayload<'request.created'>;
      await applyAdminEvent(db, 'request.created', borrower, payload);
      return { ok: true, id: requestId };
    });

    admin.post('/admin/pairing-codes', async (req) => {
      const body = allowOnly(requireObject(req.body), ['libraryId', 'role']);
      const libraryId = libraryCode(body['libraryId'], '/libraryId');
      const role = body['role'] ?? 'staff';
      if (role !== 'staff' && role !== 'kiosk') throw new ApiError(400, 'VALIDATION_FAILED', '/role: "staff" or "kiosk"');
      const { rows } = await db.query(`select 1 from records where collection = 'libraries' and id = $1`, [libraryId]);
      if (rows.length === 0) throw new ApiError(404, 'UNKNOWN_LIBRARY', `Library ${libraryId} is not in the directory.`);
      return createPairingCode(db, libraryId, role);
    });

    admin.get('/admin/devices', async () => ({ devices: await listDevices(db) }));

    admin.post('/admin/devices/:id/revoke', async (req) => {
      const id = (req.params as { id: string }).id;
      // A device id is the service's own (dev-<ULID>); anything else, NUL included, is no device.
      if (!DEVICE_ID_RE.test(id) || !(await revokeDevice(db, id))) throw new ApiError(404, 'UNKNOWN_DEVICE', `No active device ${id}.`);
      await announceRevocation(db, id);
      return { ok: true, id };
    });

    admin.get('/admin/stats', async () => {
      const { rows } = await db.query<{ collection: string; state: string | null; n: number | string }>(
        `select collection, coalesce(data->>'state', data->>'borrowerState') as state, count(*) as n
           from records where collection <> 'events' group by 1, 2 order by 1, 2`,
      );
      return { counts: rows.map((r) => ({ collection: r.collection, state: r.state, count: Number(r.n) })) };
    });

  });
}
