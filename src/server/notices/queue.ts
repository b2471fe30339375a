// Putting notices in the queue. Each has a dedupe key with a UNIQUE
// constraint, so queueing the same state change twice (a replayed range, the
// sweep on two processes, a restart) inserts nothing the second time. A
// patron with no address, or who opted out of the kind, gets a 'skipped' row
// rather than none, so staff can see why nobody was told.
import { ulid } from 'ulid';
import type { Sql } from '#server/db/database';
import type { NoticeKind } from '#shared/portal/wire';

export type NoticeVars = Record<string, string | number>;

export interface NoticeDraft {
  dedupeKey: string;
  kind: NoticeKind;
  patronId: string;
  /** The library the patron deals with (pickup/borrowing library): its sender, template and policy. */
  libraryId: string;
  requestId: string | null;
  holdId: string | null;
  loanId: string | null;
  vars: NoticeVars;
  sourceSeq: number | null;
}

export type SkipReason = 'no_email' | 'opted_out';

/** Why a patron gets no mail of this kind, or null when it should be sent. */
export function skipReason(contact: { email: string | null; opted_out: string[] } | undefined, kind: NoticeKind): SkipReason | null {
  if (!contact?.email) return 'no_email';
  if (contact.opted_out.includes(kind)) return 'opted_out';
  return null;
}

/** Queue the drafts (each once); returns how many rows were new. */
export async function queueNotices(tx: Sql, drafts: readonly NoticeDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const patronIds = [...new Set(drafts.map((d) => d.patronId))];
  const { rows } = await tx.query<{ patron_id: string; email: string | null; opted_out: string[] }>(
    'select patron_id, email, opted_out from notice_contacts where patron_id = any($1::text[])',
    [patronIds],
  );
  const contacts = new Map(rows.map((r) => [r.patron_id, r]));
  const payload = drafts.map((d) => {
    const skip = skipReason(contacts.get(d.patronId), d.kind);
    return {
      id: ulid(), dedupe_key: d.dedupeKey, kind: d.kind, patron_id: d.patronId, library_id: d.libraryId,
      request_id: d.requestId, hold_id: d.holdId, loan_id: d.loanId, vars: d.vars,
      state: skip ? 'skipped' : 'queued', skip_reason: skip, source_seq: d.sourceSeq,
    };
  });
  const { affectedRows } = await tx.query(
    `insert into notices (id, dedupe_key, kind, patron_id, library_id, request_id, hold_id, loan_id, vars, state, skip_reason, source_seq)
       select id, dedupe_key, kind, patron_id, library_id, request_id, hold_id, loan_id, vars, state, skip_reason, source_seq
         from jsonb_to_recordset($1::jsonb) as x(id text, dedupe_key text, kind text, patron_id text, library_id text, request_id text,
              hold_id text, loan_id text, vars jsonb, state text, skip_reason text, source_seq bigint)
     on conflict (dedupe_key) do nothing`,
    [JSON.stringify(payload)],
  );
  return affectedRows;
}
