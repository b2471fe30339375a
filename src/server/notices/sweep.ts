// The time-based notices, from a periodic sweep over the holds and loans as
// they are now: a pickup reminder some days before the pickup-by date, due
// soon some days before the due date, overdue from the day after it. Each is
// keyed by its record and the date it is about (a renewal's new due date is a
// new due_soon), so sweeping again, on any number of processes, queues
// nothing twice.
import type { Database } from '#server/db/database';
import type { HoldRecord, LoanRecord } from '#shared/domain/circulation/records';
import { addDays, localDateOf } from '#shared/domain/dates';
import { libraryVars } from './derive';
import { queueNotices, type NoticeDraft } from './queue';
import { loadDirectory } from './records-context';
import type { NoticeSettings } from './settings';

type SweepSettings = Pick<NoticeSettings, 'pickupReminderDays' | 'dueSoonDays' | 'overdueCatchUpDays'>;

export function sweepDrafts(
  holds: readonly HoldRecord[],
  loans: readonly LoanRecord[],
  now: number,
  dir: Awaited<ReturnType<typeof loadDirectory>>,
  s: SweepSettings,
): NoticeDraft[] {
  const out: NoticeDraft[] = [];
  const ctx = { libraryName: (id: string) => dir.libraryName(id), policy: (id: string) => dir.policy(id) };
  for (const h of holds) {
    if (h.state !== 'waiting') continue;
    const today = localDateOf(now, dir.policy(h.libraryId).utcOffsetMinutes);
    // From N days before the last day through the last day itself (a sweep missed on the day still reminds).
    if (today < addDays(h.pickupBy, -s.pickupReminderDays) || today > h.pickupBy) continue;
    out.push({
      dedupeKey: `pickup_reminder:hold:${h.id}:${h.pickupBy}`, kind: 'pickup_reminder', patronId: h.patronId, libraryId: h.libraryId,
      requestId: h.requestId, holdId: h.id, loanId: null, sourceSeq: null,
      vars: { ...libraryVars(ctx, h.libraryId), title: h.title, shelfSpot: h.shelfSpot, pickupBy: h.pickupBy },
    });
  }
  for (const l of loans) {
    if (l.state !== 'active' || l.requestId === null) continue;
    const today = localDateOf(now, dir.policy(l.libraryId).utcOffsetMinutes);
    const base = { patronId: l.patronId, libraryId: l.libraryId, requestId: l.requestId, holdId: null, loanId: l.id, sourceSeq: null };
    const vars = { ...libraryVars(ctx, l.libraryId), title: l.title, dueOn: l.dueDate };
    if (today >= addDays(l.dueDate, -s.dueSoonDays) && today <= l.dueDate) {
      out.push({ ...base, dedupeKey: `due_soon:loan:${l.id}:${l.dueDate}`, kind: 'due_soon', vars });
    } else if (today > l.dueDate && today <= addDays(l.dueDate, 1 + s.overdueCatchUpDays)) {
      // The day after the due date; later only when the sweep could not run then, and never for long-forgotten loans.
      out.push({ ...base, dedupeKey: `overdue:loan:${l.id}:${l.dueDate}`, kind: 'overdue', vars });
    }
  }
  return out;
}

/** Run the sweep for the instant `now` (tests pass a future one); returns the notices newly queued. */
export async function sweepNotices(db: Database, now: number, s: SweepSettings): Promise<number> {
  // Coarse date bounds in SQL (any offset within ±1 day of UTC), the exact test per library in sweepDrafts.
  const utcToday = new Date(now).toISOString().slice(0, 10);
  const { rows: holds } = await db.query<{ data: HoldRecord }>(
    `select data from records where collection = 'holds' and not deleted and data->>'state' = 'waiting'
        and data->>'pickupBy' between $1 and $2`,
    [addDays(utcToday, -1), addDays(utcToday, s.pickupReminderDays + 1)],
  );
  const { rows: loans } = await db.query<{ data: LoanRecord }>(
    `select data from records where collection = 'loans' and not deleted and data->>'state' = 'active'
        and data->>'requestId' is not null and data->>'dueDate' between $1 and $2`,
    [addDays(utcToday, -(s.overdueCatchUpDays + 2)), addDays(utcToday, s.dueSoonDays + 1)],
  );
  if (holds.length === 0 && loans.length === 0) return 0;
  const dir = await loadDirectory(db);
  const drafts = sweepDrafts(holds.map((r) => r.data), loans.map((r) => r.data), now, dir, s);
  let queued = 0;
  // Bounded statements: a consortium's due loans on one day fit easily, but a first sweep may find many.
  for (let i = 0; i < drafts.length; i += 500) queued += await db.transaction((tx) => queueNotices(tx, drafts.slice(i, i + 500)));
  return queued;
}
