// A new listing from the patron: every field checked with a message naming it,
// the ISBN by its check digit, free text for contact details and the
// consortium's forbidden words. Nothing here reaches the database unchecked.
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { toIsbn13 } from '#shared/catalogue/isbn';
import { codePointLength } from '#shared/text/unicode';
import { contactIn, forbiddenWordIn } from '#shared/exchange/rules';
import { CONDITIONS, LISTING_KINDS, SUBJECTS, type Condition, type ListingKind, type Subject } from '#shared/exchange/wire';

export interface ListingInput {
  kind: ListingKind;
  subject: Subject;
  title: string;
  author: string;
  isbn: string | null;
  description: string;
  condition: Condition;
  price: number;
  campus: string;
}

export const MAX_PRICE = 100_000;

function optionalText(o: Record<string, unknown>, field: string, max: number): string {
  const v = o[field];
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: text`);
  if (codePointLength(v) > max) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: at most ${max} characters`);
  return requireString(o, field, max);
}

function oneOf<T extends string>(o: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const v = o[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: one of ${allowed.join(', ')}`);
  return v as T;
}

/** An ISBN-10 or -13 (hyphens and spaces allowed) as its ISBN-13, or 422 ISBN_INVALID. */
export function checkIsbn(raw: string): string {
  const isbn = toIsbn13(raw);
  if (!isbn) throw new ApiError(422, 'ISBN_INVALID', 'The ISBN does not check: 10 or 13 digits (an ISBN-10 may end in X) with a correct check digit.');
  return isbn;
}

export function checkListing(body: unknown, forbiddenWords: readonly string[]): ListingInput {
  const o = allowOnly(requireObject(body), ['kind', 'subject', 'title', 'author', 'isbn', 'description', 'condition', 'price', 'campus']);
  const kind = oneOf(o, 'kind', LISTING_KINDS);
  const subject = oneOf(o, 'subject', SUBJECTS);
  const condition = oneOf(o, 'condition', CONDITIONS);
  const title = requireString(o, 'title', 200);
  const author = optionalText(o, 'author', 120);
  const description = optionalText(o, 'description', 1000);
  const campus = requireString(o, 'campus', 80);
  const isbnRaw = o['isbn'];
  let isbn: string | null = null;
  if (isbnRaw !== undefined && isbnRaw !== null && isbnRaw !== '') {
    if (typeof isbnRaw !== 'string' || codePointLength(isbnRaw) > 20) throw new ApiError(422, 'ISBN_INVALID', '/isbn: an ISBN-10 or ISBN-13');
    isbn = checkIsbn(isbnRaw);
  }
  const priceRaw = o['price'] ?? 0;
  if (typeof priceRaw !== 'number' || !Number.isInteger(priceRaw) || priceRaw < 0 || priceRaw > MAX_PRICE) throw new ApiError(400, 'VALIDATION_FAILED', `/price: a whole number of NT$ from 0 (free) to ${MAX_PRICE}`);
  // A give-away is free whatever was typed; a swap has no price.
  const price = kind === 'give' || kind === 'swap' ? 0 : priceRaw;
  const texts: [string, string][] = [['title', title], ['author', author], ['description', description], ['campus', campus]];
  for (const [field, text] of texts) {
    const contact = contactIn(text);
    if (contact) throw new ApiError(422, 'CONTACT_DETAILS_REFUSED', `/${field}: no ${contact} in a listing — patrons reach each other through the exchange's messages.`, { field, kind: contact });
    const word = forbiddenWordIn(text, forbiddenWords);
    if (word) throw new ApiError(422, 'FORBIDDEN_WORDS', `/${field}: contains a word the consortium does not allow in listings.`, { field });
  }
  return { kind, subject, title, author, isbn, description, condition, price, campus };
}

/** A message body: 1–1000 characters, no contact details, no forbidden words. */
export function checkMessage(body: unknown, forbiddenWords: readonly string[]): string {
  const o = allowOnly(requireObject(body), ['body']);
  const text = requireString(o, 'body', 1000);
  const contact = contactIn(text);
  if (contact) throw new ApiError(422, 'CONTACT_DETAILS_REFUSED', `No ${contact} in messages: arrange the hand-over here; the exchange never shares email or phone numbers.`, { field: 'body', kind: contact });
  if (forbiddenWordIn(text, forbiddenWords)) throw new ApiError(422, 'FORBIDDEN_WORDS', 'The message contains a word the consortium does not allow.', { field: 'body' });
  return text;
}
