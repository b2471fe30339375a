// A signed-in patron's routes (the portal cookie only; CSRF on POST and PUT):
//   GET  rules · search · requests · requests/:id · account · preferences
//   POST requests · requests/:id/cancel · loans/:id/renewal;  PUT preferences
// Another patron's request or loan is answered as one that does not exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import type { CardService } from '#server/cards/card-service';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { PAGE_SIZE, searchWorks } from '#server/catalogue/search';
import { getPreferences, setPreferences } from '#server/notices/preferences';
import { isSearchField, parseQuery, QUERY_MAX_LENGTH, type SearchField } from '#shared/catalogue/query';
import type { SearchResponse } from '#shared/catalogue/wire';
import { PORTAL_PATHS } from '#shared/portal/wire';
import { patronOf } from './guard';
import { cancelRequest, placeRequest, renewLoan } from './actions';
import { parsePreferences } from './preferences-input';
import { accountOf, ownRequest, requestsOfPatron, rulesFor, toPortalRequests } from './views';

type Guard = (req: FastifyRequest) => Promise<void>;

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function idParam(req: FastifyRequest): string {
  const id = (req.params as Record<string, string | undefined>)['id'] ?? '';
  if (!ID.test(id)) throw new ApiError(400, 'VALIDATION_FAILED', '/id: an id of letters, digits and ._:- (at most 64)');
  return id;
}

/** The union catalogue search, as /api/catalogue/search parses it; the catalogue's own query errors keep their code in details. */
async function search(db: Database, req: FastifyRequest): Promise<SearchResponse> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const q = query['q'];
  if (typeof q !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '?q: type a title, author, ISBN, subject or call number.', { reason: 'EMPTY_QUERY' });
  const field = query['field'] ?? 'any';
  if (!isSearchField(field)) throw new ApiError(400, 'VALIDATION_FAILED', '?field: one of title, author, isbn, subject, callnumber, any');
  const page = queryInt(req.query, 'page', 1, 1, 50);
  const parsed = parseQuery(q, field);
  if (!parsed.ok) throw new ApiError(400, 'VALIDATION_FAILED', parsed.message, { reason: parsed.code, ...(parsed.code === 'QUERY_TOO_LONG' ? { max: QUERY_MAX_LENGTH } : {}) });
  const found = await searchWorks(db, parsed.plan, page);
  return { q, field: field as SearchField, page, pageSize: PAGE_SIZE, total: found.total, totalIsCapped: found.capped, works: found.works };
}

export function registerPatronRoutes(scope: FastifyInstance, db: Database, cards: CardService, signedIn: Guard): void {
  scope.register(async (signed) => {
    signed.addHook('preHandler', signedIn);

    signed.get(PORTAL_PATHS.rules, async (req) => rulesFor(db, patronOf(req)));
    signed.get(PORTAL_PATHS.search, async (req) => search(db, req));

    signed.get(PORTAL_PATHS.requests, async (req) => ({ requests: await toPortalRequests(db, await requestsOfPatron(db, patronOf(req).id)) }));
    signed.post(PORTAL_PATHS.requests, async (req, reply) => {
      const placed = await placeRequest(db, patronOf(req), req.body);
      const [view] = await toPortalRequests(db, [placed]);
      return reply.status(201).send(view);
    });
    signed.get(PORTAL_PATHS.request, async (req) => {
      const found = await ownRequest(db, patronOf(req).id, idParam(req));
      if (!found) throw new ApiError(404, 'NOT_FOUND', '找不到這筆申請。 No such request.');
      return (await toPortalRequests(db, [found]))[0];
    });
    signed.post(PORTAL_PATHS.cancel, async (req) => (await toPortalRequests(db, [await cancelRequest(db, patronOf(req), idParam(req))]))[0]);
    signed.post(PORTAL_PATHS.renewal, async (req) => renewLoan(db, patronOf(req), idParam(req)));

    signed.get(PORTAL_PATHS.account, async (req) => accountOf(db, cards, patronOf(req)));

    signed.get(PORTAL_PATHS.preferences, async (req) => getPreferences(db, patronOf(req).id));
    signed.put(PORTAL_PATHS.preferences, async (req) => setPreferences(db, patronOf(req).id, parsePreferences(req.body)));
  });
}
