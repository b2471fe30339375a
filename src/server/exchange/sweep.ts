// Holds lapse and listings expire by the times stored with them, so a restart
// loses nothing: every read and write sweeps first (with the exchange's
// clock), and a timer sweeps too so the lister sees the book open again
// without anyone asking. No in-memory deadline is trusted.
import type { Sql } from '#server/db/database';

export interface SweepResult { lapsed: number; expired: number }

export async function sweep(db: Sql, now: Date): Promise<SweepResult> {
  // Most calls find nothing due: the earliest deadline of each kind, one index entry each, and no row is
  // locked (searches run this on every call). Not `exists (… where expires_at <= $1)`: the planner expects
  // an early match there and scans the table (bench/exchange.ts: +60 ms a search on PGlite).
  const { rows: due } = await db.query<{ hold: Date | string | null; listing: Date | string | null }>(
    `select (select min(expires_at) from exchange_reservations where state = 'active') as hold,
            (select min(expires_at) from exchange_listings where state in ('open', 'reserved')) as listing`,
  );
  const isDue = (d: Date | string | null | undefined): boolean => d !== null && d !== undefined && new Date(d).getTime() <= now.getTime();
  if (!isDue(due[0]?.hold) && !isDue(due[0]?.listing)) return { lapsed: 0, expired: 0 };
  // 1. Holds past their time lapse (ended at their own deadline, not at the sweep); their listings open again.
  const lapsed = await db.query<{ listing_id: string }>(
    `update exchange_reservations set state = 'lapsed', ended_at = expires_at where state = 'active' and expires_at <= $1 returning listing_id`,
    [now],
  );
  if (lapsed.rows.length > 0) {
    await db.query(`update exchange_listings set state = 'open' where state = 'reserved' and id = any($1::text[])`, [lapsed.rows.map((r) => r.listing_id)]);
  }
  // 2. Listings past the consortium's lifetime expire; a hold still running on one is released.
  const expired = await db.query<{ id: string }>(
    `update exchange_listings set state = 'expired', closed_at = expires_at where state in ('open', 'reserved') and expires_at <= $1 returning id`,
    [now],
  );
  if (expired.rows.length > 0) {
    await db.query(`update exchange_reservations set state = 'released', ended_at = $2 where state = 'active' and listing_id = any($1::text[])`, [expired.rows.map((r) => r.id), now]);
  }
  return { lapsed: lapsed.rows.length, expired: expired.rows.length };
}
