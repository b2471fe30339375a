// Catalogue sources in the database: the administrator's settings (config
// jsonb) and the harvest status the service keeps for each.
import { randomBytes } from 'node:crypto';
import type { Database, Sql } from '#server/db/database';
import type { HarvestReport, HarvestStatus, SourceInput, SourceView } from '#shared/catalogue/sources';
import { refreshWorks } from './index-store';

interface SourceRow {
  id: string;
  library_id: string;
  name: string;
  kind: 'sru' | 'file';
  config: Pick<SourceInput, 'sru' | 'fileEncoding' | 'holdings' | 'intervalMinutes'>;
  enabled: boolean;
  status: HarvestStatus;
  last_started_at: Date | string | null;
  last_finished_at: Date | string | null;
  last_success_at: Date | string | null;
  next_run_at: Date | string | null;
  last_error: { code: string; message: string } | null;
  last_report: HarvestReport | null;
  records?: number | string;
  holdings?: number | string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toView(r: SourceRow): SourceView {
  return {
    id: r.id, libraryId: r.library_id, name: r.name, kind: r.kind, enabled: r.enabled,
    sru: r.config.sru, fileEncoding: r.config.fileEncoding, holdings: r.config.holdings, intervalMinutes: r.config.intervalMinutes,
    status: r.status, lastStartedAt: iso(r.last_started_at), lastFinishedAt: iso(r.last_finished_at), lastSuccessAt: iso(r.last_success_at),
    nextRunAt: iso(r.next_run_at), lastError: r.last_error, lastReport: r.last_report,
    indexed: { records: Number(r.records ?? 0), holdings: Number(r.holdings ?? 0) },
  };
}

const SELECT = `select s.*,
    (select count(*) from catalogue_records r where r.source_id = s.id) as records,
    (select count(*) from catalogue_holdings h where h.source_id = s.id) as holdings
  from catalogue_sources s`;

const configOf = (s: SourceInput) => JSON.stringify({ sru: s.sru, fileEncoding: s.fileEncoding, holdings: s.holdings, intervalMinutes: s.intervalMinutes });

export async function listSources(db: Sql, libraryId?: string): Promise<SourceView[]> {
  const { rows } = libraryId
    ? await db.query<SourceRow>(`${SELECT} where s.library_id = $1 order by s.library_id, s.id`, [libraryId])
    : await db.query<SourceRow>(`${SELECT} order by s.library_id, s.id`);
  return rows.map(toView);
}

export async function getSource(db: Sql, id: string): Promise<SourceView | null> {
  const { rows } = await db.query<SourceRow>(`${SELECT} where s.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : null;
}

export async function createSource(db: Sql, s: SourceInput): Promise<SourceView> {
  const id = `src-${s.libraryId.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  // A new SRU source with a schedule is due at once: its first harvest fills the index.
  await db.query(
    `insert into catalogue_sources (id, library_id, name, kind, config, enabled, next_run_at)
     values ($1, $2, $3, $4, $5::jsonb, $6, case when $7::boolean then now() else null end)`,
    [id, s.libraryId, s.name, s.kind, configOf(s), s.enabled, s.kind === 'sru' && s.intervalMinutes !== null],
  );
  return (await getSource(db, id))!;
}

export async function updateSource(db: Sql, id: string, s: SourceInput): Promise<SourceView | null> {
  const { affectedRows } = await db.query(
    `update catalogue_sources set library_id = $2, name = $3, kind = $4, config = $5::jsonb, enabled = $6, updated_at = now(),
            next_run_at = case when $7::int is null then null else coalesce(last_started_at, now()) + make_interval(mins => $7::int) end
      where id = $1`,
    [id, s.libraryId, s.name, s.kind, configOf(s), s.enabled, s.kind === 'sru' ? s.intervalMinutes : null],
  );
  return affectedRows ? getSource(db, id) : null;
}

/** Deleting a source removes its records and holdings from the index in the same transaction. */
export async function deleteSource(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.exec('create temp table if not exists cat_affected (work_id text primary key) on commit drop');
    await tx.exec('truncate cat_affected');
    await tx.query('insert into cat_affected select distinct work_id from catalogue_records where source_id = $1', [id]);
    await tx.query('delete from catalogue_holdings where source_id = $1', [id]);
    await tx.query('delete from catalogue_records where source_id = $1', [id]);
    const { affectedRows } = await tx.query('delete from catalogue_sources where id = $1', [id]);
    await refreshWorks(tx);
    return affectedRows > 0;
  });
}

/** Mark a harvest started; false when one is already running for the source (another process, or a double click). */
export async function claimHarvest(db: Sql, id: string, staleAfterMinutes = 120): Promise<boolean> {
  const { affectedRows } = await db.query(
    `update catalogue_sources set status = 'running', last_started_at = now()
      where id = $1 and (status <> 'running' or last_started_at < now() - make_interval(mins => $2::int))`,
    [id, staleAfterMinutes],
  );
  return affectedRows > 0;
}

export async function finishHarvest(db: Sql, id: string, outcome: { status: HarvestStatus; error: { code: string; message: string } | null; report: HarvestReport | null }): Promise<void> {
  const ok = outcome.status === 'ok' || outcome.status === 'partial';
  await db.query(
    `update catalogue_sources set status = $2, last_finished_at = now(), last_error = $3::jsonb,
            last_report = coalesce($4::jsonb, last_report),
            last_success_at = case when $5::boolean then last_started_at else last_success_at end,
            next_run_at = case when kind = 'sru' and (config->>'intervalMinutes') is not null
                               then last_started_at + make_interval(mins => (config->>'intervalMinutes')::int) else null end
      where id = $1`,
    [id, outcome.status, outcome.error ? JSON.stringify(outcome.error) : null, outcome.report ? JSON.stringify(outcome.report) : null, ok],
  );
}

export async function dueSources(db: Sql): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from catalogue_sources where enabled and kind = 'sru' and next_run_at is not null and next_run_at <= now() and status <> 'running' order by next_run_at`,
  );
  return rows.map((r) => r.id);
}

export async function memberLibraries(db: Sql): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(`select id from records where collection = 'libraries' and not deleted`);
  return new Set(rows.map((r) => r.id));
}
