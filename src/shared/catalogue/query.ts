// The search box's grammar, shared by the service (which runs it) and the
// desk (which can check a query before sending it):
//
//   query     = clause { whitespace clause }         every clause must match (AND)
//   clause    = [ qualifier ":" ] ( '"' text '"' | word )
//   qualifier = ti | title | au | author | su | subject | isbn | cn | callnumber | any
//
// A clause without a qualifier searches the request's field (default any).
// Only those qualifiers are recognised, so a colon inside a title ("統計學：觀念",
// "C++: a primer") is just text. Quotes keep a call number's spaces together.
import { isbnCharacters, toIsbn13 } from './isbn';
import { callNumberTokens, term, textTokens, type TermField } from './tokens';

export const SEARCH_FIELDS = ['any', 'title', 'author', 'isbn', 'subject', 'callnumber'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const QUERY_MAX_LENGTH = 200;
export const QUERY_MAX_TERMS = 24;

const QUALIFIERS: Record<string, SearchField> = {
  ti: 'title', title: 'title', au: 'author', author: 'author', su: 'subject', subject: 'subject',
  isbn: 'isbn', cn: 'callnumber', callnumber: 'callnumber', any: 'any',
};
const FIELD_TERMS: Record<Exclude<SearchField, 'any' | 'isbn' | 'callnumber'>, TermField> = { title: 't', author: 'a', subject: 's' };

export interface QueryClause {
  field: SearchField;
  text: string;
}

/** What the index must contain: every term of `all`, and at least one term of each group in `anyOf`. */
export interface QueryPlan {
  all: string[];
  anyOf: string[][];
}

export type QueryErrorCode = 'EMPTY_QUERY' | 'QUERY_TOO_LONG' | 'NO_SEARCHABLE_TERMS' | 'TOO_MANY_TERMS' | 'NOT_AN_ISBN';
export type ParsedQuery = { ok: true; clauses: QueryClause[]; plan: QueryPlan } | { ok: false; code: QueryErrorCode; message: string };

export function isSearchField(v: unknown): v is SearchField {
  return typeof v === 'string' && (SEARCH_FIELDS as readonly string[]).includes(v);
}

export function splitClauses(q: string, field: SearchField): QueryClause[] {
  const clauses: QueryClause[] = [];
  // NFKC first, so a full-width quote or colon (＂ ：) works like the ASCII one.
  const s = q.normalize('NFKC');
  let i = 0;
  while (i < s.length) {
    if (/\s/u.test(s[i]!)) {
      i++;
      continue;
    }
    let f = field;
    const qual = /^([a-z]+):(?=\S)/iu.exec(s.slice(i));
    if (qual && QUALIFIERS[qual[1]!.toLowerCase()]) {
      f = QUALIFIERS[qual[1]!.toLowerCase()]!;
      i += qual[0].length;
    }
    let text: string;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      text = s.slice(i + 1, end === -1 ? s.length : end);
      i = end === -1 ? s.length : end + 1;
    } else {
      const m = /^\S+/u.exec(s.slice(i))!;
      text = m[0];
      i += text.length;
    }
    if (text.trim() !== '') clauses.push({ field: f, text });
  }
  return clauses;
}

function planClause(c: QueryClause, plan: QueryPlan): QueryErrorCode | null {
  if (c.field === 'isbn') {
    const isbn = toIsbn13(c.text);
    const chars = isbnCharacters(c.text);
    if (!isbn && !chars) return 'NOT_AN_ISBN';
    plan.all.push(term('i', isbn ?? chars!.toLowerCase()));
    return null;
  }
  if (c.field === 'callnumber') {
    for (const t of callNumberTokens(c.text)) plan.all.push(term('c', t));
    return null;
  }
  if (c.field === 'any') {
    const isbn = toIsbn13(c.text);
    if (isbn) {
      plan.anyOf.push([term('i', isbn)]);
      return null;
    }
    for (const t of textTokens(c.text)) plan.anyOf.push((['t', 'a', 's', 'c'] as const).map((f) => term(f, t)));
    return null;
  }
  for (const t of textTokens(c.text)) plan.all.push(term(FIELD_TERMS[c.field], t));
  return null;
}

export function parseQuery(q: string, field: SearchField = 'any'): ParsedQuery {
  if (q.trim() === '') return { ok: false, code: 'EMPTY_QUERY', message: 'Type a title, author, ISBN, subject or call number.' };
  if (Array.from(q).length > QUERY_MAX_LENGTH) return { ok: false, code: 'QUERY_TOO_LONG', message: `A query is at most ${QUERY_MAX_LENGTH} characters.` };
  const clauses = splitClauses(q, field);
  const plan: QueryPlan = { all: [], anyOf: [] };
  for (const c of clauses) {
    if (planClause(c, plan) === 'NOT_AN_ISBN') return { ok: false, code: 'NOT_AN_ISBN', message: `"${c.text.slice(0, 40)}" is not an ISBN (10 or 13 digits, the last of an ISBN-10 may be X).` };
  }
  plan.all = [...new Set(plan.all)];
  const seen = new Set<string>();
  plan.anyOf = plan.anyOf.filter((g) => (seen.has(g.join(' ')) ? false : (seen.add(g.join(' ')), true)));
  const n = plan.all.length + plan.anyOf.length;
  if (n === 0) return { ok: false, code: 'NO_SEARCHABLE_TERMS', message: 'The query has only punctuation or common words; add a word of the title, an author or a number.' };
  if (n > QUERY_MAX_TERMS) return { ok: false, code: 'TOO_MANY_TERMS', message: `The query has ${n} search terms; at most ${QUERY_MAX_TERMS}.` };
  return { ok: true, clauses, plan };
}
