// A vendor's KBART title list (NISO RP-9, Phase II) with the consortium's
// `copies` column. KBART is UTF-8, tab-separated, one header row naming the
// fields, one title per row. We read the fields by their header names (so a
// vendor's column order or extra local columns do not matter) and need:
// publication_title, title_url, title_id, publication_type; print_identifier,
// online_identifier, first_author, publisher_name, date_monograph_published_online
// are kept when present.
//
// Copies: the consortium appends one column `copies` (how many concurrent
// copies it bought of the title) to the vendor's list before importing, rather
// than keeping a separate copies file: KBART lets a file carry extra columns
// after its own, a title and its copies then cannot drift apart, and one file
// is one transaction. A row without a whole number of copies is refused.
import { textFault } from '../text/unicode';
import { toIsbn13 } from '../catalogue/isbn';
import type { ImportProblem } from './wire';
import { blankLine, splitDelimited } from './delimited';

/** The KBART Phase II fields, in the order of the recommended practice. */
export const KBART_FIELDS = [
  'publication_title', 'print_identifier', 'online_identifier', 'date_first_issue_online', 'num_first_vol_online', 'num_first_issue_online',
  'date_last_issue_online', 'num_last_vol_online', 'num_last_issue_online', 'title_url', 'first_author', 'title_id', 'embargo_info',
  'coverage_depth', 'notes', 'publisher_name', 'publication_type', 'date_monograph_published_print', 'date_monograph_published_online',
  'monograph_volume', 'monograph_edition', 'first_editor', 'parent_publication_title_id', 'preceding_publication_title_id', 'access_type',
] as const;

export const COPIES_FIELD = 'copies';
const REQUIRED = ['publication_title', 'title_url', 'title_id', 'publication_type', COPIES_FIELD] as const;
export const MAX_COPIES = 100_000;

export interface KbartTitle {
  row: number;
  titleId: string;
  title: string;
  printIdentifier: string | null;
  onlineIdentifier: string | null;
  firstAuthor: string | null;
  publisher: string | null;
  publicationType: 'monograph' | 'serial';
  titleUrl: string;
  publishedOnline: string | null;
  copies: number;
}

export interface KbartParse { titles: KbartTitle[]; rows: number; problems: ImportProblem[] }

const MAX_TEXT = 1000;

/** ISBNs to their 13-digit form; an ISSN (serials) is kept as written, upper-cased. */
function identifier(raw: string, type: string): string | null | 'bad' {
  if (raw === '') return null;
  if (type === 'serial') return /^\d{4}-?\d{3}[\dXx]$/.test(raw) ? raw.toUpperCase() : 'bad';
  return toIsbn13(raw) ?? 'bad';
}

// src/shared has no URL class: scheme, a host, then anything without spaces.
export function isWebUrl(s: string): boolean {
  return /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?([/?#][^\s]*)?$/i.test(s) && s.length <= 2000;
}

export function parseKbart(text: string): KbartParse {
  const lines = splitDelimited(text, '\t');
  const problems: ImportProblem[] = [];
  const header = lines[0];
  if (!header) return { titles: [], rows: 0, problems: [{ row: 1, field: null, message: 'The file is empty: a KBART file starts with a header row of field names.' }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((f) => !names.includes(f));
  if (missing.length > 0) {
    return { titles: [], rows: 0, problems: [{ row: header.line, field: missing[0]!, message: `The header has no ${missing.join(', ')} column (KBART Phase II tab-separated, plus the consortium's copies column).` }] };
  }
  const col = (f: string) => names.indexOf(f);
  const titles: KbartTitle[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  for (const l of lines.slice(1)) {
    if (blankLine(l)) continue;
    rows++;
    const at = (f: string): string => (col(f) >= 0 ? (l.cells[col(f)] ?? '').trim() : '');
    const bad = (field: string | null, message: string) => problems.push({ row: l.line, field, message });
    const before = problems.length;
    if (l.cells.length !== names.length) bad(null, `${l.cells.length} fields where the header has ${names.length} (a tab missing or too many?)`);
    for (const [i, c] of l.cells.entries()) {
      const fault = textFault(c);
      if (fault) bad(names[i] ?? null, fault === 'nul' ? 'contains a NUL character' : 'contains a broken character (lone surrogate)');
      else if (c.length > MAX_TEXT) bad(names[i] ?? null, `longer than ${MAX_TEXT} characters`);
    }
    const title = at('publication_title');
    const titleId = at('title_id');
    const type = at('publication_type').toLowerCase();
    const url = at('title_url');
    const copiesText = at(COPIES_FIELD);
    if (title === '') bad('publication_title', 'required');
    if (titleId === '') bad('title_id', 'required (the vendor\'s id of the title)');
    else if (seen.has(titleId)) bad('title_id', `${titleId} is already on line ${seen.get(titleId)}`);
    else seen.set(titleId, l.line);
    if (type !== 'monograph' && type !== 'serial') bad('publication_type', `"${at('publication_type')}": monograph or serial`);
    if (!isWebUrl(url)) bad('title_url', 'an http or https address of the title on the vendor\'s platform');
    const copies = /^\d{1,6}$/.test(copiesText) ? Number(copiesText) : NaN;
    if (!Number.isInteger(copies) || copies > MAX_COPIES) bad(COPIES_FIELD, `"${copiesText}": a whole number of copies from 0 to ${MAX_COPIES}`);
    const print = identifier(at('print_identifier'), type);
    const online = identifier(at('online_identifier'), type);
    if (print === 'bad') bad('print_identifier', `"${at('print_identifier')}" is not a valid ${type === 'serial' ? 'ISSN' : 'ISBN'}`);
    if (online === 'bad') bad('online_identifier', `"${at('online_identifier')}" is not a valid ${type === 'serial' ? 'ISSN' : 'ISBN'}`);
    const published = at('date_monograph_published_online');
    if (published !== '' && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(published)) bad('date_monograph_published_online', `"${published}": YYYY, YYYY-MM or YYYY-MM-DD`);
    if (problems.length > before) continue;
    titles.push({
      row: l.line, titleId, title, printIdentifier: print as string | null, onlineIdentifier: online as string | null,
      firstAuthor: at('first_author') || null, publisher: at('publisher_name') || null, publicationType: type as 'monograph' | 'serial',
      titleUrl: url, publishedOnline: published || null, copies,
    });
  }
  if (rows === 0) problems.push({ row: header.line, field: null, message: 'No titles under the header.' });
  return { titles, rows, problems };
}
