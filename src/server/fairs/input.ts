// What a library sends to create a fair and add its books, checked field by
// field so a bad body is a 400 naming the field, never a refusal deep in the
// rules (or a 500).
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireStorableText } from '#server/http/input';
import { isLocalDate } from '#shared/domain/dates';
import { codePointLength } from '#shared/text/unicode';

export interface FairInput {
  id: string | null;
  title: string;
  place: string;
  startsOn: string;
  endsOn: string;
  rules: string;
  holdDays: number;
  perPatron: number;
  items: ItemInput[];
}

export interface ItemInput { title: string; author: string; shelfMark: string }

const bad = (field: string, what: string): ApiError => new ApiError(400, 'VALIDATION_FAILED', `/${field}: ${what}`);

function text(o: Record<string, unknown>, field: string, max: number, required: boolean, prefix = ''): string {
  const v = o[field];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string') throw bad(`${prefix}${field}`, `text of at most ${max} characters`);
  requireStorableText(v, `/${prefix}${field}`);
  const t = v.trim();
  if (required && t === '') throw bad(`${prefix}${field}`, 'must not be empty');
  if (codePointLength(t) > max) throw bad(`${prefix}${field}`, `at most ${max} characters`);
  return t;
}

function int(o: Record<string, unknown>, field: string, dflt: number, min: number, max: number): number {
  const v = o[field];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(field, `a whole number from ${min} to ${max}`);
  return v;
}

function date(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || !isLocalDate(v)) throw bad(field, 'a date, YYYY-MM-DD');
  return v;
}

export function parseItems(value: unknown, max = 500): ItemInput[] {
  if (!Array.isArray(value) || value.length > max) throw bad('items', `a list of at most ${max} books`);
  return value.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(`items/${i}`, 'a book: {title, author?, shelfMark?}');
    const o = allowOnly(raw as Record<string, unknown>, ['title', 'author', 'shelfMark']);
    return { title: text(o, 'title', 400, true, `items/${i}/`), author: text(o, 'author', 200, false, `items/${i}/`), shelfMark: text(o, 'shelfMark', 20, false, `items/${i}/`) };
  });
}

export function parseFair(body: unknown): FairInput {
  const o = allowOnly(requireObject(body), ['id', 'title', 'place', 'startsOn', 'endsOn', 'rules', 'holdDays', 'perPatron', 'items']);
  let id: string | null = null;
  if (o['id'] !== undefined) {
    if (typeof o['id'] !== 'string' || !/^[A-Za-z0-9_.-]{1,40}$/.test(o['id'])) throw bad('id', 'letters, digits and ._- (at most 40)');
    id = o['id'];
  }
  const startsOn = date(o, 'startsOn');
  const endsOn = date(o, 'endsOn');
  if (startsOn > endsOn) throw bad('endsOn', 'on or after startsOn');
  return {
    id, title: text(o, 'title', 120, true), place: text(o, 'place', 120, true), startsOn, endsOn, rules: text(o, 'rules', 2000, false),
    holdDays: int(o, 'holdDays', 3, 1, 14), perPatron: int(o, 'perPatron', 2, 1, 20),
    items: o['items'] === undefined ? [] : parseItems(o['items']),
  };
}
