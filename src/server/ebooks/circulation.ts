// E-book loans and the waiting list. Copies are concurrent loans: a title's
// row holds `copies` and `out` (on loan + offered to the first in line) under
// CHECK (out <= copies). Every change to `out` happens with that row locked
// (a conditional UPDATE, or SELECT … FOR UPDATE before reading the queue), so
// on PostgreSQL concurrent borrowers queue on the row and see each other's
// result, and on PGlite (one connection) transactions run one at a time; the
// CHECK refuses anything that would slip past either.
//
// A copy that comes free goes to the first patron waiting: it stays counted
// in `out` as an offer for OFFER_HOURS, and an 'ebook_available' notice is
// queued in the same transaction (dedupe key per hold). An offer that lapses
// passes the copy to the next in line.
import { ulid } from 'ulid';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { queueNotices } from '#server/notices/queue';
import type { EbookHold, EbookLoan, EbookShelf } from '#shared/ebooks/wire';
import { taipeiMinute } from './clock';
import { countUsage } from './usage';

export const EBOOK_LOAN_LIMIT = 10;
export const OFFER_HOURS = 48;

export interface Borrower { patronId: string; libraryId: string }

const iso = (v: Date | string): string => new Date(v).toISOString();
const at = (ms: number): string => new Date(ms).toISOString();

interface LoanRow { id: string; title_id: string; title: string; borrowed_at: Date | string; due_at: Date | string }
const loanOf = (r: LoanRow): EbookLoan => ({ id: r.id, titleId: r.title_id, title: r.title, borrowedAt: iso(r.borrowed_at), dueAt: iso(r.due_at) });

async function titleRow(tx: Sql, titleId: string, lock: boolean): Promise<{ id: string; title: string; copies: number; out: number; loan_days: number }> {
  const { rows } = await tx.query<{ id: string; title: string; copies: number; out: number; loan_days: number }>(
    `select id, title, copies, out, loan_days from ebook_titles where id = $1${lock ? ' for update' : ''}`, [titleId],
  );
  if (!rows[0]) throw new ApiError(404, 'NOT_FOUND', 'No such e-book.');
  return rows[0];
}

/**
 * Offers free copies of a title to the first in line, while there are both. The title row must
 * already be locked by this transaction. Returns the holds offered.
 */
export async function fillOffers(tx: Sql, titleId: string, nowMs: number): Promise<string[]> {
  const offered: string[] = [];
  for (;;) {
    const { rows: t } = await tx.query<{ title: string; copies: number; out: number; loan_days: number }>('select title, copies, out, loan_days from ebook_titles where id = $1', [titleId]);
    const title = t[0];
    if (!title || title.out >= title.copies) return offered;
    const until = nowMs + OFFER_HOURS * 3_600_000;
    // The first one still waiting, taken with its row lock: a place being cancelled at this moment
    // is skipped (and never turned back into an offer), the next in line gets the copy.
    const { rows: next } = await tx.query<{ id: string; patron_id: string; library_id: string }>(
      `update ebook_holds set state = 'offered', offered_at = $2, offer_until = $3
        where id = (select id from ebook_holds where title_id = $1 and state = 'waiting' order by placed_at, id limit 1 for update skip locked)
          and state = 'waiting'
        returning id, patron_id, library_id`,
      [titleId, at(nowMs), at(until)],
    );
    const hold = next[0];
    if (!hold) return offered;
    await tx.query('update ebook_titles set out = out + 1 where id = $1', [titleId]);
    await queueNotices(tx, [{
      dedupeKey: `ebook_available:hold:${hold.id}`, kind: 'ebook_available', patronId: hold.patron_id, libraryId: hold.library_id,
      requestId: null, holdId: hold.id, loanId: null, sourceSeq: null,
      // pickupBy is the notices' word for "take it by": here, until when the copy is kept.
      vars: { title: title.title, pickupBy: taipeiMinute(until), loanDays: title.loan_days },
    }]);
    offered.push(hold.id);
  }
}

/** A copy comes back (return, expiry, an offer declined or lapsed): out by one, then the waiting list. */
async function releaseCopy(tx: Sql, titleId: string, nowMs: number): Promise<void> {
  await titleRow(tx, titleId, true);
  await tx.query('update ebook_titles set out = out - 1 where id = $1', [titleId]);
  await fillOffers(tx, titleId, nowMs);
}

type BorrowOutcome = { ok: true; loan: EbookLoan } | { ok: false; turnaway: true };

/**
 * Borrows a copy for the patron: their offered copy if they have one, else a free copy. All copies
 * out is a turn-away, counted (the number that says whether to buy more copies) and answered 409.
 */
export async function borrow(db: Database, who: Borrower, titleId: string, nowMs: number): Promise<EbookLoan> {
  const outcome = await db.transaction<BorrowOutcome>(async (tx) => {
    // One patron's borrows one at a time, so the loan limit cannot be overrun by a double click.
    await tx.query(`select pg_advisory_xact_lock(hashtext('ebook-patron:' || $1))`, [who.patronId]);
    const t = await titleRow(tx, titleId, false);
    const { rows: mine } = await tx.query<{ n: string; here: string }>(
      `select count(*) as n, count(*) filter (where title_id = $2) as here from ebook_loans where patron_id = $1 and ended_at is null`, [who.patronId, titleId],
    );
    if (Number(mine[0]!.here) > 0) throw new ApiError(409, 'EBOOK_ALREADY_ON_LOAN', '你已借閱這本電子書。 You already have this e-book on loan.');
    if (Number(mine[0]!.n) >= EBOOK_LOAN_LIMIT) {
      throw new ApiError(409, 'EBOOK_LOAN_LIMIT', `電子書最多同時借 ${EBOOK_LOAN_LIMIT} 本。 At most ${EBOOK_LOAN_LIMIT} e-books at a time.`, { limit: EBOOK_LOAN_LIMIT });
    }
    // Their own offer: the copy is already counted in out.
    const { rows: offer } = await tx.query(
      `update ebook_holds set state = 'borrowed', closed_at = $3 where title_id = $1 and patron_id = $2 and state = 'offered' returning id`, [titleId, who.patronId, at(nowMs)],
    );
    if (offer.length === 0) {
      // The row lock and the check in one statement: of N racing borrowers for the last copy, one gets 1 row.
      const { rows: took } = await tx.query('update ebook_titles set out = out + 1 where id = $1 and out < copies returning out', [titleId]);
      if (took.length === 0) return { ok: false, turnaway: true };
      await tx.query(`update ebook_holds set state = 'borrowed', closed_at = $3 where title_id = $1 and patron_id = $2 and state = 'waiting'`, [titleId, who.patronId, at(nowMs)]);
    }
    const id = ulid(nowMs);
    const due = nowMs + t.loan_days * 86_400_000;
    await tx.query(
      'insert into ebook_loans (id, title_id, patron_id, library_id, borrowed_at, due_at) values ($1, $2, $3, $4, $5, $6)',
      [id, titleId, who.patronId, who.libraryId, at(nowMs), at(due)],
    );
    await countUsage(tx, titleId, who.libraryId, nowMs, 'loans');
    return { ok: true, loan: { id, titleId, title: t.title, borrowedAt: at(nowMs), dueAt: at(due) } };
  });
  if (outcome.ok) return outcome.loan;
  await countUsage(db, titleId, who.libraryId, nowMs, 'turnaways');
  throw new ApiError(409, 'EBOOK_ALL_OUT', '所有複本都已借出，可以加入等候名單。 Every copy is on loan: you can join the waiting list.');
}

/** Returns a loan early; the copy goes to the next in line. */
export async function giveBack(db: Database, who: Borrower, loanId: string, nowMs: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ title_id: string }>(
      `update ebook_loans set ended_at = $3, ended = 'returned' where id = $1 and patron_id = $2 and ended_at is null returning title_id`, [loanId, who.patronId, at(nowMs)],
    );
    // Another patron's loan is "not found" too: nothing is learnt about it.
    if (!rows[0]) throw new ApiError(404, 'NOT_FOUND', '找不到這筆借閱，或已歸還。 No such e-book loan, or it has been returned.');
    await releaseCopy(tx, rows[0].title_id, nowMs);
  });
}

/** Joins the waiting list; only when every copy is out (otherwise borrow it). */
export async function placeHold(db: Database, who: Borrower, titleId: string, nowMs: number): Promise<EbookHold> {
  return db.transaction(async (tx) => {
    const t = await titleRow(tx, titleId, true);
    const { rows: onLoan } = await tx.query('select 1 from ebook_loans where title_id = $1 and patron_id = $2 and ended_at is null', [titleId, who.patronId]);
    if (onLoan.length > 0) throw new ApiError(409, 'EBOOK_ALREADY_ON_LOAN', '你已借閱這本電子書。 You already have this e-book on loan.');
    const { rows: open } = await tx.query('select 1 from ebook_holds where title_id = $1 and patron_id = $2 and state in (\'waiting\', \'offered\')', [titleId, who.patronId]);
    if (open.length > 0) throw new ApiError(409, 'EBOOK_ALREADY_WAITING', '你已在等候名單上。 You are already on the waiting list.');
    if (t.out < t.copies) throw new ApiError(409, 'EBOOK_COPY_FREE', '目前有可借的複本，請直接借閱。 A copy is free now: borrow it instead.');
    const id = ulid(nowMs);
    await tx.query(`insert into ebook_holds (id, title_id, patron_id, library_id, placed_at, state) values ($1, $2, $3, $4, $5, 'waiting')`,
      [id, titleId, who.patronId, who.libraryId, at(nowMs)]);
    const { rows: ahead } = await tx.query<{ n: string }>(`select count(*) as n from ebook_holds where title_id = $1 and state = 'waiting'`, [titleId]);
    return { id, titleId, title: t.title, state: 'waiting', position: Number(ahead[0]!.n), offerUntil: null, placedAt: at(nowMs) };
  });
}

/** Leaves the waiting list, or declines an offered copy (which then goes to the next in line). */
export async function cancelHold(db: Database, who: Borrower, holdId: string, nowMs: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ title_id: string; state: string }>(
      `select title_id, state from ebook_holds where id = $1 and patron_id = $2 and state in ('waiting', 'offered') for update`, [holdId, who.patronId],
    );
    if (!rows[0]) throw new ApiError(404, 'NOT_FOUND', '找不到這筆等候。 No such waiting-list place.');
    await tx.query(`update ebook_holds set state = 'cancelled', closed_at = $2 where id = $1`, [holdId, at(nowMs)]);
    if (rows[0].state === 'offered') await releaseCopy(tx, rows[0].title_id, nowMs);
  });
}

/** Loans past their due time end, offers past their time lapse; each freed copy goes down the line. Returns how many ended. */
export async function sweepEbooks(db: Database, nowMs: number, batch = 200): Promise<{ expired: number; lapsed: number }> {
  let expired = 0;
  let lapsed = 0;
  const { rows: due } = await db.query<{ id: string }>('select id from ebook_loans where ended_at is null and due_at <= $1 order by due_at limit $2', [at(nowMs), batch]);
  for (const { id } of due) {
    // One transaction per loan: a second process sweeping at once finds it ended and does nothing.
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ title_id: string }>(
        `update ebook_loans set ended_at = due_at, ended = 'expired' where id = $1 and ended_at is null and due_at <= $2 returning title_id`, [id, at(nowMs)],
      );
      if (!rows[0]) return;
      expired++;
      await releaseCopy(tx, rows[0].title_id, nowMs);
    });
  }
  const { rows: offers } = await db.query<{ id: string }>(`select id from ebook_holds where state = 'offered' and offer_until <= $1 order by offer_until limit $2`, [at(nowMs), batch]);
  for (const { id } of offers) {
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ title_id: string }>(
        `update ebook_holds set state = 'lapsed', closed_at = $2 where id = $1 and state = 'offered' and offer_until <= $2 returning title_id`, [id, at(nowMs)],
      );
      if (!rows[0]) return;
      lapsed++;
      await releaseCopy(tx, rows[0].title_id, nowMs);
    });
  }
  return { expired, lapsed };
}

/** The patron's loans, waiting-list places (with their position) and offers. */
export async function shelfOf(db: Sql, patronId: string): Promise<EbookShelf> {
  const { rows: loans } = await db.query<LoanRow>(
    `select l.id, l.title_id, t.title, l.borrowed_at, l.due_at from ebook_loans l join ebook_titles t on t.id = l.title_id
      where l.patron_id = $1 and l.ended_at is null order by l.due_at, l.id`, [patronId],
  );
  const { rows: holds } = await db.query<{ id: string; title_id: string; title: string; state: 'waiting' | 'offered'; offer_until: Date | string | null; placed_at: Date | string; position: string | null }>(
    `select h.id, h.title_id, t.title, h.state, h.offer_until, h.placed_at,
            case when h.state = 'waiting' then (select count(*) from ebook_holds q where q.title_id = h.title_id and q.state = 'waiting'
              and (q.placed_at, q.id) <= (h.placed_at, h.id)) end as position
       from ebook_holds h join ebook_titles t on t.id = h.title_id
      where h.patron_id = $1 and h.state in ('waiting', 'offered') order by h.state desc, h.placed_at, h.id`, [patronId],
  );
  return {
    loans: loans.map(loanOf),
    holds: holds.map((h) => ({ id: h.id, titleId: h.title_id, title: h.title, state: h.state, position: h.position === null ? null : Number(h.position), offerUntil: h.offer_until ? iso(h.offer_until) : null, placedAt: iso(h.placed_at) })),
    loanLimit: EBOOK_LOAN_LIMIT,
  };
}

/** An open loan of this patron, for the reading link. */
export async function openLoan(db: Sql, loanId: string, patronId: string | null, nowMs: number): Promise<{ id: string; titleId: string; libraryId: string; titleUrl: string; dueAt: number } | null> {
  const { rows } = await db.query<{ id: string; title_id: string; library_id: string; title_url: string; due_at: Date | string; patron_id: string }>(
    `select l.id, l.title_id, l.library_id, t.title_url, l.due_at, l.patron_id from ebook_loans l join ebook_titles t on t.id = l.title_id
      where l.id = $1 and l.ended_at is null and l.due_at > $2`, [loanId, at(nowMs)],
  );
  const r = rows[0];
  if (!r || (patronId !== null && r.patron_id !== patronId)) return null;
  return { id: r.id, titleId: r.title_id, libraryId: r.library_id, titleUrl: r.title_url, dueAt: new Date(r.due_at).getTime() };
}
