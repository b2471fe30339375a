// Request management: find requests (by id, barcode or title; a library
// administrator sees those their school borrows or lends) and cancel one for
// its borrower through request.cancelled and the reducer (which refuses once
// the item is packed). Reassigning to another lender has no event in the
// domain yet, so it is not offered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, queryInt, requireObject, requireString } from '#server/http/input';
import { applyConsoleEvent, recordOf } from './console-events';
import { writeAudit } from './audit';
import { accountOf, actorOf, schoolFor } from './guard';

type Guard = (req: FastifyRequest) => Promise<void>;
interface Req { id: string; borrowerLibraryId: string; lenderLibraryId: string; borrowerState: string; lenderState: string }

export function registerRequestRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.get('/console/api/requests', async (req) => {
      const q = req.query as Record<string, unknown>;
      const school = schoolFor(accountOf(req), typeof q['library'] === 'string' && q['library'] ? q['library'] : null);
      const text = typeof q['q'] === 'string' ? q['q'].trim().slice(0, 100) : '';
      const limit = queryInt(req.query, 'limit', 50, 1, 500);
      const { rows } = await db.query<{ data: Req }>(
        `select data from records where collection = 'requests'
           and ($1::text is null or data->>'borrowerLibraryId' = $1 or data->>'lenderLibraryId' = $1)
           and ($2 = '' or id = $2 or data->'item'->>'barcode' = $2 or data->'item'->>'title' ilike '%' || $2 || '%')
         order by seq desc limit $3`,
        [school, text.replace(/[%_\\]/g, (c) => `\\${c}`), limit],
      );
      return { requests: rows.map((x) => x.data) };
    });

    r.post('/console/api/requests/:id/cancel', async (req) => {
      const me = accountOf(req);
      const id = (req.params as { id: string }).id;
      const body = allowOnly(requireObject(req.body), ['reason']);
      const reason = requireString(body, 'reason', 300);
      return db.transaction(async (tx) => {
        const before = /^[A-Za-z0-9_.:-]{1,64}$/.test(id) ? await recordOf<Req>(tx, 'requests', id) : null;
        // Another school's request is answered like a missing one.
        if (!before || (me.role === 'library' && before.borrowerLibraryId !== me.libraryId && before.lenderLibraryId !== me.libraryId)) throw new ApiError(404, 'UNKNOWN_REQUEST', 'There is no such request.');
        if (me.role === 'library') schoolFor(me, before.borrowerLibraryId);
        await applyConsoleEvent(tx, 'request.cancelled', before.borrowerLibraryId, { requestId: id, reason });
        const after = await recordOf<Req>(tx, 'requests', id);
        await writeAudit(tx, actorOf(me), { libraryId: before.borrowerLibraryId, action: 'request.cancelled', target: id, before: { borrowerState: before.borrowerState, lenderState: before.lenderState }, after: { borrowerState: after?.borrowerState, lenderState: after?.lenderState, reason } });
        return { request: after };
      });
    });
  });
}
