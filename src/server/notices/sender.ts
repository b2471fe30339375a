// Sending queued notices, exactly once as far as the database can tell.
//
// A notice is claimed with a lease (one UPDATE over a `for update skip
// locked` select, so two processes on one PostgreSQL never claim the same
// row; PGlite is one process and one connection), sent, and marked 'sent'
// only after the SMTP server accepted it (250). A failure is retried with
// backoff up to maxAttempts, then 'failed' with the error (addresses blanked).
// A process killed while it held a claim leaves the lease to run out; the
// notice is then claimed and sent again. A claim that grew old waiting for a
// connection is renewed before its send (keepClaim), so a live sender never
// loses a notice to another mid-send.
//
// The one window this cannot close is between the server's 250 and the
// UPDATE that records it: a kill -9 there, or the database failing that
// UPDATE, leaves the notice to be sent again after the lease. It is then
// delivered twice, with the same Message-ID (messageIdFor, from the dedupe
// key), so a receiving system can drop the second copy. SMTP has no way to
// ask a server "did you already take this?", so the window is made small
// (one UPDATE, right after the 250), not impossible.
import { randomBytes } from 'node:crypto';
import type { Database } from '#server/db/database';
import { backoffDelay } from '#shared/backoff';
import type { NoticeKind } from '#shared/portal/wire';
import type { NoticeLanguage } from './default-templates';
import { describeSmtpError, messageIdFor, type MailTransport, type OutgoingMail } from './mailer';
import { skipReason } from './queue';
import { loadDirectory, type LibraryDirectory } from './records-context';
import type { NoticeSettings } from './settings';
import { render, templatesForLibraries } from './templates';
import { reasonText } from './reason-text';

interface ClaimedRow {
  id: string;
  dedupe_key: string;
  kind: NoticeKind;
  patron_id: string;
  library_id: string;
  vars: Record<string, string | number>;
  attempts: number;
}

export interface DrainResult { sent: number; retried: number; failed: number; skipped: number; lostLease: number }

export type SenderSettings = Pick<NoticeSettings, 'leaseMs' | 'maxAttempts' | 'retryBackoff' | 'batchSize' | 'connections' | 'defaultFrom' | 'messageIdDomain'>;

/** What the sender reports, for the log: never an address or a body. */
export type SendReport = { id: string; kind: string; outcome: 'sent' | 'retry' | 'failed' | 'skipped' | 'lost_lease'; attempts: number; error?: string };

/** Claim up to `limit` notices that are due, for leaseMs. */
export async function claimNotices(db: Database, limit: number, leaseMs: number): Promise<{ token: string; rows: ClaimedRow[] }> {
  const token = randomBytes(12).toString('base64url');
  const { rows } = await db.query<ClaimedRow>(
    `with due as (
       select id from notices
        where state = 'queued' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        order by next_attempt_at, id limit $1
        for update skip locked
     )
     update notices n set lease_until = now() + make_interval(secs => $2::double precision), lease_token = $3, attempts = n.attempts + 1
       from due where n.id = due.id
     returning n.id, n.dedupe_key, n.kind, n.patron_id, n.library_id, n.vars, n.attempts`,
    [limit, leaseMs / 1000, token],
  );
  return { token, rows };
}

interface SendContext {
  dir: LibraryDirectory;
  template: Awaited<ReturnType<typeof templatesForLibraries>>;
  senders: Map<string, { from_name: string; from_address: string }>;
  contacts: Map<string, { email: string | null; language: NoticeLanguage; opted_out: string[] }>;
}

async function loadSendContext(db: Database, rows: readonly ClaimedRow[]): Promise<SendContext> {
  const dir = await loadDirectory(db);
  const libraryIds = [...new Set(rows.map((r) => r.library_id))];
  const template = await templatesForLibraries(db, libraryIds);
  const { rows: senders } = await db.query<{ library_id: string; from_name: string; from_address: string }>(
    'select library_id, from_name, from_address from notice_senders where library_id = any($1::text[])',
    [libraryIds],
  );
  // Read at send time, never copied into the queue: an address changed since queueing is the one used.
  const { rows: contacts } = await db.query<{ patron_id: string; email: string | null; language: NoticeLanguage; opted_out: string[] }>(
    'select patron_id, email, language, opted_out from notice_contacts where patron_id = any($1::text[])',
    [[...new Set(rows.map((r) => r.patron_id))]],
  );
  return { dir, template, senders: new Map(senders.map((s) => [s.library_id, s])), contacts: new Map(contacts.map((c) => [c.patron_id, c])) };
}

/** The message for one claimed notice, in the patron's language, from the library's sender. */
export function composeMail(row: ClaimedRow, to: string, language: NoticeLanguage, ctx: SendContext, s: SenderSettings): OutgoingMail {
  const template = ctx.template(row.library_id, row.kind, language);
  const library = ctx.dir.libraryName(row.library_id, language);
  const vars = { ...row.vars, library, ...(typeof row.vars['reason'] === 'string' ? { reason: reasonText(row.vars['reason'], language) } : {}) };
  const sender = ctx.senders.get(row.library_id);
  return {
    from: sender ? { name: sender.from_name, address: sender.from_address } : { name: library, address: s.defaultFrom },
    to,
    subject: render(template.subject, vars).replace(/[\r\n]+/g, ' '),
    text: render(template.body, vars),
    messageId: messageIdFor(row.dedupe_key, s.messageIdDomain),
    kind: row.kind,
  };
}

async function finish(db: Database, id: string, token: string, sql: string, params: readonly unknown[]): Promise<boolean> {
  const { affectedRows } = await db.query(`update notices set ${sql}, lease_until = null, lease_token = null where id = $1 and lease_token = $2`, [id, token, ...params]);
  return affectedRows === 1;
}

/**
 * A notice waits in this process's pool for a free connection; behind slow sends its claim can get
 * old. Past half the lease it is renewed before sending (one UPDATE), so the send itself always has a
 * whole lease; if another process has claimed it meanwhile, this one leaves it alone.
 */
async function keepClaim(db: Database, id: string, token: string, claimedAt: number, leaseMs: number): Promise<boolean> {
  if (Date.now() - claimedAt < leaseMs / 2) return true;
  const { affectedRows } = await db.query(
    `update notices set lease_until = now() + make_interval(secs => $3::double precision) where id = $1 and lease_token = $2 and state = 'queued'`,
    [id, token, leaseMs / 1000],
  );
  return affectedRows === 1;
}

async function sendOne(db: Database, transport: MailTransport, row: ClaimedRow, token: string, claimedAt: number, ctx: SendContext, s: SenderSettings): Promise<SendReport> {
  if (!(await keepClaim(db, row.id, token, claimedAt, s.leaseMs))) return { id: row.id, kind: row.kind, outcome: 'lost_lease', attempts: row.attempts };
  const contact = ctx.contacts.get(row.patron_id);
  const skip = skipReason(contact, row.kind);
  if (skip || !contact?.email) {
    // The patron removed the address or opted out after it was queued.
    const ok = await finish(db, row.id, token, `state = 'skipped', skip_reason = $3`, [skip ?? 'no_email']);
    return { id: row.id, kind: row.kind, outcome: ok ? 'skipped' : 'lost_lease', attempts: row.attempts };
  }
  let error: string | null = null;
  try {
    await transport.send(composeMail(row, contact.email, contact.language, ctx, s));
  } catch (err) {
    error = describeSmtpError(err);
  }
  if (error === null) {
    const ok = await finish(db, row.id, token, `state = 'sent', sent_at = now(), last_error = null`, []);
    return { id: row.id, kind: row.kind, outcome: ok ? 'sent' : 'lost_lease', attempts: row.attempts };
  }
  if (row.attempts >= s.maxAttempts) {
    const ok = await finish(db, row.id, token, `state = 'failed', last_error = $3`, [error]);
    return { id: row.id, kind: row.kind, outcome: ok ? 'failed' : 'lost_lease', attempts: row.attempts, error };
  }
  const waitMs = backoffDelay(row.attempts - 1, s.retryBackoff);
  const ok = await finish(db, row.id, token, `last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision)`, [error, waitMs / 1000]);
  return { id: row.id, kind: row.kind, outcome: ok ? 'retry' : 'lost_lease', attempts: row.attempts, error };
}

/** Run `fn` over `items` with at most `n` at once. */
async function pool<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/** Send what is due now, round after round, until nothing is claimable. */
export async function drainNotices(db: Database, transport: MailTransport, s: SenderSettings, onReport: (r: SendReport) => void = () => undefined, shouldStop: () => boolean = () => false): Promise<DrainResult> {
  const total: DrainResult = { sent: 0, retried: 0, failed: 0, skipped: 0, lostLease: 0 };
  while (!shouldStop()) {
    const claimedAt = Date.now();
    const { token, rows } = await claimNotices(db, s.batchSize, s.leaseMs);
    if (rows.length === 0) break;
    const ctx = await loadSendContext(db, rows);
    const reports = await pool(rows, s.connections, (row) => sendOne(db, transport, row, token, claimedAt, ctx, s));
    for (const r of reports) {
      onReport(r);
      if (r.outcome === 'sent') total.sent++;
      else if (r.outcome === 'retry') total.retried++;
      else if (r.outcome === 'failed') total.failed++;
      else if (r.outcome === 'skipped') total.skipped++;
      else total.lostLease++;
    }
  }
  return total;
}
