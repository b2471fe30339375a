// What patrons do to listings: list, reserve (one live hold per listing, a
// limit per patron, never one's own), hand over, withdraw. Each change is one
// transaction that sweeps lapsed holds first, so a hold past its time is
// lapsed whatever the timer has or has not done.
import { newId } from './ids';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import type { PatronRecord } from '#shared/domain/records';
import type { ExchangeReservation } from '#shared/exchange/wire';
import type { ListingInput } from './listing-input';
import { searchTermsOf, searchTextOf } from './search';
import { readSettings } from './settings';
import { sweep } from './sweep';
import { LISTING_COLUMNS, RESERVATION_COLUMNS, isPublic, reservationView, type ListingRow, type ReservationRow } from './views';

const DAY_MS = 86_400_000;

export const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'No such listing (it may have been withdrawn, expired or hidden).');

export async function createListing(db: Database, patron: PatronRecord, input: ListingInput, now: Date): Promise<string> {
  const settings = await readSettings(db);
  const id = newId('xl', now);
  const expires = new Date(now.getTime() + settings.listingDays * DAY_MS);
  await db.query(
    `insert into exchange_listings (id, lister_id, library_id, kind, subject, title, author, isbn, description, condition, price, campus, state, search_text, search_terms, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14, $15, $16)`,
    [id, patron.id, patron.homeLibraryId, input.kind, input.subject, input.title, input.author, input.isbn, input.description, input.condition, input.price, input.campus, searchTextOf(input), searchTermsOf(input), now, expires],
  );
  return id;
}

export async function listingRow(db: Sql, id: string, forUpdate = false): Promise<ListingRow | null> {
  const { rows } = await db.query<ListingRow>(`select ${LISTING_COLUMNS} from exchange_listings where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return rows[0] ?? null;
}

/** The listing if this patron may see it: public, their own, or one they hold or were handed. Else 404 (no hint that it exists). */
export async function visibleListing(db: Sql, id: string, viewerId: string): Promise<ListingRow> {
  const l = await listingRow(db, id);
  if (!l) throw notFound();
  if (l.lister_id === viewerId || isPublic(l)) return l;
  const { rows } = await db.query(`select 1 from exchange_reservations where listing_id = $1 and patron_id = $2 and state in ('active', 'matched') and $3::boolean`, [id, viewerId, l.hidden_at === null]);
  if (rows.length === 0) throw notFound();
  return l;
}

export async function activeReservation(db: Sql, listingId: string): Promise<ReservationRow | null> {
  const { rows } = await db.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from exchange_reservations where listing_id = $1 and state = 'active'`, [listingId]);
  return rows[0] ?? null;
}

/** The thread between a listing's lister and one asker, made on first use. */
export async function threadFor(tx: Sql, listingId: string, askerId: string, now: Date): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into exchange_threads (id, listing_id, asker_id, last_at) values ($1, $2, $3, $4)
     on conflict (listing_id, asker_id) do update set listing_id = excluded.listing_id returning id`,
    [newId('xt', now), listingId, askerId, now],
  );
  return rows[0]!.id;
}

export async function reserve(db: Database, patron: PatronRecord, listingId: string, now: Date): Promise<ExchangeReservation> {
  return db.transaction(async (tx) => {
    await sweep(tx, now);
    const settings = await readSettings(tx);
    const l = await listingRow(tx, listingId, true);
    if (!l || (!isPublic(l) && l.lister_id !== patron.id)) throw notFound();
    if (l.lister_id === patron.id) throw new ApiError(409, 'OWN_LISTING', 'This is your own listing: you cannot reserve it.');
    if (l.state !== 'open' || new Date(l.expires_at) <= now) throw new ApiError(409, 'NOT_AVAILABLE', 'Someone else holds this listing now; try again after their hold ends.');
    // Serialises one patron's reservations (two tabs at once still count to the limit).
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`exchange-reserve:${patron.id}`]);
    const { rows: held } = await tx.query<{ n: string | number }>(`select count(*) as n from exchange_reservations where patron_id = $1 and state = 'active'`, [patron.id]);
    const n = Number(held[0]?.n ?? 0);
    if (n >= settings.maxActiveReservations) {
      throw new ApiError(409, 'RESERVATION_LIMIT', `You already hold ${n} listings (the limit is ${settings.maxActiveReservations}); finish or cancel one first.`, { limit: settings.maxActiveReservations });
    }
    const expires = new Date(now.getTime() + settings.holdDays * DAY_MS);
    const id = newId('xr', now);
    const { rows } = await tx.query<ReservationRow>(
      `insert into exchange_reservations (id, listing_id, patron_id, library_id, state, created_at, expires_at) values ($1, $2, $3, $4, 'active', $5, $6)
       returning ${RESERVATION_COLUMNS}`,
      [id, listingId, patron.id, patron.homeLibraryId, now, expires],
    );
    await tx.query(`update exchange_listings set state = 'reserved' where id = $1`, [listingId]);
    await threadFor(tx, listingId, patron.id, now);
    return reservationView(rows[0]!);
  });
}

const lapsedError = (r: ReservationRow): ApiError =>
  new ApiError(409, 'RESERVATION_LAPSED', 'This hold has lapsed (it was kept for the consortium\'s hold days); reserve the listing again if it is still open.', { expiredAt: new Date(r.expires_at).toISOString() });

/** The reserver lets go of their hold. */
export async function cancelReservation(db: Database, patron: PatronRecord, reservationId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await sweep(tx, now);
    const { rows } = await tx.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from exchange_reservations where id = $1 for update`, [reservationId]);
    const r = rows[0];
    if (!r || r.patron_id !== patron.id) throw new ApiError(404, 'NOT_FOUND', 'No such reservation of yours.');
    if (r.state === 'lapsed') throw lapsedError(r);
    if (r.state !== 'active') throw new ApiError(409, 'NOT_OPEN', `This reservation is already ${r.state}.`);
    await tx.query(`update exchange_reservations set state = 'released', ended_at = $2 where id = $1`, [r.id, now]);
    await tx.query(`update exchange_listings set state = 'open' where id = $1 and state = 'reserved'`, [r.listing_id]);
  });
}

async function ownListing(tx: Sql, patron: PatronRecord, listingId: string): Promise<ListingRow> {
  const l = await listingRow(tx, listingId, true);
  if (!l) throw notFound();
  if (l.lister_id !== patron.id) throw new ApiError(403, 'NOT_YOURS', 'Only the patron who listed the book may do this.');
  return l;
}

/** The lister marks the book handed over (matched), with the hold it went to when there is one. */
export async function handOver(db: Database, patron: PatronRecord, listingId: string, reservationId: string | null, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await sweep(tx, now);
    const l = await ownListing(tx, patron, listingId);
    if (reservationId !== null) {
      const { rows } = await tx.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from exchange_reservations where id = $1 and listing_id = $2 for update`, [reservationId, listingId]);
      const r = rows[0];
      if (!r) throw new ApiError(404, 'NOT_FOUND', 'No such reservation on this listing.');
      if (r.state === 'lapsed') throw lapsedError(r);
      if (r.state !== 'active') throw new ApiError(409, 'NOT_OPEN', `This reservation is already ${r.state}.`);
      await tx.query(`update exchange_reservations set state = 'matched', ended_at = $2 where id = $1`, [r.id, now]);
    } else if (l.state === 'reserved') {
      // Handed to someone else while another patron holds it: their hold is released, not matched.
      await tx.query(`update exchange_reservations set state = 'released', ended_at = $2 where listing_id = $1 and state = 'active'`, [listingId, now]);
    }
    if (l.state !== 'open' && l.state !== 'reserved') throw new ApiError(409, 'NOT_OPEN', `This listing is already ${l.state}.`);
    await tx.query(`update exchange_listings set state = 'matched', matched_at = $2, closed_at = $2 where id = $1`, [listingId, now]);
  });
}

export async function withdraw(db: Database, patron: PatronRecord, listingId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await sweep(tx, now);
    const l = await ownListing(tx, patron, listingId);
    if (l.state !== 'open' && l.state !== 'reserved') throw new ApiError(409, 'NOT_OPEN', `This listing is already ${l.state}.`);
    await tx.query(`update exchange_reservations set state = 'released', ended_at = $2 where listing_id = $1 and state = 'active'`, [listingId, now]);
    await tx.query(`update exchange_listings set state = 'withdrawn', closed_at = $2 where id = $1`, [listingId, now]);
  });
}
