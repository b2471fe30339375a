// The notices consumer: follows the event log in sequence order, as the
// statistics consumer does, with its own cursor row. Each batch takes the
// cursor's lock, reads the next events, queues the notices they call for and
// moves the cursor, all in one transaction: a crash before the commit loses
// the batch whole (consumed again), and the dedupe keys make a replay insert
// nothing new. Several service processes take turns on the cursor's lock.
import type { Database, Sql } from '#server/db/database';
import { currentSeq } from '#server/records/records-repo';
import { idsNeeded, noticesOf, type AppliedEvent } from './derive';
import { queueNotices } from './queue';
import { loadDeriveContext } from './records-context';

export const NOTICE_BATCH_SIZE = 1000;

interface EventRow { seq: number | string; data: AppliedEvent & { status: string } }

/** One batch; returns how many events it read and how many notices it queued (0 events: caught up). */
export async function consumeBatch(tx: Sql, limit = NOTICE_BATCH_SIZE): Promise<{ events: number; queued: number }> {
  const { rows: cp } = await tx.query<{ seq: number | string }>('select seq from notice_cursor where id = 1 for update');
  const after = Number(cp[0]?.seq ?? 0);
  const { rows } = await tx.query<EventRow>(
    `select seq, data from records where collection = 'events' and seq > $1 order by seq limit $2`,
    [after, limit],
  );
  if (rows.length === 0) return { events: 0, queued: 0 };
  const applied = rows.filter((r) => r.data.status === 'applied');
  const ctx = await loadDeriveContext(tx, idsNeeded(applied.map((r) => r.data)));
  const drafts = applied.flatMap((r) => noticesOf(r.data, Number(r.seq), ctx));
  const queued = await queueNotices(tx, drafts);
  await tx.query('update notice_cursor set seq = $1 where id = 1', [Number(rows[rows.length - 1]!.seq)]);
  return { events: rows.length, queued };
}

/** Consume until caught up; returns the notices queued. */
export async function catchUpNotices(db: Database, limit = NOTICE_BATCH_SIZE): Promise<number> {
  let queued = 0;
  for (;;) {
    const r = await db.transaction((tx) => consumeBatch(tx, limit));
    queued += r.queued;
    if (r.events === 0) return queued;
  }
}

export async function noticeLag(db: Database): Promise<{ cursor: number; head: number }> {
  const { rows } = await db.query<{ seq: number | string }>('select seq from notice_cursor where id = 1');
  return { cursor: Number(rows[0]?.seq ?? 0), head: await currentSeq(db) };
}
