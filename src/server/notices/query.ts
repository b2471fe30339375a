// What staff and the portal may ask about notices: kinds, delivery states and
// times, never an address or a message body.
import type { Sql } from '#server/db/database';
import type { NoticeKind } from '#shared/portal/wire';

export type DeliveryState = 'queued' | 'sent' | 'failed' | 'skipped';
export const DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'sent', 'failed', 'skipped'];

export interface NoticeSummary {
  kind: NoticeKind;
  state: DeliveryState;
  createdAt: string;
  sentAt: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

interface Row { id: string; kind: NoticeKind; state: DeliveryState; created_at: Date | string; sent_at: Date | string | null }

/** The notices about one request, newest first. */
export async function noticesForRequest(db: Sql, requestId: string): Promise<NoticeSummary[]> {
  const { rows } = await db.query<Row>(
    'select id, kind, state, created_at, sent_at from notices where request_id = $1 order by created_at desc, id desc limit 200',
    [requestId],
  );
  return rows.map((r) => ({ kind: r.kind, state: r.state, createdAt: iso(r.created_at)!, sentAt: iso(r.sent_at) }));
}

/** A notice as staff see it: delivery and why, not the text (a book title a patron reads is theirs). */
export interface NoticeStaffView {
  id: string;
  kind: NoticeKind;
  state: DeliveryState;
  skipReason: string | null;
  patronId: string;
  libraryId: string;
  requestId: string | null;
  holdId: string | null;
  loanId: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NoticeFilter { state?: DeliveryState; patronId?: string; requestId?: string; libraryId?: string; limit: number; before?: string }

export async function listNotices(db: Sql, f: NoticeFilter): Promise<NoticeStaffView[]> {
  const { rows } = await db.query<Row & {
    skip_reason: string | null; patron_id: string; library_id: string; request_id: string | null; hold_id: string | null; loan_id: string | null;
    attempts: number; last_error: string | null; next_attempt_at: Date | string;
  }>(
    `select id, kind, state, skip_reason, patron_id, library_id, request_id, hold_id, loan_id, attempts, last_error, next_attempt_at, created_at, sent_at
       from notices
      where ($1::text is null or state = $1) and ($2::text is null or patron_id = $2) and ($3::text is null or request_id = $3)
        and ($4::text is null or library_id = $4) and ($5::text is null or id < $5)
      order by id desc limit $6`,
    [f.state ?? null, f.patronId ?? null, f.requestId ?? null, f.libraryId ?? null, f.before ?? null, f.limit],
  );
  return rows.map((r) => ({
    id: r.id, kind: r.kind, state: r.state, skipReason: r.skip_reason, patronId: r.patron_id, libraryId: r.library_id,
    requestId: r.request_id, holdId: r.hold_id, loanId: r.loan_id, attempts: r.attempts, lastError: r.last_error,
    nextAttemptAt: r.state === 'queued' ? iso(r.next_attempt_at) : null, createdAt: iso(r.created_at)!, sentAt: iso(r.sent_at),
  }));
}

export async function countsByState(db: Sql): Promise<Record<DeliveryState, number> & { oldestQueuedAt: string | null }> {
  const { rows } = await db.query<{ state: DeliveryState; n: string | number; oldest: Date | string | null }>(
    'select state, count(*) as n, min(created_at) as oldest from notices group by state',
  );
  const out = { queued: 0, sent: 0, failed: 0, skipped: 0, oldestQueuedAt: null as string | null };
  for (const r of rows) {
    out[r.state] = Number(r.n);
    if (r.state === 'queued') out.oldestQueuedAt = iso(r.oldest);
  }
  return out;
}
