// Rows as the wire shows them, and who may see what: a hidden, closed or
// expired listing is visible only to its lister (and to a patron who reserved
// it); nobody is ever shown another patron's id, card or contact.
import type { Sql } from '#server/db/database';
import type { ExchangeListing, ExchangeReservation, ListingKind, Subject, Condition, ListingState, ReservationState } from '#shared/exchange/wire';

export interface ListingRow {
  id: string; lister_id: string; library_id: string; kind: ListingKind; subject: Subject; title: string; author: string; isbn: string | null;
  description: string; condition: Condition; price: number; campus: string; state: ListingState; created_at: Date | string; expires_at: Date | string;
  hidden_reason: string | null; hidden_at: Date | string | null;
}
export const LISTING_COLUMNS = 'id, lister_id, library_id, kind, subject, title, author, isbn, description, condition, price, campus, state, created_at, expires_at, hidden_reason, hidden_at';

export interface ReservationRow { id: string; listing_id: string; patron_id: string; library_id: string; state: ReservationState; created_at: Date | string; expires_at: Date | string }
export const RESERVATION_COLUMNS = 'id, listing_id, patron_id, library_id, state, created_at, expires_at';

export const iso = (d: Date | string): string => new Date(d).toISOString();

export function reservationView(r: ReservationRow): ExchangeReservation {
  return { id: r.id, listingId: r.listing_id, state: r.state, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at) };
}

/** Is the listing shown in search and to any signed-in patron? */
export const isPublic = (l: ListingRow): boolean => l.hidden_at === null && (l.state === 'open' || l.state === 'reserved');

/** The listings as one patron sees them: photos in upload order, their own hold on each. */
export async function listingViews(db: Sql, rows: ListingRow[], viewerId: string): Promise<ExchangeListing[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [{ rows: photos }, { rows: holds }] = await Promise.all([
    db.query<{ id: string; listing_id: string }>('select id, listing_id from exchange_photos where listing_id = any($1::text[]) order by created_at, id', [ids]),
    db.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from exchange_reservations where listing_id = any($1::text[]) and patron_id = $2 and state in ('active', 'matched') order by created_at desc`, [ids, viewerId]),
  ]);
  const photoIds = new Map<string, string[]>();
  for (const p of photos) photoIds.set(p.listing_id, [...(photoIds.get(p.listing_id) ?? []), p.id]);
  const holdOf = new Map<string, ReservationRow>();
  for (const h of holds) if (!holdOf.has(h.listing_id)) holdOf.set(h.listing_id, h);
  return rows.map((l) => {
    const mine = l.lister_id === viewerId;
    const hold = holdOf.get(l.id);
    return {
      id: l.id, kind: l.kind, subject: l.subject, title: l.title, author: l.author, isbn: l.isbn, description: l.description, condition: l.condition,
      price: l.price, campus: l.campus, libraryId: l.library_id, state: l.state, createdAt: iso(l.created_at), expiresAt: iso(l.expires_at),
      photoIds: photoIds.get(l.id) ?? [], mine, myReservation: hold ? reservationView(hold) : null,
      hidden: mine && l.hidden_at !== null ? { reason: l.hidden_reason ?? '', at: iso(l.hidden_at) } : null,
    };
  });
}
