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

async function resolveWorks(tx: Sql, batch: PreparedRecord[], known: Map<string, string>): Promise<string[]> {
  const isbns = [...new Set(batch.flatMap((r) => r.isbns))].filter((i) => !known.has(`i:${i}`));
  if (isbns.length) {
    const { rows } = await tx.query<{ id: string; isbns: string[] }>('select id, isbns from catalogue_works where isbns && $1::text[]', [isbns]);
    for (const w of rows) for (const i of w.isbns) if (!known.has(`i:${i}`)) known.set(`i:${i}`, w.id);
  }
  const keys = [...new Set(batch.filter((r) => r.isbns.length === 0).map((r) => r.titleKey))].filter((k) => !known.has(`t:${k}`));
  if (keys.length) {
    const { rows } = await tx.query<{ id: string; title_key: string }>('select id, title_key from catalogue_works where title_key = any($1::text[]) order by id', [keys]);
    for (const w of rows) if (!known.has(`t:${w.title_key}`)) known.set(`t:${w.title_key}`, w.id);
  }
  return batch.map((r) => {
    const hit = r.isbns.map((i) => known.get(`i:${i}`)).find((id) => id !== undefined) ?? (r.isbns.length === 0 ? known.get(`t:${r.titleKey}`) : undefined);
    const id = hit ?? workIdFor(r.isbns.length ? `isbn:${r.isbns[0]}` : `title:${r.titleKey}`);
    for (const i of r.isbns) if (!known.has(`i:${i}`)) known.set(`i:${i}`, id);
    if (r.isbns.length === 0 && !known.has(`t:${r.titleKey}`)) known.set(`t:${r.titleKey}`, id);
    return id;
  });
}

async function writeBatch(tx: Sql, sourceId: string, batch: PreparedRecord[], workIds: string[]): Promise<void> {
  const works = batch.map((r, i) => ({ id: workIds[i], match_key: r.isbns.length ? `isbn:${r.isbns[0]}` : `title:${r.titleKey}`, title_key: r.titleKey, title: r.title }));
  await tx.query(
    `insert into catalogue_works (id, match_key, title_key, title)
     select id, match_key, title_key, title from jsonb_to_recordset($1::jsonb) as x(id text, match_key text, title_key text, title text)
     on conflict (id) do nothing`,
    [JSON.stringify(works)],
  );
  const recs = batch.map((r, i) => ({ local_id: r.localId, work_id: workIds[i], title: r.title, author: r.author, year: r.year, publisher: r.publisher, isbns: r.isbns, subjects: r.subjects, terms: r.terms }));
  await tx.query(
    `insert into catalogue_records (source_id, local_id, work_id, title, author, year, publisher, isbns, subjects, terms)
     select $1, local_id, work_id, title, author, year, publisher, isbns, subjects, terms
       from jsonb_to_recordset($2::jsonb) as x(local_id text, work_id text, title text, author text, year int, publisher text, isbns text[], subjects text[], terms text[])`,
    [sourceId, JSON.stringify(recs)],
  );
  const holdings = batch.flatMap((r, i) => r.holdings.map((h, ord) => ({
    local_id: r.localId, ord, work_id: workIds[i], library_id: h.libraryId, call_number: h.callNumber, location: h.location,
    barcode: h.barcode, lendable: h.lendable, availability: h.availability, status_raw: h.statusRaw,
  })));
  if (holdings.length) {
    await tx.query(
      `insert into catalogue_holdings (source_id, local_id, ord, work_id, library_id, call_number, location, barcode, lendable, availability, status_raw)
       select $1, local_id, ord, work_id, library_id, call_number, location, barcode, lendable, availability, status_raw
         from jsonb_to_recordset($2::jsonb) as x(local_id text, ord int, work_id text, library_id text, call_number text, location text, barcode text, lendable boolean, availability text, status_raw text)`,
      [sourceId, JSON.stringify(holdings)],
    );
  }
  await tx.query('insert into cat_affected (work_id) select unnest($1::text[]) on conflict do nothing', [[...new Set(workIds)]]);
}

/** Recompute each touched work from its records; drop works no record names any more. */
export async function refreshWorks(tx: Sql): Promise<void> {
  await tx.query(`
    with rec as (
      select r.work_id,
             (array_agg(r.title order by r.source_id, r.local_id))[1] as title,
             (array_agg(r.author order by r.source_id, r.local_id))[1] as author,
             (array_agg(r.year order by r.source_id, r.local_id))[1] as year,
             (array_agg(r.publisher order by r.source_id, r.local_id))[1] as publisher
        from catalogue_records r join cat_affected a on a.work_id = r.work_id group by r.work_id),
    t as (select r.work_id, array_agg(distinct x) as v from catalogue_records r join cat_affected a on a.work_id = r.work_id cross join lateral unnest(r.terms) x group by r.work_id),
    i as (select r.work_id, array_agg(distinct x) as v from catalogue_records r join cat_affected a on a.work_id = r.work_id cross join lateral unnest(r.isbns) x group by r.work_id),
    s as (select r.work_id, array_agg(distinct x) as v from catalogue_records r join cat_affected a on a.work_id = r.work_id cross join lateral unnest(r.subjects) x group by r.work_id),
    c as (select h.work_id, count(*)::int as n from catalogue_holdings h join cat_affected a on a.work_id = h.work_id group by h.work_id)
    update catalogue_works w
       set title = rec.title, author = rec.author, year = rec.year, publisher = rec.publisher,
           terms = coalesce(t.v, '{}'), isbns = coalesce(i.v, '{}'), subjects = coalesce(s.v, '{}'), copies = coalesce(c.n, 0), updated_at = now()
      from rec left join t on t.work_id = rec.work_id left join i on i.work_id = rec.work_id
               left join s on s.work_id = rec.work_id left join c on c.work_id = rec.work_id
     where w.id = rec.work_id`);
  await tx.query(`delete from catalogue_works w using cat_affected a where w.id = a.work_id and not exists (select 1 from catalogue_records r where r.work_id = w.id)`);
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
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const workIds = await resolveWorks(tx, batch, known);
    for (const id of workIds) ids.add(id);
    await writeBatch(tx, sourceId, batch, workIds);
  }
  await refreshWorks(tx);
  return { works: ids.size };
}

