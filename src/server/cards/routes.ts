// HTTP endpoints for virtual library cards:
//   POST /api/cards                      staff desk: a card for a patron of its library
//   GET  /api/cards/:cardId              staff desk of the home library: the card, its QR text and page link
//   POST /api/cards/:cardId/revoke       staff desk of the home library, or the administrator
//   POST /admin/cards                    administrator: a partner organisation's card
//   GET  /admin/cards/:cardId            administrator: as GET /api/cards/:cardId
//   POST /admin/card-keys/rotate         administrator: a new signing key; the old ones retire
//   GET  /admin/stats/cards              administrator: cards issued, active, revoked, loans per card and host
//   GET  /cards/:cardId?k=…              the holder's page (HTML, QR code); a wrong k is a 404 page
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { CARD_PAGE_HEADERS, renderCardNotFound, renderCardPage } from '#server/cards/card-page';
import type { CardActor, CardService, IssuedCard } from '#server/cards/card-service';
import { isLocalDate, localDateOf } from '#shared/domain/dates';
import { ISO_INSTANT_PATTERN } from '#shared/domain/events';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { CARD_ID_RE, HOLDER_ID_RE, LOAN_LIMIT_MAX, LOAN_LIMIT_MIN } from '#shared/cards/card';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface CardRouteOptions {
  requireDevice: Guard;
  requireAdmin: Guard;
  /** Whether the request carries the administrator token. */
  isAdmin: (req: FastifyRequest) => boolean;
  /** Base of the page links handed out (PUBLIC_URL); else the address the request came to. */
  publicUrl?: string | undefined;
}

const PATRON_ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const LIBRARY_RE = new RegExp(LIBRARY_CODE_PATTERN);
const INSTANT_RE = new RegExp(ISO_INSTANT_PATTERN);
const DAY_MS = 86_400_000;

function bad(message: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', message);
}

function hostLibrary(v: unknown): string {
  if (v === '*' || (typeof v === 'string' && LIBRARY_RE.test(v))) return v;
  throw bad("/hostLibraryId: a library code such as NKUST, or '*' for every member library");
}

function optionalDate(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !isLocalDate(v)) throw bad(`/${field}: a date as YYYY-MM-DD`);
  return v;
}

function optionalLimit(o: Record<string, unknown>): number | undefined {
  const v = o['loanLimit'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < LOAN_LIMIT_MIN || v > LOAN_LIMIT_MAX) throw bad(`/loanLimit: a whole number from ${LOAN_LIMIT_MIN} to ${LOAN_LIMIT_MAX}`);
  return v;
}

function cardIdParam(req: FastifyRequest): string {
  const id = (req.params as { cardId: string }).cardId;
  if (!CARD_ID_RE.test(id)) throw bad('/cardId: 26 characters (0-9, A-Z without I, L, O, U)');
  return id;
}

export function registerCardRoutes(app: FastifyInstance, cards: CardService, opts: CardRouteOptions): void {
  const base = (req: FastifyRequest): string => (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
  const answer = (req: FastifyRequest, issued: IssuedCard) => ({ card: issued.card, cardText: issued.cardText, pagePath: issued.pagePath, pageUrl: base(req) + issued.pagePath });

  app.post('/api/cards', { preHandler: opts.requireDevice }, async (req) => {
    const body = allowOnly(requireObject(req.body), ['patronId', 'hostLibraryId', 'validFrom', 'validUntil', 'loanLimit']);
    const patronId = body['patronId'];
    if (typeof patronId !== 'string' || !PATRON_ID_RE.test(patronId)) throw bad('/patronId: a patron id (1-64 of A-Z a-z 0-9 _ . : -)');
    const issued = await cards.issuePatronCard(req.device!, {
      patronId, hostLibraryId: hostLibrary(body['hostLibraryId']),
      validFrom: optionalDate(body, 'validFrom'), validUntil: optionalDate(body, 'validUntil'), loanLimit: optionalLimit(body),
    });
    return answer(req, issued);
  });

  app.get('/api/cards/:cardId', { preHandler: opts.requireDevice }, async (req) => answer(req, await cards.show({ kind: 'device', device: req.device! }, cardIdParam(req))));

  app.post('/api/cards/:cardId/revoke', async (req, reply) => {
    let actor: CardActor;
    if (opts.isAdmin(req)) actor = { kind: 'admin' };
    else {
      await opts.requireDevice(req, reply);
      actor = { kind: 'device', device: req.device! };
    }
    const cardId = cardIdParam(req);
    const body = allowOnly(requireObject(req.body), ['reason']);
    const { card, alreadyRevoked } = await cards.revoke(actor, cardId, requireString(body, 'reason', 300));
    return { card, alreadyRevoked };
  });

  app.register(async (admin) => {
    admin.addHook('preHandler', opts.requireAdmin);

    admin.post('/admin/cards', async (req) => {
      const body = allowOnly(requireObject(req.body), ['holderName', 'holderId', 'organisation', 'hostLibraryId', 'validFrom', 'validUntil', 'loanLimit']);
      const holderId = body['holderId'];
      if (typeof holderId !== 'string' || !HOLDER_ID_RE.test(holderId)) throw bad('/holderId: the member id (1-64 of A-Z a-z 0-9 _ . : -)');
      const validUntil = optionalDate(body, 'validUntil');
      if (validUntil === undefined) throw bad('/validUntil: required, a date as YYYY-MM-DD');
      const issued = await cards.issuePartnerCard({
        holderName: requireString(body, 'holderName', 120), holderId, organisation: requireString(body, 'organisation', 120),
        hostLibraryId: hostLibrary(body['hostLibraryId']), validFrom: optionalDate(body, 'validFrom'), validUntil, loanLimit: optionalLimit(body),
      });
      return answer(req, issued);
    });

    admin.get('/admin/cards/:cardId', async (req) => answer(req, await cards.show({ kind: 'admin' }, cardIdParam(req))));

    admin.post('/admin/card-keys/rotate', async (req) => {
      const body = req.body === undefined ? {} : allowOnly(requireObject(req.body), ['retireOldAt']);
      const raw = body['retireOldAt'];
      let retireAtMs: number | null = null;
      if (raw !== undefined) {
        const ms = typeof raw === 'string' && INSTANT_RE.test(raw) ? Date.parse(raw) : NaN;
        if (Number.isNaN(ms)) throw bad('/retireOldAt: an instant such as 2026-03-01T00:00:00.000Z');
        // Later than a year ahead would outlive every card the old key could have signed.
        if (ms < Date.parse('2000-01-01T00:00:00Z') || ms > Date.now() + 366 * DAY_MS) throw bad('/retireOldAt: from 2000 to at most a year from now');
        retireAtMs = ms;
      }
      return cards.rotate(retireAtMs);
    });

    admin.get('/admin/stats/cards', async () => cards.stats());
  });

  app.get('/cards/:cardId', async (req, reply) => {
    const cardId = (req.params as { cardId: string }).cardId;
    const k = (req.query as Record<string, unknown> | undefined)?.['k'];
    const found = CARD_ID_RE.test(cardId) && cards.pageKeyMatches(cardId, k) ? await cards.forPage(cardId) : null;
    reply.headers(CARD_PAGE_HEADERS);
    if (!found) return reply.status(404).send(renderCardNotFound());
    const { libraries, policy } = await cards.pageContext(found.card);
    const today = localDateOf(Date.now(), policy.utcOffsetMinutes);
    return reply.status(200).send(await renderCardPage({ card: found.card, cardText: found.cardText, libraries, policy, today }));
  });
}
