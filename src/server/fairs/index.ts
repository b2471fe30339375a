// Swap fairs (曬書祭, issue 20 part 2). startFairs registers what is outside
// the portal's cookie scope — the administrator's routes, the console's routes
// for a library's own administrator, and the lapse sweep — and
// registerFairPortalRoutes the patrons' routes inside it.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureContext } from '#server/http/app';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { accountOf, actorOf, requireSignedIn, schoolFor } from '#server/console/guard';
import { writeAudit } from '#server/console/audit';
import { patronOf } from '#server/portal/guard';
import { FAIR_PATHS } from '#shared/domain/fairs/wire';
import { parseFair, parseItems } from './input';
import { addItems, cancel, createFair, fairById, itemsOf, listFairs, ownReservation, reservationsOfFair, reservationsOfPatron, reserve, todayAtFair } from './service';
import { FairSweeper } from './sweeper';
import { toPortalFair, toPortalItem, toPortalReservations } from './views';

declare module '#server/http/app' {
  interface AppOptions {
    /** Swap fairs: the clock reservations and lapses are judged by (tests move it), and the sweep's interval (0: no timer). */
    fairs?: { now?: () => number; sweepIntervalMs?: number };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    fairs: FairSweeper;
  }
}

type Guard = (req: FastifyRequest) => Promise<void>;

const LIBRARY = /^[A-Z][A-Z0-9]{1,15}$/;
const FAIR_ID = /^[A-Za-z0-9_.-]{1,40}$/;
const SLIP = /^[0-9]{10}$/;

function param(req: FastifyRequest, name: string, pattern: RegExp, what: string): string {
  const v = (req.params as Record<string, string | undefined>)[name] ?? '';
  if (!pattern.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${name}: ${what}`);
  return v;
}
const fairParam = (req: FastifyRequest) => param(req, 'id', FAIR_ID, 'a fair id of letters, digits and ._- (at most 40)');

function libraryOf(v: unknown, field: string): string {
  if (typeof v !== 'string' || !LIBRARY.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: a library code such as NKUST`);
  return v;
}

export function startFairs(app: FastifyInstance, c: FeatureContext): void {
  const now = c.options.fairs?.now ?? Date.now;
  const sweeper = new FairSweeper(c.db, now, c.options.fairs?.sweepIntervalMs ?? 60_000, (err) => app.log.error({ err, feature: 'fairs' }, 'fair lapse sweep failed'));
  app.decorate('fairs', sweeper);
  app.addHook('onReady', async () => sweeper.start());
  app.addHook('onClose', async () => sweeper.stop());

  app.register(async (admin) => {
    admin.addHook('preHandler', c.requireAdmin);
    admin.get(FAIR_PATHS.admin, async (req) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      return { fairs: await listFairs(c.db, q['libraryId'] === undefined ? null : libraryOf(q['libraryId'], '?libraryId')) };
    });
    admin.post(FAIR_PATHS.admin, async (req, reply) => {
      const body = requireObject(req.body);
      const { libraryId, ...rest } = body;
      return reply.status(201).send(await createFair(c.db, libraryOf(libraryId, 'libraryId'), parseFair(rest), now()));
    });
    admin.post(FAIR_PATHS.adminItems, async (req) => {
      const fairId = fairParam(req);
      const fair = await fairById(c.db, fairId);
      if (!fair) throw new ApiError(404, 'FAIR_UNKNOWN', `找不到曬書祭 ${fairId}。 Swap fair ${fairId} does not exist.`);
      const b = allowOnly(requireObject(req.body), ['items']);
      return { items: await addItems(c.db, fair.libraryId, fairId, parseItems(b['items']), now()) };
    });
    admin.post(FAIR_PATHS.adminSweep, async () => ({ lapsed: await sweeper.sweep() }));
  });

  // The console's routes for a library's own administrator (the office may name any school).
  app.register(async (scope) => {
    await scope.register(cookie);
    scope.decorateRequest('consoleAccount', null);
    scope.decorateRequest('consoleSession', null);
    scope.addHook('preHandler', requireSignedIn(c.db));
    const ownFair = async (req: FastifyRequest) => {
      const fairId = fairParam(req);
      const fair = await fairById(c.db, fairId);
      // Another school's fair is answered as one that does not exist (no 403 that confirms it).
      if (!fair || (accountOf(req).role !== 'office' && fair.libraryId !== accountOf(req).libraryId)) throw new ApiError(404, 'FAIR_UNKNOWN', `找不到曬書祭 ${fairId}。 Swap fair ${fairId} does not exist.`);
      return fair;
    };
    scope.get(FAIR_PATHS.console, async (req) => ({ fairs: await listFairs(c.db, schoolFor(accountOf(req), null)) }));
    scope.post(FAIR_PATHS.console, async (req, reply) => {
      const me = accountOf(req);
      const { libraryId: asked, ...rest } = requireObject(req.body);
      const libraryId = schoolFor(me, asked === undefined ? null : libraryOf(asked, 'libraryId'));
      if (!libraryId) throw new ApiError(400, 'VALIDATION_FAILED', '/libraryId: the library holding the fair');
      const made = await createFair(c.db, libraryId, parseFair(rest), now());
      await writeAudit(c.db, actorOf(me), { libraryId, action: 'fair.created', target: made.fair.id, after: { title: made.fair.title, startsOn: made.fair.startsOn, endsOn: made.fair.endsOn, items: made.items.length } });
      return reply.status(201).send(made);
    });
    scope.get(FAIR_PATHS.consoleFair, async (req) => {
      const fair = await ownFair(req);
      return { fair, items: await itemsOf(c.db, fair.id), reservations: await reservationsOfFair(c.db, fair.id) };
    });
    scope.post(FAIR_PATHS.consoleItems, async (req) => {
      const me = accountOf(req);
      const fair = await ownFair(req);
      const b = allowOnly(requireObject(req.body), ['items']);
      const items = await addItems(c.db, fair.libraryId, fair.id, parseItems(b['items']), now());
      await writeAudit(c.db, actorOf(me), { libraryId: fair.libraryId, action: 'fair.items_added', target: fair.id, after: { items: items.length } });
      return { items };
    });
  });
}

/** Patron routes under /portal/api/fairs, inside the portal's cookie scope (`signedIn` sets the patron and checks CSRF). */
export function registerFairPortalRoutes(scope: FastifyInstance, c: FeatureContext, signedIn: Guard): void {
  const now = c.options.fairs?.now ?? Date.now;
  scope.register(async (signed) => {
    signed.addHook('preHandler', signedIn);
    signed.get(FAIR_PATHS.portalFairs, async () => {
      const fairs = await listFairs(c.db, null);
      const open = [];
      for (const f of fairs) if ((await todayAtFair(c.db, f, now())) <= f.endsOn) open.push(toPortalFair(f));
      return { fairs: open };
    });
    signed.get(FAIR_PATHS.portalFair, async (req) => {
      const fairId = fairParam(req);
      const fair = await fairById(c.db, fairId);
      if (!fair) throw new ApiError(404, 'FAIR_UNKNOWN', `找不到曬書祭 ${fairId}。 Swap fair ${fairId} does not exist.`);
      return { fair: toPortalFair(fair), items: (await itemsOf(c.db, fair.id)).map(toPortalItem) };
    });
    signed.post(FAIR_PATHS.portalReserve, async (req, reply) => {
      const fairId = fairParam(req);
      const b = allowOnly(requireObject(req.body), ['itemId']);
      const itemId = b['itemId'];
      if (typeof itemId !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(itemId)) throw new ApiError(400, 'VALIDATION_FAILED', '/itemId: the id of a book at this fair');
      const made = await reserve(c.db, patronOf(req), fairId, itemId, now());
      return reply.status(201).send((await toPortalReservations(c.db, [made]))[0]);
    });
    signed.get(FAIR_PATHS.portalReservations, async (req) => ({ reservations: await toPortalReservations(c.db, await reservationsOfPatron(c.db, patronOf(req).id)) }));
    signed.get(`${FAIR_PATHS.portalReservations}/:slip`, async (req) => (await toPortalReservations(c.db, [await ownReservation(c.db, patronOf(req).id, param(req, 'slip', SLIP, 'a 10-digit slip code'))]))[0]);
    signed.post(FAIR_PATHS.portalCancel, async (req) => {
      const slip = param(req, 'slip', SLIP, 'a 10-digit slip code');
      return (await toPortalReservations(c.db, [await cancel(c.db, patronOf(req).id, slip, now())]))[0];
    });
  });
}
