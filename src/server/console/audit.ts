// The console's audit log: who changed what, when, with the record before and
// after. Written with the same transaction handle as the change it records,
// so a change that rolls back leaves no entry and no entry lacks its change.
import type { Sql } from '#server/db/database';

export interface Actor { accountId: string; username: string }

export interface AuditEntry { libraryId: string | null; action: string; target: string; before?: unknown; after?: unknown }

export async function writeAudit(tx: Sql, actor: Actor, e: AuditEntry): Promise<void> {
  await tx.query(
    'insert into console_audit (account_id, username, library_id, action, target, before, after) values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)',
    [actor.accountId, actor.username, e.libraryId, e.action, e.target, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)],
  );
}

export interface AuditRow { id: number; at: string; username: string; libraryId: string | null; action: string; target: string; before: unknown; after: unknown }

/** Newest first; `libraryId` limits the list to one school's entries (a library administrator's view). */
export async function listAudit(db: Sql, opts: { libraryId: string | null; beforeId?: number; limit: number }): Promise<AuditRow[]> {
  const { rows } = await db.query<{ id: string | number; at: Date | string; username: string; library_id: string | null; action: string; target: string; before: unknown; after: unknown }>(
    `select id, at, username, library_id, action, target, before, after from console_audit
      where ($1::text is null or library_id = $1) and ($2::bigint is null or id < $2)
      order by id desc limit $3`,
    [opts.libraryId, opts.beforeId ?? null, opts.limit],
  );
  return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), username: r.username, libraryId: r.library_id, action: r.action, target: r.target, before: r.before, after: r.after }));
}
