// What the console reads and does: statistics per school and subject, the
// listings of a school, and moderation (hide with a reason the lister sees,
// or show again). A library administrator sees and moderates only listings
// of their own school's patrons; every moderation is in the audit log.
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { writeAudit, type Actor } from '#server/console/audit';
import type { ConsoleListing, ExchangeStats, ExchangeStatsRow } from '#shared/exchange/wire';
import { iso } from './views';

/** Listings created in [from, to), with their reservations and matches, per school and subject. */
export async function exchangeStats(db: Sql, opts: { libraryId: string | null; from: Date; to: Date }): Promise<ExchangeStats> {
  const { rows } = await db.query<{ library_id: string; subject: string; listings: string | number; reservations: string | number; matches: string | number }>(
    `select l.library_id, l.subject, count(*) as listings,
            coalesce(sum((select count(*) from exchange_reservations r where r.listing_id = l.id)), 0) as reservations,
            count(*) filter (where l.state = 'matched') as matches
       from exchange_listings l
      where l.created_at >= $1 and l.created_at < $2 and ($3::text is null or l.library_id = $3)
      group by l.library_id, l.subject
      order by l.library_id, l.subject`,
    [opts.from, opts.to, opts.libraryId],
  );
  const rate = (m: number, n: number): number => (n === 0 ? 0 : Math.round((m / n) * 1000) / 1000);
  const out: ExchangeStatsRow[] = rows.map((r) => {
    const listings = Number(r.listings);
    const matches = Number(r.matches);
    return { libraryId: r.library_id, subject: r.subject, listings, reservations: Number(r.reservations), matches, matchRate: rate(matches, listings) };
  });
  const sum = (k: 'listings' | 'reservations' | 'matches'): number => out.reduce((a, r) => a + r[k], 0);
  return { rows: out, totals: { listings: sum('listings'), reservations: sum('reservations'), matches: sum('matches'), matchRate: rate(sum('matches'), sum('listings')) } };
}

export async function consoleListings(db: Sql, opts: { libraryId: string | null; hiddenOnly: boolean }): Promise<ConsoleListing[]> {
  const { rows } = await db.query<{ id: string; library_id: string; kind: ConsoleListing['kind']; subject: string; title: string; state: ConsoleListing['state']; created_at: Date; hidden_reason: string | null; hidden_at: Date | null }>(
    `select id, library_id, kind, subject, title, state, created_at, hidden_reason, hidden_at from exchange_listings
      where ($1::text is null or library_id = $1) and (not $2 or hidden_at is not null)
      order by created_at desc, id desc limit 200`,
    [opts.libraryId, opts.hiddenOnly],
  );
  return rows.map((r) => ({
    id: r.id, libraryId: r.library_id, kind: r.kind, subject: r.subject, title: r.title, state: r.state, createdAt: iso(r.created_at),
    hidden: r.hidden_at ? { reason: r.hidden_reason ?? '', at: iso(r.hidden_at) } : null,
  }));
}

/** Hide (reason given) or show again (reason null). `school` is the school the account may act on (null: the office, any). */
export async function moderate(db: Database, actor: Actor, school: string | null, listingId: string, reason: string | null, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ library_id: string; hidden_reason: string | null; hidden_at: Date | null }>('select library_id, hidden_reason, hidden_at from exchange_listings where id = $1 for update', [listingId]);
    const l = rows[0];
    if (!l) throw new ApiError(404, 'NOT_FOUND', 'No such listing.');
    if (school !== null && l.library_id !== school) throw new ApiError(403, 'OTHER_LIBRARY', 'A library administrator moderates only listings of their own school.');
    if (reason === null) await tx.query('update exchange_listings set hidden_reason = null, hidden_at = null, hidden_by = null where id = $1', [listingId]);
    else await tx.query('update exchange_listings set hidden_reason = $2, hidden_at = $3, hidden_by = $4 where id = $1', [listingId, reason, now, actor.accountId]);
    await writeAudit(tx, actor, {
      libraryId: l.library_id, action: reason === null ? 'exchange.listing_shown' : 'exchange.listing_hidden', target: listingId,
      before: { hidden: l.hidden_at !== null, reason: l.hidden_reason }, after: { hidden: reason !== null, reason },
    });
  });
}
