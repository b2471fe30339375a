// Messages between a lister and one asker about one listing, kept at the
// service. Each side sees the other only as a masked name (張○○): no patron
// id, card number, email or phone, and bodies carrying contact details are
// refused (listing-input.ts).
import { newId } from './ids';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import type { PatronRecord } from '#shared/domain/records';
import { maskedName } from '#shared/exchange/rules';
import type { ExchangeThread } from '#shared/exchange/wire';
import { patronById } from '#server/portal/sign-in';
import { threadFor, visibleListing } from './listings';
import { iso } from './views';

const MESSAGES_PER_THREAD = 100;

async function post(tx: Sql, threadId: string, from: string, body: string, now: Date): Promise<void> {
  await tx.query('insert into exchange_messages (id, thread_id, from_patron, body, created_at) values ($1, $2, $3, $4, $5)', [newId('xm', now), threadId, from, body, now]);
  await tx.query('update exchange_threads set last_at = $2 where id = $1', [threadId, now]);
}

/** An asker writes to a listing's lister (the lister answers in the thread). */
export async function askLister(db: Database, patron: PatronRecord, listingId: string, body: string, now: Date): Promise<string> {
  const l = await visibleListing(db, listingId, patron.id);
  if (l.lister_id === patron.id) throw new ApiError(409, 'OWN_LISTING', 'This is your own listing: answer the patrons who wrote to you from your messages.');
  return db.transaction(async (tx) => {
    const threadId = await threadFor(tx, listingId, patron.id, now);
    await post(tx, threadId, patron.id, body, now);
    return threadId;
  });
}

interface ThreadRow { id: string; listing_id: string; asker_id: string; last_at: Date | string; title: string; lister_id: string }

async function threadRow(db: Sql, threadId: string, patronId: string): Promise<ThreadRow> {
  const { rows } = await db.query<ThreadRow>(
    'select t.id, t.listing_id, t.asker_id, t.last_at, l.title, l.lister_id from exchange_threads t join exchange_listings l on l.id = t.listing_id where t.id = $1',
    [threadId],
  );
  const t = rows[0];
  // Someone else's conversation answers exactly like one that does not exist.
  if (!t || (t.asker_id !== patronId && t.lister_id !== patronId)) throw new ApiError(404, 'NOT_FOUND', 'No such conversation of yours.');
  return t;
}

export async function reply(db: Database, patron: PatronRecord, threadId: string, body: string, now: Date): Promise<void> {
  await threadRow(db, threadId, patron.id);
  await db.transaction((tx) => post(tx, threadId, patron.id, body, now));
}

/** The patron's conversations, newest first, each with its latest messages. */
export async function threadsOf(db: Sql, patron: PatronRecord): Promise<ExchangeThread[]> {
  const { rows } = await db.query<ThreadRow>(
    `select t.id, t.listing_id, t.asker_id, t.last_at, l.title, l.lister_id from exchange_threads t join exchange_listings l on l.id = t.listing_id
      where (t.asker_id = $1 or l.lister_id = $1) and exists (select 1 from exchange_messages m where m.thread_id = t.id)
      order by t.last_at desc limit 50`,
    [patron.id],
  );
  if (rows.length === 0) return [];
  const { rows: msgs } = await db.query<{ id: string; thread_id: string; from_patron: string; body: string; created_at: Date | string }>(
    `select id, thread_id, from_patron, body, created_at from (
       select m.*, row_number() over (partition by thread_id order by created_at desc, id desc) as k from exchange_messages m where thread_id = any($1::text[])
     ) x where k <= ${MESSAGES_PER_THREAD} order by created_at, id`,
    [rows.map((t) => t.id)],
  );
  const names = new Map<string, string>();
  for (const t of rows) {
    const other = t.lister_id === patron.id ? t.asker_id : t.lister_id;
    if (!names.has(other)) names.set(other, maskedName((await patronById(db, other))?.name ?? ''));
  }
  return rows.map((t) => ({
    id: t.id, listingId: t.listing_id, listingTitle: t.title, role: t.lister_id === patron.id ? 'lister' : 'asker',
    otherName: names.get(t.lister_id === patron.id ? t.asker_id : t.lister_id) ?? '○○', lastAt: iso(t.last_at),
    messages: msgs.filter((m) => m.thread_id === t.id).map((m) => ({ id: m.id, mine: m.from_patron === patron.id, body: m.body, at: iso(m.created_at) })),
  }));
}
