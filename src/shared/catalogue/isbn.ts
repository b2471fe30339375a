// ISBN normalisation (ISO 2108). Every ISBN is compared in its 13-digit form,
// so an ISBN-10 in one library's record and the ISBN-13 in another's meet: a
// 10-digit ISBN is the 978 EAN prefix + its first 9 digits + a new check digit.
// Hyphens, spaces and full-width digits (NFKC) are ignored; "X" may only be the
// last character of an ISBN-10.

/** The digits (and a final X) of what looks like an ISBN, or null. */
export function isbnCharacters(raw: string): string | null {
  // MARC 020$a often carries a qualifier after the number: "9789573267856 (pbk.)".
  const head = raw.normalize('NFKC').trim().split(/[\s(]/u, 1)[0] ?? '';
  const compact = head.replace(/[-‐‑‒–—]/gu, '').toUpperCase();
  return /^(\d{9}[\dX]|\d{13})$/u.test(compact) ? compact : null;
}

export function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(first9[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return String((10 - (sum % 10)) % 10);
}

export function isValidIsbn10(s: string): boolean {
  return /^\d{9}[\dX]$/u.test(s) && isbn10CheckDigit(s.slice(0, 9)) === s[9];
}

export function isValidIsbn13(s: string): boolean {
  return /^97[89]\d{10}$/u.test(s) && isbn13CheckDigit(s.slice(0, 12)) === s[12];
}

/** The ISBN-13 for a valid ISBN-10 or ISBN-13 (any punctuation), else null. */
export function toIsbn13(raw: string): string | null {
  const s = isbnCharacters(raw);
  if (s === null) return null;
  if (s.length === 13) return isValidIsbn13(s) ? s : null;
  if (!isValidIsbn10(s)) return null;
  const first12 = `978${s.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** The ISBN-10 of a 978 ISBN-13 (979 numbers have none), else null. */
export function toIsbn10(isbn13: string): string | null {
  if (!isValidIsbn13(isbn13) || !isbn13.startsWith('978')) return null;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}
