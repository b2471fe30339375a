// Reading the union index: search, one work, and the libraries that could
// lend a copy of a work (what a title-level request's rota is built from).
import type { Sql } from '#server/db/database';
import type { QueryPlan } from '#shared/catalogue/query';
import type { Availability, CopyView, LenderCandidate, LibraryHoldings, SourceRecordView, WorkDetail, WorkSummary } from '#shared/catalogue/wire';

export const PAGE_SIZE = 20;
export const TOTAL_CAP = 1000;

interface WorkRow {
  id: string; title: string; author: string | null; year: number | null; publisher: string | null; isbns: string[]; subjects: string[];
}
interface HoldingRow {
  work_id: string; library_id: string; source_id: string; call_number: string | null; location: string | null; barcode: string | null; lendable: boolean; availability: Availability;
}

const requestable = (c: CopyView): boolean => c.lendable && (c.availability === 'available' || c.availability === 'unknown');

function where(plan: QueryPlan, params: unknown[]): string {
  const parts: string[] = [];
  if (plan.all.length) {
    params.push(plan.all);
    parts.push(`terms @> $${params.length}::text[]`);
  }
  for (const group of plan.anyOf) {
    params.push(group);
    parts.push(`terms && $${params.length}::text[]`);
  }
  return parts.join(' and ');
}

async function holdingsOf(db: Sql, ids: string[]): Promise<Map<string, LibraryHoldings[]>> {
  const { rows } = await db.query<HoldingRow>(
    `select work_id, library_id, source_id, call_number, location, barcode, lendable, availability
       from catalogue_holdings where work_id = any($1::text[]) order by work_id, library_id, source_id, local_id, ord`,
    [ids],
  );
  const out = new Map<string, LibraryHoldings[]>();
  for (const r of rows) {
    const libs = out.get(r.work_id) ?? [];
    out.set(r.work_id, libs);
    let lib = libs.find((l) => l.libraryId === r.library_id);
    if (!lib) libs.push((lib = { libraryId: r.library_id, copies: [], requestableCopies: 0 }));
    const copy: CopyView = { sourceId: r.source_id, callNumber: r.call_number, location: r.location, barcode: r.barcode, lendable: r.lendable, availability: r.availability };
    lib.copies.push(copy);
    if (requestable(copy)) lib.requestableCopies++;
  }
  return out;
}

const summary = (w: WorkRow, holdings: Map<string, LibraryHoldings[]>): WorkSummary => ({
  id: w.id, title: w.title, author: w.author, year: w.year, publisher: w.publisher, isbns: w.isbns, holdings: holdings.get(w.id) ?? [],
});

/**
 * One page of works matching the plan. At most TOTAL_CAP + 1 matches are read
 * (straight from the GIN index, in no order) and those are ranked: most copies
 * first, then id. Under the cap that is the exact order of every match; over it,
 * the answer says the total is capped and the reader narrows the query — ranking
 * a million matches by copies would read them all.
 */
export async function searchWorks(db: Sql, plan: QueryPlan, page: number): Promise<{ total: number; capped: boolean; works: WorkSummary[] }> {
  const params: unknown[] = [];
  const cond = where(plan, params);
  const { rows: hits } = await db.query<{ id: string; n: number | string }>(
    `select id, count(*) over () as n
       from (select id, copies from catalogue_works where ${cond} limit ${TOTAL_CAP + 1}) m
      order by copies desc, id limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`,
    params,
  );
  let n = Number(hits[0]?.n ?? 0);
  if (hits.length === 0 && page > 1) {
    const { rows } = await db.query<{ n: number | string }>(`select count(*) as n from (select 1 from catalogue_works where ${cond} limit ${TOTAL_CAP + 1}) x`, params);
    n = Number(rows[0]?.n ?? 0);
  }
  const result = { total: Math.min(n, TOTAL_CAP), capped: n > TOTAL_CAP };
  if (hits.length === 0) return { ...result, works: [] };
  const list = hits.map((r) => r.id);
  const { rows } = await db.query<WorkRow>('select id, title, author, year, publisher, isbns, subjects from catalogue_works where id = any($1::text[])', [list]);
  const byId = new Map(rows.map((w) => [w.id, w]));
  const holdings = await holdingsOf(db, list);
  return { ...result, works: list.map((id) => byId.get(id)).filter((w): w is WorkRow => !!w).map((w) => summary(w, holdings)) };
}

export async function getWork(db: Sql, id: string): Promise<WorkDetail | null> {
  const { rows } = await db.query<WorkRow>('select id, title, author, year, publisher, isbns, subjects from catalogue_works where id = $1', [id]);
  const w = rows[0];
  if (!w) return null;
  const holdings = await holdingsOf(db, [id]);
  const { rows: recs } = await db.query<{ source_id: string; local_id: string; title: string; author: string | null; year: number | null; isbns: string[] }>(
    'select source_id, local_id, title, author, year, isbns from catalogue_records where work_id = $1 order by source_id, local_id',
    [id],
  );
  const records: SourceRecordView[] = recs.map((r) => ({ sourceId: r.source_id, localId: r.local_id, title: r.title, author: r.author, year: r.year, isbns: r.isbns }));
  return { ...summary(w, holdings), subjects: w.subjects, records };
}

/**
 * Live item status from a lender's own system (its SIP2 connection), where
 * one is configured: called with the barcodes the index offers, it answers
 * what the library says now. Not wired yet (the SIP2 connector's per-library
 * settings at the service come later); without it the harvested status stands.
 */
export interface AvailabilityProbe {
  check(libraryId: string, barcodes: string[]): Promise<Map<string, Availability>>;
}

/**
 * The libraries holding a lendable copy of work W that is not known to be on
 * loan or missing, optionally leaving out the borrowing library: those with
 * copies known to be available first, then those whose status is unknown.
 * The rota orders and spreads load among these; this only says who can lend.
 */
export async function lenderCandidates(db: Sql, workId: string, opts: { excludeLibraryId?: string; probe?: AvailabilityProbe } = {}): Promise<LenderCandidate[]> {
  const { rows } = await db.query<HoldingRow>(
    `select work_id, library_id, source_id, call_number, location, barcode, lendable, availability
       from catalogue_holdings
      where work_id = $1 and lendable and availability in ('available', 'unknown') and library_id <> coalesce($2, '')
      order by library_id, source_id, local_id, ord`,
    [workId, opts.excludeLibraryId ?? null],
  );
  const byLib = new Map<string, LenderCandidate>();
  for (const r of rows) {
    const c = byLib.get(r.library_id) ?? { libraryId: r.library_id, availableCopies: 0, copies: [] };
    byLib.set(r.library_id, c);
    c.copies.push({ barcode: r.barcode, callNumber: r.call_number, location: r.location, availability: r.availability });
  }
  if (opts.probe) {
    for (const c of byLib.values()) {
      const barcodes = c.copies.map((x) => x.barcode).filter((b): b is string => b !== null);
      if (barcodes.length === 0) continue;
      const live = await opts.probe.check(c.libraryId, barcodes);
      for (const copy of c.copies) if (copy.barcode && live.has(copy.barcode)) copy.availability = live.get(copy.barcode)!;
      c.copies = c.copies.filter((x) => x.availability === 'available' || x.availability === 'unknown');
    }
  }
  const out = [...byLib.values()].filter((c) => c.copies.length > 0);
  for (const c of out) c.availableCopies = c.copies.filter((x) => x.availability === 'available').length;
  return out.sort((a, b) => Number(b.availableCopies > 0) - Number(a.availableCopies > 0) || a.libraryId.localeCompare(b.libraryId));
}
