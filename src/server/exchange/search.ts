// Browsing and searching the exchange: visible listings (open or reserved, not
// hidden, not past their lifetime by the stored time), by kind, subject and
// school, and words matched as the union catalogue matches them: folded terms
// (so 經濟/经济, full-width and case all meet), Han runs as bigrams, every
// term present, from a GIN index. A lone Han character has no bigram: it is
// looked for in the folded text instead. Newest first; the count stops at TOTAL_CAP.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { fold } from '#shared/catalogue/fold';
import { toIsbn13 } from '#shared/catalogue/isbn';
import { textTokens } from '#shared/catalogue/tokens';
import { codePointLength } from '#shared/text/unicode';
import { ALL_LISTING_KINDS, SUBJECTS, type ListingKind, type Subject } from '#shared/exchange/wire';
import { LISTING_COLUMNS, type ListingRow } from './views';

export const PAGE_SIZE = 20;
export const TOTAL_CAP = 1000;

export interface SearchQuery { terms: string[]; likes: string[]; kind: ListingKind | null; subject: Subject | null; school: string | null; page: number }

export function parseSearch(q: unknown): SearchQuery {
  const o = (q ?? {}) as Record<string, unknown>;
  const text = typeof o['q'] === 'string' ? o['q'] : '';
  if (codePointLength(text) > 200) throw new ApiError(400, 'VALIDATION_FAILED', '?q: at most 200 characters');
  const isbn = toIsbn13(text);
  const tokens = isbn ? [isbn] : [...new Set(textTokens(text))].slice(0, 24);
  const lone = (t: string): boolean => Array.from(t).length === 1 && /\p{Script=Han}/u.test(t);
  const kind = typeof o['kind'] === 'string' && o['kind'] !== '' ? o['kind'] : null;
  if (kind !== null && !(ALL_LISTING_KINDS as readonly string[]).includes(kind)) throw new ApiError(400, 'VALIDATION_FAILED', `?kind: one of ${ALL_LISTING_KINDS.join(', ')}`);
  const subject = typeof o['subject'] === 'string' && o['subject'] !== '' ? o['subject'] : null;
  if (subject !== null && !(SUBJECTS as readonly string[]).includes(subject)) throw new ApiError(400, 'VALIDATION_FAILED', '?subject: one of the exchange\'s subjects');
  const school = typeof o['school'] === 'string' && o['school'] !== '' ? o['school'] : null;
  if (school !== null && !/^[A-Za-z0-9_-]{1,40}$/.test(school)) throw new ApiError(400, 'VALIDATION_FAILED', '?school: a library code');
  return { terms: tokens.filter((t) => !lone(t)), likes: tokens.filter(lone), kind: kind as ListingKind | null, subject: subject as Subject | null, school, page: queryInt(q, 'page', 1, 1, TOTAL_CAP / PAGE_SIZE) };
}

const likeEscape = (w: string): string => w.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchTextOf(l: { title: string; author: string; isbn: string | null; description: string; campus: string }): string {
  return fold([l.title, l.author, l.isbn ?? '', l.description, l.campus].join(' '));
}

export function searchTermsOf(l: { title: string; author: string; isbn: string | null; description: string; campus: string }): string[] {
  const set = new Set(textTokens([l.title, l.author, l.description, l.campus].join(' ')));
  if (l.isbn) set.add(l.isbn);
  return [...set];
}

export async function searchListings(db: Sql, s: SearchQuery, now: Date): Promise<{ total: number; rows: ListingRow[] }> {
  const params: unknown[] = [now];
  const cond = [`state in ('open', 'reserved')`, 'hidden_at is null', 'expires_at > $1'];
  // 'fair' listings belong to a fair's own screens; the exchange shows them only when asked for by kind.
  if (s.kind) { params.push(s.kind); cond.push(`kind = $${params.length}`); } else cond.push(`kind <> 'fair'`);
  if (s.subject) { params.push(s.subject); cond.push(`subject = $${params.length}`); }
  if (s.school) { params.push(s.school); cond.push(`library_id = $${params.length}`); }
  if (s.terms.length) { params.push(s.terms); cond.push(`search_terms @> $${params.length}::text[]`); }
  for (const w of s.likes) { params.push(`%${likeEscape(w)}%`); cond.push(`search_text like $${params.length}`); }
  const where = cond.join(' and ');
  // With words, the GIN index must find the matches and a top-N sort order them: walking the newest-first
  // index and filtering is what the planner prefers, and it reads most of the table for a word in 1% of
  // listings (bench/exchange.ts: 200 ms). An expression the index does not carry keeps the planner off it.
  const key = s.terms.length ? `created_at + interval '0 seconds'` : 'created_at';
  const { rows } = await db.query<ListingRow & { n: string | number }>(
    `select ${LISTING_COLUMNS}, count(*) over () as n
       from (select ${LISTING_COLUMNS}, ${key} as k from exchange_listings where ${where} order by k desc, id desc limit ${TOTAL_CAP}) m
      order by k desc, id desc limit ${PAGE_SIZE} offset ${(s.page - 1) * PAGE_SIZE}`,
    params,
  );
  let total = Number(rows[0]?.n ?? 0);
  if (rows.length === 0 && s.page > 1) {
    const { rows: c } = await db.query<{ n: string | number }>(`select count(*) as n from (select 1 from exchange_listings where ${where} limit ${TOTAL_CAP}) x`, params);
    total = Number(c[0]?.n ?? 0);
  }
  return { total, rows };
}
