// The member directory and each library's policy through the console: join
// (office), rename and contact details (the school itself or the office),
// leave (office: active = false; the code stays, so history and statistics
// keep their keys), policy overrides and closed days. Every change goes
// through library.upserted / policy.set and the reducer, with its audit entry
// in the same transaction. Ids are codes; names are data: a rename changes
// nameZh/nameEn only, and nothing anywhere keys on a name.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { addDays, isClosed, localDateOf } from '#shared/domain/dates';
import { CONSORTIUM_POLICY_ID, DEFAULT_POLICY, type PolicyFields } from '#shared/domain/policy';
import { isilFor } from '#shared/domain/libraries';
import type { LibraryRecord } from '#shared/domain/libraries/records';
import { applyConsoleEvent, recordOf } from './console-events';
import { writeAudit } from './audit';
import { accountOf, actorOf, requireOffice, schoolFor } from './guard';

type Guard = (req: FastifyRequest) => Promise<void>;
const CODE = /^[A-Z][A-Z0-9]{1,15}$/;
const EDITABLE = ['nameZh', 'nameEn', 'hours', 'contact', 'courierWeekdays', 'region', 'active'] as const;
/** A closed-day calendar must leave an open day within this many days, or due dates and pickup windows cannot be set. */
export const MAX_CLOSED_RUN_DAYS = 60;

function code(v: string): string {
  if (!CODE.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', '/id: a library code such as NKUST');
  return v;
}

/** 422 when the merged calendar closes every weekday, or every day of the next MAX_CLOSED_RUN_DAYS. */
export function checkCalendar(fields: Partial<PolicyFields>, todayIso: string): void {
  const closedWeekdays = fields.closedWeekdays ?? [];
  const closedDates = fields.closedDates ?? [];
  if (new Set(closedWeekdays).size >= 7) throw new ApiError(422, 'CALENDAR_ALWAYS_CLOSED', 'closedWeekdays closes every day of the week: leave at least one open day.');
  let d = todayIso;
  for (let i = 0; i < MAX_CLOSED_RUN_DAYS; i++, d = addDays(d, 1)) if (!isClosed(d, { closedWeekdays, closedDates })) return;
  throw new ApiError(422, 'CALENDAR_ALWAYS_CLOSED', `The calendar has no open day in the next ${MAX_CLOSED_RUN_DAYS} days.`);
}

export function registerDirectoryRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.get('/console/api/libraries', async (req) => {
      const mine = schoolFor(accountOf(req), null);
      const { rows } = await db.query<{ data: LibraryRecord }>(`select data from records where collection = 'libraries' and ($1::text is null or id = $1) order by id`, [mine]);
      return { libraries: rows.map((x) => x.data) };
    });

    r.post('/console/api/libraries', async (req) => {
      const me = accountOf(req);
      requireOffice(me);
      const body = allowOnly(requireObject(req.body), ['id', 'nameZh', 'nameEn', 'region', 'hours', 'contact', 'courierWeekdays']);
      const id = code(requireString(body, 'id', 16));
      return db.transaction(async (tx) => {
        if (await recordOf(tx, 'libraries', id)) throw new ApiError(409, 'LIBRARY_CODE_IN_USE', `The code ${id} is already a member's (a library that left keeps its code).`);
        const library = {
          id, isil: isilFor(id), nameZh: requireString(body, 'nameZh', 80), nameEn: requireString(body, 'nameEn', 160),
          region: typeof body['region'] === 'string' ? body['region'] : '', active: true,
          hours: typeof body['hours'] === 'string' ? body['hours'] : '', contact: typeof body['contact'] === 'string' ? body['contact'] : '',
          courierWeekdays: Array.isArray(body['courierWeekdays']) ? (body['courierWeekdays'] as number[]) : [2, 4],
        };
        await applyConsoleEvent(tx, 'library.upserted', id, { library });
        await writeAudit(tx, actorOf(me), { libraryId: id, action: 'library.joined', target: id, after: library });
        return { library: await recordOf(tx, 'libraries', id) };
      });
    });

    r.put('/console/api/libraries/:id', async (req) => {
      const me = accountOf(req);
      const id = code((req.params as { id: string }).id);
      schoolFor(me, id);
      const body = allowOnly(requireObject(req.body), EDITABLE);
      if ('active' in body && me.role !== 'office') throw new ApiError(403, 'OFFICE_ONLY', 'Only the consortium office may let a library join or leave.');
      return db.transaction(async (tx) => {
        const before = await recordOf<LibraryRecord>(tx, 'libraries', id);
        if (!before) throw new ApiError(404, 'UNKNOWN_LIBRARY', `There is no library ${id}.`);
        const { updatedAt: _u, ...rest } = before;
        const library = { ...rest, ...body, id } as Omit<LibraryRecord, 'updatedAt'>;
        await applyConsoleEvent(tx, 'library.upserted', id, { library });
        const action = 'active' in body && body['active'] !== before.active ? (body['active'] ? 'library.rejoined' : 'library.left') : 'library.updated';
        await writeAudit(tx, actorOf(me), { libraryId: id, action, target: id, before, after: library });
        return { library: await recordOf(tx, 'libraries', id) };
      });
    });

    r.get('/console/api/policies/:id', async (req) => {
      const me = accountOf(req);
      const id = (req.params as { id: string }).id;
      if (id !== CONSORTIUM_POLICY_ID) schoolFor(me, code(id));
      const consortium = await recordOf<{ fields: Partial<PolicyFields> }>(db, 'policies', CONSORTIUM_POLICY_ID);
      const own = id === CONSORTIUM_POLICY_ID ? null : await recordOf<{ fields: Partial<PolicyFields> }>(db, 'policies', id);
      return { id, consortium: consortium?.fields ?? DEFAULT_POLICY, overrides: own?.fields ?? {}, effective: { ...DEFAULT_POLICY, ...consortium?.fields, ...own?.fields } };
    });

    r.put('/console/api/policies/:id', async (req) => {
      const me = accountOf(req);
      const id = (req.params as { id: string }).id;
      const libraryId = id === CONSORTIUM_POLICY_ID ? null : code(id);
      if (libraryId === null) requireOffice(me);
      else schoolFor(me, libraryId);
      const fields = requireObject(req.body) as Partial<PolicyFields>;
      return db.transaction(async (tx) => {
        const consortium = await recordOf<{ fields: Partial<PolicyFields> }>(tx, 'policies', CONSORTIUM_POLICY_ID);
        const before = await recordOf<{ fields: Partial<PolicyFields> }>(tx, 'policies', id);
        // The event's schema checks each field's type and range first (a loan period of 0 is a 400 there).
        await applyConsoleEvent(tx, 'policy.set', libraryId ?? CONSORTIUM_POLICY_ID, { libraryId, fields });
        const merged = { ...DEFAULT_POLICY, ...consortium?.fields, ...before?.fields, ...fields };
        checkCalendar(merged, localDateOf(Date.now(), merged.utcOffsetMinutes));
        const after = await recordOf(tx, 'policies', id);
        await writeAudit(tx, actorOf(me), { libraryId, action: 'policy.set', target: id, before, after });
        return { policy: after };
      });
    });
  });
}
