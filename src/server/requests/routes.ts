// Title requests through the API (the patron portal later, staff tools now):
//   POST /api/requests              staff device of the patron's home library: a request on the patron's behalf
//   POST /admin/requests/title      administrator: the same for any library ({borrowerLibraryId, …})
// Body: {patronId | cardNumber, workId, edition?, neededBy?, note?}. The
// request is placed as the patron's (it waits for review at the home library
// unless that library approves automatically) after the limits are checked:
// the patron's loans plus open requests under the policy's loan limit, and no
// open request of the patron's for the same work. Checks and placing run
// under the writers' lock, so two such calls cannot both pass the limit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { lockWriters } from '#server/events/apply-events';
import { getWork } from '#server/catalogue/search';
import { newId } from '#shared/domain/ids';
import { effectivePolicy, type PolicyRecordLike } from '#shared/domain/policy';
import type { PatronRecord, RequestRecord } from '#shared/domain/records';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { codePointLength } from '#shared/text/unicode';
import { routePendingIn } from './routing';
import { RequestScheduler } from './scheduler';
import { applyTitleEvents } from './service-events';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

const FIELDS = ['patronId', 'cardNumber', 'workId', 'edition', 'neededBy', 'note'] as const;
const WORK_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface TitleRequestInput {
  patron: { id: string } | { card: string };
  workId: string;
  edition: string;
  neededBy: string | null;
  note: string;
}

function optionalText(o: Record<string, unknown>, field: string, max: number): string {
  const v = o[field];
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: text`);
  if (codePointLength(v) > max) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: at most ${max} characters`);
  return v.trim();
}

export function parseTitleRequest(o: Record<string, unknown>): TitleRequestInput {
  const hasId = o['patronId'] !== undefined;
  const hasCard = o['cardNumber'] !== undefined;
  if (hasId === hasCard) throw new ApiError(400, 'VALIDATION_FAILED', '/patronId or /cardNumber: name the patron by one of them');
  const patron = hasId ? { id: requireString(o, 'patronId', 64) } : { card: requireString(o, 'cardNumber', 64) };
  const workId = requireString(o, 'workId', 64);
  if (!WORK_ID.test(workId)) throw new ApiError(400, 'VALIDATION_FAILED', '/workId: a union catalogue work id');
  const neededBy = o['neededBy'] === undefined || o['neededBy'] === null ? null : o['neededBy'];
  if (neededBy !== null && (typeof neededBy !== 'string' || !DATE.test(neededBy) || Number.isNaN(Date.parse(neededBy)))) {
    throw new ApiError(400, 'VALIDATION_FAILED', '/neededBy: a date, YYYY-MM-DD');
  }
  return { patron, workId, edition: optionalText(o, 'edition', 100), neededBy, note: optionalText(o, 'note', 500) };
}

async function findPatron(tx: Sql, p: TitleRequestInput['patron']): Promise<PatronRecord | null> {
  const { rows } = 'id' in p
    ? await tx.query<{ data: PatronRecord }>(`select data from records where collection = 'patrons' and id = $1 and not deleted`, [p.id])
    : await tx.query<{ data: PatronRecord }>(`select data from records where collection = 'patrons' and not deleted and data->'cardNumbers' ? $1 limit 1`, [p.card]);
  return rows[0]?.data ?? null;
}

/** The limits a placed request must respect, checked under the writers' lock. */
async function checkLimits(tx: Sql, patron: PatronRecord, workId: string): Promise<void> {
  const { rows: dup } = await tx.query<{ id: string }>(
    `select id from records where collection = 'requests' and not deleted and data->>'patronId' = $1 and data->'work'->>'workId' = $2
        and data->>'borrowerState' not in ('complete', 'unfilled', 'cancelled', 'lost') limit 1`,
    [patron.id, workId],
  );
  if (dup[0]) throw new ApiError(409, 'DUPLICATE_REQUEST', `The patron already has an open request (${dup[0].id}) for this work.`, { requestId: dup[0].id });
  const { rows: policyRows } = await tx.query<{ data: PolicyRecordLike }>(`select data from records where collection = 'policies' and not deleted`);
  const limit = effectivePolicy(patron.homeLibraryId, policyRows.map((r) => r.data)).loanLimit;
  const { rows: counts } = await tx.query<{ loans: string | number; requests: string | number }>(
    `select (select count(*) from records where collection = 'loans' and not deleted and data->>'patronId' = $1 and data->>'state' = 'active') as loans,
            (select count(*) from records where collection = 'requests' and not deleted and data->>'patronId' = $1
                and data->>'borrowerState' not in ('complete', 'unfilled', 'cancelled', 'lost', 'checked_out')) as requests`,
    [patron.id],
  );
  const used = Number(counts[0]?.loans ?? 0) + Number(counts[0]?.requests ?? 0);
  if (used >= limit) throw new ApiError(409, 'REQUEST_LIMIT_REACHED', `The patron has ${used} loans and open requests; the limit is ${limit}.`, { used, limit });
}

/** Place a patron's title request (and route it at once when the library approves automatically). */
export async function placeForPatron(db: Database, input: TitleRequestInput, actor: { libraryId: string | null; deviceId?: string }): Promise<RequestRecord> {
  const work = await getWork(db, input.workId);
  if (!work) throw new ApiError(404, 'UNKNOWN_WORK', `No work ${input.workId} in the union catalogue.`);
  return db.transaction(async (tx) => {
    await lockWriters(tx);
    const patron = await findPatron(tx, input.patron);
    if (!patron) throw new ApiError(404, 'UNKNOWN_PATRON', 'No patron with this id or card number.');
    if (actor.libraryId !== null && patron.homeLibraryId !== actor.libraryId) {
      // A library learns nothing about another's patrons: the same answer as for no patron at all.
      throw new ApiError(404, 'UNKNOWN_PATRON', 'No patron with this id or card number at this library.');
    }
    await checkLimits(tx, patron, work.id);
    const nowMs = Date.now();
    const requestId = `t${newId(nowMs)}`;
    const [placed] = await applyTitleEvents(tx, [{
      type: 'request.placed', libraryId: patron.homeLibraryId, ...(actor.deviceId ? { deviceId: actor.deviceId } : {}),
      payload: {
        requestId, patronId: patron.id, by: 'patron', neededBy: input.neededBy, note: input.note,
        work: { workId: work.id, title: work.title.slice(0, 400), author: (work.author ?? '').slice(0, 200), isbn: work.isbns[0] ?? '', edition: input.edition },
      },
    }], nowMs, () => newId(nowMs));
    if (placed?.status === 'rejected') throw new ApiError(422, placed.reason, placed.message);
    await routePendingIn(tx, nowMs, () => newId(nowMs), { ids: [requestId] });
    const { rows } = await tx.query<{ data: RequestRecord }>(`select data from records where collection = 'requests' and id = $1`, [requestId]);
    return rows[0]!.data;
  });
}

/** The routes and this process's title-request timer (routing and late lenders; RELAY_REQUEST_TIMER_MS, default a minute). */
export function registerRequestRoutes(app: FastifyInstance, db: Database, guards: { requireDevice: Guard; requireAdmin: Guard }): RequestScheduler {
  const scheduler = new RequestScheduler(db, {
    intervalMs: Number(process.env['RELAY_REQUEST_TIMER_MS'] || 60_000),
    onError: (err) => app.log.error({ err }, 'title request timer failed'),
  });
  app.addHook('onReady', () => scheduler.start());
  app.addHook('onClose', () => scheduler.stop());
  app.register(async (desk) => {
    desk.addHook('preHandler', guards.requireDevice);
    desk.post('/api/requests', async (req, reply) => {
      const device = req.device!;
      if (device.role !== 'staff') throw new ApiError(403, 'NOT_FOR_THIS_DEVICE', 'Only a staff desk places requests.');
      const input = parseTitleRequest(allowOnly(requireObject(req.body), FIELDS));
      const request = await placeForPatron(db, input, { libraryId: device.libraryId, deviceId: device.id });
      return reply.status(201).send({ ok: true, id: request.id, request });
    });
  });
  app.register(async (admin) => {
    admin.addHook('preHandler', guards.requireAdmin);
    admin.post('/admin/requests/title', async (req, reply) => {
      const body = allowOnly(requireObject(req.body), [...FIELDS, 'borrowerLibraryId']);
      const lib = body['borrowerLibraryId'];
      if (typeof lib !== 'string' || !new RegExp(LIBRARY_CODE_PATTERN).test(lib)) throw new ApiError(400, 'VALIDATION_FAILED', '/borrowerLibraryId: the patron\'s home library code');
      const { borrowerLibraryId: _lib, ...rest } = body;
      const request = await placeForPatron(db, parseTitleRequest(rest), { libraryId: lib });
      return reply.status(201).send({ ok: true, id: request.id, request });
    });
  });
  return scheduler;
}
