// The patron's exchange API under /portal/api/exchange, inside the portal's
// cookie scope: every route needs the signed-in patron (and CSRF on changes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { patronOf } from '#server/portal/guard';
import { parseQuery } from '#shared/catalogue/query';
import type { ExchangeListingDetail, ExchangeSearchResponse, IsbnLookup } from '#shared/exchange/wire';
import { searchWorks } from '#server/catalogue/search';
import { checkIsbn, checkListing, checkMessage } from './listing-input';
import { activeReservation, cancelReservation, createListing, handOver, reserve, visibleListing, withdraw } from './listings';
import { askLister, reply, threadsOf } from './messages';
import { addPhoto, PHOTO_BODY_LIMIT, readPhoto } from './photos';
import { parseSearch, searchListings } from './search';
import { readSettings } from './settings';
import { sweep } from './sweep';
import { LISTING_COLUMNS, RESERVATION_COLUMNS, listingViews, reservationView, type ListingRow, type ReservationRow } from './views';

const ID = /^x[lrpt]_[0-9A-Z]{26}$/;
function idParam(req: FastifyRequest, name = 'id'): string {
  const v = (req.params as Record<string, string>)[name] ?? '';
  if (!ID.test(v)) throw new ApiError(404, 'NOT_FOUND', 'No such listing, reservation, photo or conversation.');
  return v;
}

export function registerPortalRoutes(scope: FastifyInstance, db: Database, now: () => Date, signedIn: (req: FastifyRequest) => Promise<void>): void {
  const base = '/portal/api/exchange';
  const opts = { preHandler: signedIn };

  // The rules a patron is held to (the forbidden words stay with the consortium).
  scope.get(`${base}/settings`, opts, async () => {
    const s = await readSettings(db);
    return { holdDays: s.holdDays, maxActiveReservations: s.maxActiveReservations, listingDays: s.listingDays, maxPhotos: s.maxPhotos, maxPhotoBytes: s.maxPhotoBytes };
  });

  scope.get(`${base}/listings`, opts, async (req): Promise<ExchangeSearchResponse> => {
    const patron = patronOf(req);
    const q = parseSearch(req.query);
    const at = now();
    await sweep(db, at);
    const { total, rows } = await searchListings(db, q, at);
    return { total, page: q.page, listings: await listingViews(db, rows, patron.id) };
  });

  scope.post(`${base}/listings`, opts, async (req, reply) => {
    const patron = patronOf(req);
    const settings = await readSettings(db);
    const id = await createListing(db, patron, checkListing(req.body, settings.forbiddenWords), now());
    reply.status(201);
    return detail(db, patron.id, id);
  });

  scope.get(`${base}/listings/:id`, opts, async (req) => {
    await sweep(db, now());
    return detail(db, patronOf(req).id, idParam(req));
  });

  scope.get(`${base}/mine`, opts, async (req) => {
    const patron = patronOf(req);
    await sweep(db, now());
    const { rows: own } = await db.query<ListingRow>(`select ${LISTING_COLUMNS} from exchange_listings where lister_id = $1 order by created_at desc, id desc limit 200`, [patron.id]);
    const listings = await listingViews(db, own, patron.id);
    const { rows: holds } = await db.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from exchange_reservations where patron_id = $1 order by created_at desc limit 100`, [patron.id]);
    const { rows: held } = await db.query<ListingRow>(`select ${LISTING_COLUMNS} from exchange_listings where id = any($1::text[])`, [holds.map((h) => h.listing_id)]);
    const heldViews = new Map((await listingViews(db, held, patron.id)).map((l) => [l.id, l]));
    const withHold = await Promise.all(listings.map(async (l) => ({ ...l, reservation: await reservationForLister(db, l.id) })));
    return {
      listings: withHold,
      reservations: holds.map((h) => ({ ...reservationView(h), listing: heldViews.get(h.listing_id) ?? null })),
    };
  });

  scope.post(`${base}/listings/:id/reservations`, opts, async (req, reply) => {
    const r = await reserve(db, patronOf(req), idParam(req), now());
    reply.status(201);
    return r;
  });

  scope.delete(`${base}/reservations/:id`, opts, async (req, reply) => {
    await cancelReservation(db, patronOf(req), idParam(req), now());
    reply.status(204);
  });

  scope.post(`${base}/listings/:id/handed-over`, opts, async (req) => {
    const patron = patronOf(req);
    const id = idParam(req);
    const o = allowOnly(requireObject(req.body ?? {}), ['reservationId']);
    const rid = o['reservationId'];
    if (rid !== undefined && rid !== null && (typeof rid !== 'string' || !ID.test(rid))) throw new ApiError(400, 'VALIDATION_FAILED', '/reservationId: a reservation id, or null');
    await handOver(db, patron, id, typeof rid === 'string' ? rid : null, now());
    return detail(db, patron.id, id);
  });

  scope.post(`${base}/listings/:id/withdraw`, opts, async (req) => {
    const patron = patronOf(req);
    const id = idParam(req);
    await withdraw(db, patron, id, now());
    return detail(db, patron.id, id);
  });

  scope.post(`${base}/listings/:id/photos`, { ...opts, bodyLimit: PHOTO_BODY_LIMIT }, async (req, reply) => {
    const id = await addPhoto(db, patronOf(req), idParam(req), req.body);
    reply.status(201);
    return { id };
  });

  scope.get(`${base}/photos/:id`, opts, async (req, reply) => {
    const p = await readPhoto(db, patronOf(req), idParam(req));
    // The stored type was sniffed from the bytes; nosniff keeps the browser to it.
    return reply.header('content-type', p.type).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').send(p.bytes);
  });

  scope.get(`${base}/isbn/:isbn`, opts, async (req): Promise<IsbnLookup> => {
    const isbn = checkIsbn(String((req.params as { isbn: string }).isbn));
    const parsed = parseQuery(isbn, 'isbn');
    const work = parsed.ok ? (await searchWorks(db, parsed.plan, 1)).works[0] : undefined;
    return { isbn, found: !!work, title: work?.title ?? null, author: work?.author ?? null, publisher: work?.publisher ?? null, year: work?.year ?? null };
  });

  scope.post(`${base}/listings/:id/messages`, opts, async (req, reply) => {
    const patron = patronOf(req);
    const settings = await readSettings(db);
    const threadId = await askLister(db, patron, idParam(req), checkMessage(req.body, settings.forbiddenWords), now());
    reply.status(201);
    return { threadId };
  });

  scope.get(`${base}/threads`, opts, async (req) => ({ threads: await threadsOf(db, patronOf(req)) }));

  scope.post(`${base}/threads/:id/messages`, opts, async (req, res) => {
    const settings = await readSettings(db);
    await reply(db, patronOf(req), idParam(req), checkMessage(req.body, settings.forbiddenWords), now());
    res.status(201);
    return { ok: true };
  });
}

async function reservationForLister(db: Database, listingId: string): Promise<ExchangeListingDetail['reservation']> {
  const r = await activeReservation(db, listingId);
  if (!r) return null;
  const { rows } = await db.query<{ id: string }>('select id from exchange_threads where listing_id = $1 and asker_id = $2', [listingId, r.patron_id]);
  return { ...reservationView(r), threadId: rows[0]?.id ?? null };
}

async function detail(db: Database, viewerId: string, id: string): Promise<ExchangeListingDetail> {
  const l = await visibleListing(db, id, viewerId);
  const [view] = await listingViews(db, [l], viewerId);
  return { ...view!, reservation: l.lister_id === viewerId ? await reservationForLister(db, id) : null };
}
