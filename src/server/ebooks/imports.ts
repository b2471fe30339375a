// Imports of a vendor's title list (KBART, or MARC records) and usage reports (COUNTER R5).
// Every row is checked first and every problem reported with its line; only a
// file without problems is written, in one transaction, so nothing is ever
// half-imported. A problem found while writing (copies cut below the copies
// out now) is reported the same way and the transaction rolled back.
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { parseKbart, type KbartParse } from '#shared/ebooks/kbart';
import { parseMarcTitles } from './marc-titles';
import { parseCounter, type CounterCount } from '#shared/ebooks/counter';
import type { ImportProblem, ImportReport } from '#shared/ebooks/wire';
import { fillOffers } from './circulation';

class Refused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('import refused');
  }
}

export const VENDOR_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** The title list of one vendor: new titles added, known ones (same vendor and title_id) updated. Titles not in the file are left as they are. */
export async function importKbart(db: Database, vendor: string, text: string, nowMs: number, audit?: Audit): Promise<ImportReport> {
  if (!VENDOR_RE.test(vendor)) throw new ApiError(400, 'VALIDATION_FAILED', '?vendor: the vendor\'s short name (letters, digits, . _ -; at most 40)');
  return writeTitles(db, vendor, parseKbart(text), 'kbart', nowMs, audit);
}

/** Written in the import's transaction (the console's audit entry), with what was imported. */
export type Audit = (tx: Sql, summary: { kind: ImportReport['kind']; rows: number; target: string }) => Promise<void>;

/** The same from the vendor's MARC records (marc-titles.ts says which fields). */
export async function importMarcTitles(db: Database, vendor: string, file: Buffer, nowMs: number, audit?: Audit): Promise<ImportReport> {
  if (!VENDOR_RE.test(vendor)) throw new ApiError(400, 'VALIDATION_FAILED', '?vendor: the vendor\'s short name (letters, digits, . _ -; at most 40)');
  return writeTitles(db, vendor, parseMarcTitles(file), 'marc', nowMs, audit);
}

async function writeTitles(db: Database, vendor: string, parsed: KbartParse, kind: 'kbart' | 'marc', nowMs: number, audit?: Audit): Promise<ImportReport> {
  const report: ImportReport = { ok: false, rows: parsed.rows, imported: 0, problems: parsed.problems, kind };
  if (parsed.problems.length > 0) return report;
  try {
    await db.transaction(async (tx) => {
      const problems: ImportProblem[] = [];
      const grown: string[] = [];
      for (const t of parsed.titles) {
        const id = `${vendor}:${t.titleId}`;
        const { rows: now } = await tx.query<{ copies: number; out: number }>('select copies, out from ebook_titles where id = $1 for update', [id]);
        const before = now[0];
        if (before && t.copies < before.out) {
          problems.push({ row: t.row, field: kind === 'kbart' ? 'copies' : '985', message: `${t.copies} copies, but ${before.out} are on loan or offered now: lower it after they come back` });
          continue;
        }
        await tx.query(
          `insert into ebook_titles (id, vendor, vendor_title_id, title, print_identifier, online_identifier, first_author, publisher, publication_type, title_url, published_online, copies, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           on conflict (id) do update set title = excluded.title, print_identifier = excluded.print_identifier, online_identifier = excluded.online_identifier,
             first_author = excluded.first_author, publisher = excluded.publisher, publication_type = excluded.publication_type, title_url = excluded.title_url,
             published_online = excluded.published_online, copies = excluded.copies, updated_at = excluded.updated_at`,
          [id, vendor, t.titleId, t.title, t.printIdentifier, t.onlineIdentifier, t.firstAuthor, t.publisher, t.publicationType, t.titleUrl, t.publishedOnline, t.copies, new Date(nowMs).toISOString()],
        );
        if (before && t.copies > before.copies) grown.push(id);
      }
      if (problems.length > 0) throw new Refused(problems);
      // New copies go to whoever is waiting for them first.
      for (const id of grown) {
        await tx.query('select 1 from ebook_titles where id = $1 for update', [id]);
        await fillOffers(tx, id, nowMs);
      }
      await audit?.(tx, { kind, rows: parsed.titles.length, target: vendor });
    });
  } catch (err) {
    if (err instanceof Refused) return { ...report, problems: err.problems };
    throw err;
  }
  return { ...report, ok: true, imported: parsed.titles.length };
}

async function knownLibrary(db: Sql, id: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from records where collection = 'libraries' and id = $1 and not deleted`, [id]);
  return rows.length > 0;
}

/** Which of our titles a vendor's item is: by ISBN (online or print), else by the proprietary id's value as the vendor's title_id. */
async function matcher(tx: Sql): Promise<(c: CounterCount) => string | null> {
  const { rows } = await tx.query<{ id: string; vendor_title_id: string; print_identifier: string | null; online_identifier: string | null }>(
    'select id, vendor_title_id, print_identifier, online_identifier from ebook_titles',
  );
  const byIsbn = new Map<string, string>();
  const byVendorId = new Map<string, string>();
  for (const r of rows) {
    if (r.online_identifier) byIsbn.set(r.online_identifier, r.id);
    if (r.print_identifier && !byIsbn.has(r.print_identifier)) byIsbn.set(r.print_identifier, r.id);
    byVendorId.set(r.vendor_title_id, r.id);
  }
  return (c) => {
    if (c.isbn && byIsbn.has(c.isbn)) return byIsbn.get(c.isbn)!;
    // COUNTER proprietary ids are "namespace:value".
    const value = c.proprietaryId?.includes(':') ? c.proprietaryId.slice(c.proprietaryId.indexOf(':') + 1) : c.proprietaryId;
    return value ? byVendorId.get(value) ?? null : null;
  };
}

/** A vendor's COUNTER report for one school (or the consortium's account when library is null). Re-importing replaces the same counts. */
export async function importCounter(db: Database, library: string | null, text: string, audit?: Audit): Promise<ImportReport> {
  if (library !== null && !(await knownLibrary(db, library))) throw new ApiError(400, 'VALIDATION_FAILED', `?library: ${library.slice(0, 20)} is not a member library`);
  const parsed = parseCounter(text);
  const report: ImportReport = {
    ok: false, rows: parsed.rows, imported: 0, problems: parsed.problems, kind: parsed.kind,
    ...(parsed.reportId ? { reportId: parsed.reportId } : {}), ...(parsed.period ? { period: parsed.period } : {}),
  };
  if (parsed.problems.length > 0) return report;
  await db.transaction(async (tx) => {
    const match = await matcher(tx);
    // Sum what the report repeats (the same item and metric in two rows, e.g. per YOP or access type in a TR).
    const sums = new Map<string, { c: CounterCount; key: string; count: number }>();
    for (const c of parsed.counts) {
      const key = c.isbn ?? c.proprietaryId ?? c.doi ?? `title:${c.title}`;
      const k = `${c.platform}\u0001${key}\u0001${c.month}\u0001${c.metric}`;
      const s = sums.get(k);
      if (s) s.count += c.count;
      else sums.set(k, { c, key, count: c.count });
    }
    const payload = [...sums.values()].map(({ c, key, count }) => ({
      library_id: library ?? '', platform: c.platform, item_key: key, title_id: match(c), item_title: c.title, month: c.month, metric_type: c.metric, count, report_id: parsed.reportId,
    }));
    await tx.query(
      `insert into ebook_counter_usage (library_id, platform, item_key, title_id, item_title, month, metric_type, count, report_id)
         select library_id, platform, item_key, title_id, item_title, month, metric_type, count, report_id
           from jsonb_to_recordset($1::jsonb) as x(library_id text, platform text, item_key text, title_id text, item_title text, month date, metric_type text, count int, report_id text)
       on conflict (library_id, platform, item_key, month, metric_type) do update set count = excluded.count, title_id = excluded.title_id,
         item_title = excluded.item_title, report_id = excluded.report_id, imported_at = now()`,
      [JSON.stringify(payload)],
    );
    await audit?.(tx, { kind: parsed.kind, rows: parsed.rows, target: `${parsed.reportId ?? ''} ${parsed.period ? `${parsed.period.begin}..${parsed.period.end}` : ''}`.trim() });
  });
  return { ...report, ok: true, imported: parsed.rows };
}
