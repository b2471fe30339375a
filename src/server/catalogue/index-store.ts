// The union index's writes. A harvest hands over the complete new set of a
// source's records (or, incrementally, the records that changed); they are
// matched to works, written, and the touched works' search terms, ISBNs and
// copy counts recomputed from their records — all in the caller's one
// transaction, so a search sees either the old set or the new one, never a
// half-written source, and a failed harvest leaves the old one in place.
//
// Deduplication: a record with a valid ISBN joins the work that already has
// one of its ISBNs (ISBN-10 and -13 are compared as ISBN-13); otherwise a new
// work keyed by its first ISBN. A record without an ISBN joins the work with
// the same folded title|author|year key. Work ids are a hash of the key, so
// re-harvesting (or rebuilding the index) gives every work the same id, which
// requests name.
import { createHash } from 'node:crypto';
import type { Sql } from '#server/db/database';
import { recordTerms, textTokens } from '#shared/catalogue/tokens';
import type { BibRecord, HoldingCopy } from './marc-extract';

export interface PreparedRecord {
  localId: string;
  titleKey: string;
  title: string;
  author: string | null;
  year: number | null;
  publisher: string | null;
  isbns: string[];
  subjects: string[];
  terms: string[];
  holdings: HoldingCopy[];
}

export const workIdFor = (matchKey: string): string => `w${createHash('sha256').update(matchKey).digest('hex').slice(0, 20)}`;

/** Folded words of title, first author and year: equal for the same edition catalogued twice. */
export function titleKey(title: string, author: string | null, year: number | null): string {
  return `${textTokens(title).join(' ')}|${author ? textTokens(author).join(' ') : ''}|${year ?? ''}`;
}

export function prepareRecord(bib: BibRecord): PreparedRecord {
  const callNumbers = bib.holdings.map((h) => h.callNumber).filter((c): c is string => c !== null);
  return {
    localId: bib.localId,
    titleKey: titleKey(bib.title, bib.author, bib.year),
    title: bib.title,
    author: bib.author,
    year: bib.year,
    publisher: bib.publisher,
    isbns: bib.isbns,
    subjects: bib.subjects,
    terms: recordTerms({ t: [bib.title, ...bib.otherTitles], a: bib.authors, s: bib.subjects, i: bib.isbnsAsWritten, c: [...new Set([...callNumbers, ...bib.classNumbers])] }),
    holdings: bib.holdings,
  };
}

const BATCH = 2000;

/** Work ids for a batch; ids found in the database are added to `existing` (their aggregates must be recomputed). */
async function resolveWorks(tx: Sql, batch: PreparedRecord[], known: Map<string, string>, existing: Set<string>): Promise<string[]> {
  const isbns = [...new Set(batch.flatMap((r) => r.isbns))].filter((i) => !known.has(`i:${i}`));
  if (isbns.length) {
    const { rows } = await tx.query<{ isbn: string; work_id: string }>('select isbn, work_id from catalogue_work_isbns where isbn = any($1::text[])', [isbns]);
    for (const w of rows) {
      known.set(`i:${w.isbn}`, w.work_id);
      existing.add(w.work_id);
    }
  }
  const keys = [...new Set(batch.filter((r) => r.isbns.length === 0).map((r) => r.titleKey))].filter((k) => !known.has(`t:${k}`));
  if (keys.length) {
    const { rows } = await tx.query<{ id: string; title_key: string }>('select id, title_key from catalogue_works where title_key = any($1::text[]) order by id', [keys]);
    for (const w of rows) {
      if (known.has(`t:${w.title_key}`)) continue;
      known.set(`t:${w.title_key}`, w.id);
      existing.add(w.id);
    }
  }
  return batch.map((r) => {
    const hit = r.isbns.map((i) => known.get(`i:${i}`)).find((id) => id !== undefined) ?? (r.isbns.length === 0 ? known.get(`t:${r.titleKey}`) : undefined);
    const id = hit ?? workIdFor(r.isbns.length ? `isbn:${r.isbns[0]}` : `title:${r.titleKey}`);
    for (const i of r.isbns) if (!known.has(`i:${i}`)) known.set(`i:${i}`, id);
    if (r.isbns.length === 0 && !known.has(`t:${r.titleKey}`)) known.set(`t:${r.titleKey}`, id);
    return id;
  });
}

/** A work first made in this run, aggregated here from its records so it is written once, complete. */
interface FreshWork {
  id: string;
  matchKey: string;
  first: PreparedRecord;
  terms: Set<string>;
  isbns: Set<string>;
  subjects: Set<string>;
  copies: number;
}

function addToFresh(fresh: Map<string, FreshWork>, id: string, r: PreparedRecord): void {
  let w = fresh.get(id);
  if (!w) fresh.set(id, (w = { id, matchKey: r.isbns.length ? `isbn:${r.isbns[0]}` : `title:${r.titleKey}`, first: r, terms: new Set(), isbns: new Set(), subjects: new Set(), copies: 0 }));
  // The same record as the database's refresh picks: the first by local id.
  if (r.localId < w.first.localId) w.first = r;
  for (const t of r.terms) w.terms.add(t);
  for (const i of r.isbns) w.isbns.add(i);
  for (const x of r.subjects) w.subjects.add(x);
  w.copies += r.holdings.length;
}

/** Insert the run's new works; an id that already has a row (a re-import) is left to refreshWorks. */
async function insertFreshWorks(tx: Sql, fresh: Map<string, FreshWork>): Promise<void> {
  const all = [...fresh.values()];
  for (let i = 0; i < all.length; i += BATCH) {
    const rows = all.slice(i, i + BATCH).map((w) => ({
      id: w.id, match_key: w.matchKey, title_key: w.first.titleKey, title: w.first.title, author: w.first.author, year: w.first.year, publisher: w.first.publisher,
      isbns: [...w.isbns], subjects: [...w.subjects], terms: [...w.terms], copies: w.copies,
    }));
    const { rows: inserted } = await tx.query<{ id: string }>(
      `insert into catalogue_works (id, match_key, title_key, title, author, year, publisher, isbns, subjects, terms, copies)
       select id, match_key, title_key, title, author, year, publisher, isbns, subjects, terms, copies
         from jsonb_to_recordset($1::jsonb) as x(id text, match_key text, title_key text, title text, author text, year int, publisher text, isbns text[], subjects text[], terms text[], copies int)
       on conflict (id) do nothing returning id`,
      [JSON.stringify(rows)],
    );
    const done = new Set(inserted.map((r) => r.id));
    await tx.query('insert into cat_affected (work_id) select unnest($1::text[]) on conflict do nothing', [rows.map((r) => r.id).filter((id) => !done.has(id))]);
    await tx.query(
      'insert into catalogue_work_isbns (isbn, work_id) select x.isbn, x.work_id from unnest($1::text[], $2::text[]) as x(isbn, work_id) on conflict (isbn) do nothing',
      [rows.filter((r) => done.has(r.id)).flatMap((r) => r.isbns), rows.filter((r) => done.has(r.id)).flatMap((r) => r.isbns.map(() => r.id))],
    );
  }
}

async function writeBatch(tx: Sql, sourceId: string, batch: PreparedRecord[], workIds: string[], existing: Set<string>, fresh: Map<string, FreshWork>): Promise<void> {
  // Parallel arrays through unnest: cheaper to parse than JSON records. A row's array columns travel as one text
  // joined by U+001F, which no term, ISBN or subject contains (extraction turns control characters into spaces).
  const SEP = '\u001f';
  const col = <T>(f: (r: PreparedRecord, i: number) => T): T[] => batch.map(f);
  await tx.query(
    `insert into catalogue_records (source_id, local_id, work_id, title, author, year, publisher, isbns, subjects, terms)
     select $1, x.local_id, x.work_id, x.title, x.author, x.year, x.publisher,
            string_to_array(x.isbns, chr(31)), string_to_array(x.subjects, chr(31)), string_to_array(x.terms, chr(31))
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
         as x(local_id, work_id, title, author, year, publisher, isbns, subjects, terms)`,
    [sourceId, col((r) => r.localId), col((_r, i) => workIds[i]), col((r) => r.title), col((r) => r.author), col((r) => r.year), col((r) => r.publisher),
      col((r) => r.isbns.join(SEP)), col((r) => r.subjects.join(SEP)), col((r) => r.terms.join(SEP))],
  );
  const h = batch.flatMap((r, i) => r.holdings.map((c, ord) => ({ r, i, c, ord })));
  if (h.length) {
    await tx.query(
      `insert into catalogue_holdings (source_id, local_id, ord, work_id, library_id, call_number, location, barcode, lendable, availability, status_raw)
       select $1, * from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[], $11::text[])`,
      [sourceId, h.map((x) => x.r.localId), h.map((x) => x.ord), h.map((x) => workIds[x.i]), h.map((x) => x.c.libraryId), h.map((x) => x.c.callNumber),
        h.map((x) => x.c.location), h.map((x) => x.c.barcode), h.map((x) => x.c.lendable), h.map((x) => x.c.availability), h.map((x) => x.c.statusRaw)],
    );
  }
  batch.forEach((r, i) => (existing.has(workIds[i]!) ? undefined : addToFresh(fresh, workIds[i]!, r)));
  await tx.query('insert into cat_affected (work_id) select unnest($1::text[]) on conflict do nothing', [[...new Set(workIds.filter((id) => existing.has(id)))]]);
}

/**
 * Recompute each touched work from its records; drop works no record names any more.
 * Each aggregate is a lateral lookup by work id (the records' and holdings' work_id
 * indexes), so the cost follows the number of touched works, not the index size.
 */
export async function refreshWorks(tx: Sql): Promise<void> {
  // The planner needs the temporary table's size to choose index lookups over scans.
  await tx.exec('analyze cat_affected');
  await tx.query(`
    update catalogue_works w
       set title = f.title, author = f.author, year = f.year, publisher = f.publisher,
           terms = coalesce(t.v, '{}'), isbns = coalesce(i.v, '{}'), subjects = coalesce(s.v, '{}'), copies = c.n, updated_at = now()
      from cat_affected a
      cross join lateral (select r.title, r.author, r.year, r.publisher from catalogue_records r where r.work_id = a.work_id order by r.source_id, r.local_id limit 1) f
      cross join lateral (select array_agg(distinct x) as v from catalogue_records r cross join lateral unnest(r.terms) x where r.work_id = a.work_id) t
      cross join lateral (select array_agg(distinct x) as v from catalogue_records r cross join lateral unnest(r.isbns) x where r.work_id = a.work_id) i
      cross join lateral (select array_agg(distinct x) as v from catalogue_records r cross join lateral unnest(r.subjects) x where r.work_id = a.work_id) s
      cross join lateral (select count(*)::int as n from catalogue_holdings h where h.work_id = a.work_id) c
     where w.id = a.work_id`);
  await tx.query(`delete from catalogue_works w using cat_affected a where w.id = a.work_id and not exists (select 1 from catalogue_records r where r.work_id = w.id)`);
  await tx.query('delete from catalogue_work_isbns i using cat_affected a where i.work_id = a.work_id');
  await tx.query(`insert into catalogue_work_isbns (isbn, work_id)
    select x, w.id from cat_affected a join catalogue_works w on w.id = a.work_id cross join lateral unnest(w.isbns) x
    on conflict (isbn) do nothing`);
}

/**
 * Write a source's records in the caller's transaction. 'replace': the source's
 * whole previous set goes (a full harvest or a file); 'upsert': only records
 * with these local ids are replaced (an incremental harvest).
 */
export async function storeSourceRecords(tx: Sql, sourceId: string, records: PreparedRecord[], mode: 'replace' | 'upsert'): Promise<{ works: number }> {
  await tx.exec('create temp table if not exists cat_affected (work_id text primary key) on commit drop');
  await tx.exec('truncate cat_affected');
  const only = mode === 'upsert' ? ' and local_id = any($2::text[])' : '';
  const params = mode === 'upsert' ? [sourceId, records.map((r) => r.localId)] : [sourceId];
  await tx.query(`insert into cat_affected select distinct work_id from catalogue_records where source_id = $1${only}`, params);
  await tx.query(`delete from catalogue_holdings where source_id = $1${only}`, params);
  await tx.query(`delete from catalogue_records where source_id = $1${only}`, params);
  // A source may export one record twice (an exporter's page overlap): the last copy wins.
  const unique = [...new Map(records.map((r) => [r.localId, r])).values()];
  const known = new Map<string, string>();
  const ids = new Set<string>();
  // Works this source's old records named are recomputed, whatever the new set holds.
  const existing = new Set((await tx.query<{ work_id: string }>('select work_id from cat_affected')).rows.map((r) => r.work_id));
  const fresh = new Map<string, FreshWork>();
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const workIds = await resolveWorks(tx, batch, known, existing);
    for (const id of workIds) ids.add(id);
    await writeBatch(tx, sourceId, batch, workIds, existing, fresh);
  }
  await insertFreshWorks(tx, fresh);
  await refreshWorks(tx);
  return { works: ids.size };
}

