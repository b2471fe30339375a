// The exchange's pure checks, shared by the service and the tests: what a
// photo's first bytes say it is, contact details in free text, forbidden
// words, and how another patron's name is shown (masked).
import { fold } from '#shared/catalogue/fold';
import type { PhotoType } from './wire';

/**
 * The image type by magic bytes, never by the declared content type or the file
 * name: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), WebP (RIFF....WEBP).
 */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  const at = (i: number): number => bytes[i] ?? -1;
  if (bytes.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, s: string): boolean => [...s].every((ch, i) => at(from + i) === ch.charCodeAt(0));
  if (bytes.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}

// Full-width forms (＠, ０９１２) are folded first by NFKC, so they are caught too.
const EMAIL = /[a-z0-9._%+-]+\s*(@|＠|\(at\)|\[at\])\s*[a-z0-9-]+(\.[a-z0-9-]+)+/i;
// Taiwanese mobiles (09xx xxx xxx, +886 9xx…) and landlines (0x-xxxx-xxxx): 8+ digits with separators.
const PHONE = /(\+?886[\s-]?|0)9\d{2}[\s-]?\d{3}[\s-]?\d{3}|\(?0\d{1,2}\)?[\s-]?\d{3,4}[\s-]?\d{4}/;
const LINE_ID = /\bline\s*(id)?\s*[:：]\s*\S+/i;

/** Which contact detail a text carries, or null: the exchange keeps patrons' email and phone to themselves. */
export function contactIn(text: string): 'email' | 'phone' | 'line' | null {
  const plain = text.normalize('NFKC');
  if (EMAIL.test(plain)) return 'email';
  if (PHONE.test(plain)) return 'phone';
  if (LINE_ID.test(plain)) return 'line';
  return null;
}

/** The first forbidden word a text contains (folded: case, full-width, Traditional/Simplified), or null. */
export function forbiddenWordIn(text: string, words: readonly string[]): string | null {
  const plain = fold(text).replace(/\s+/g, '');
  for (const w of words) {
    const key = fold(w).replace(/\s+/g, '');
    if (key !== '' && plain.includes(key)) return w;
  }
  return null;
}

/** Another patron as the exchange shows them: the family name only (張○○), or the first letter for a Latin name. */
export function maskedName(name: string): string {
  const first = Array.from(name.trim())[0] ?? '';
  if (first === '') return '○○';
  return /\p{Script=Han}/u.test(first) ? `${first}○○` : `${first.toUpperCase()}.`;
}
