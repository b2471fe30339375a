// Short numbers for parcels and requests (issue 17). Record ids are ULIDs
// with a prefix ("P01J…:2", "t01J…"), 27–30 characters: as Code 128 they
// need ~640 dots at the usual module width, more than 80 mm paper has, so the
// printer fell back to a QR code the desks' 1D scanners cannot read. The
// short code is derived from the record id by a fixed hash, so every desk —
// offline too — and the service compute the same number without asking
// anyone, and it is all digits: Code 128 code set C packs two digits per
// symbol character (18 digits: 9 symbols, 134 modules, 268 dots at 2 dots a
// module — it fits 58 mm paper's 384 dots with its quiet zones).
//
// Layout: K HHHHHHHHHHHHHHHH C — 18 digits.
//   K  kind: 1 = request (the pull slip), 2 = parcel (routing label, manifest),
//      so a pull slip scanned where a label is expected is named as such;
//   H  16 digits of a 64-bit hash of the id (FNV-1a, then a murmur-style
//      finaliser so every bit of the id moves every digit), mod 10^16;
//   C  Luhn check digit over the 17 before it: every single mistyped digit and
//      every swap of two neighbours (except 09↔90) is refused, never looked up.
// Printed grouped for people: 1234 5678 9012 3456 78.
//
// How unique: derived numbers can collide. For n ids of one kind the chance
// that any two share a number is about n²/(2·10^16). A consortium-wide volume
// far above Taiwan's 代借代還 traffic — a million requests (or parcels) over
// the system's life — gives 10^12/(2·10^16) = 5·10^-5; ten million gives
// 0.5 %. A desk only ever looks up the records it holds (its own library's
// requests and parcels, ~10^5 at most: 5·10^-7). With 14 hash digits those
// numbers would be 100 times larger (0.5 % for a million), which is why the
// code is 18 digits and not the 14 first sketched. And a collision is never
// acted on: lookups (src/desk-core/short-codes.ts) refuse a number that names
// two records and ask for the item barcode or a click instead.

export type ShortCodeKind = 'request' | 'parcel';

const KIND_DIGIT: Readonly<Record<ShortCodeKind, string>> = { request: '1', parcel: '2' };
const HASH_DIGITS = 16;
export const SHORT_CODE_LENGTH = 1 + HASH_DIGITS + 1;

const MASK64 = (1n << 64n) - 1n;
const MODULUS = 10n ** BigInt(HASH_DIGITS);

/**
 * 64-bit FNV-1a over the UTF-16 code units, with the murmur3 fmix64 finaliser
 * (FNV alone mixes its last characters poorly). The per-character loop runs
 * on two 32-bit halves — the FNV prime is 2^40 + 435, so h·prime is
 * (h << 40) + 435·h — because BigInt arithmetic per character made indexing
 * 50,000 records take seconds; BigInt is used once per id, for the finaliser.
 */
function hash64(text: string): bigint {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    const low = lo * 435; // < 2^41: exact in a double
    hi = (Math.imul(hi, 435) + Math.floor(low / 0x1_0000_0000) + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  let h = (BigInt(hi) << 32n) | BigInt(lo);
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  return h;
}

/** Luhn check digit for a string of digits (the digit that would follow it). */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  // From the right, every other digit starting with the rightmost is doubled (the check digit goes after it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The short code of a record id: 18 digits, check digit last. The kind is part of the hash too. */
export function shortCodeOf(kind: ShortCodeKind, id: string): string {
  const body = `${KIND_DIGIT[kind]}${(hash64(`${kind}:${id}`) % MODULUS).toString().padStart(HASH_DIGITS, '0')}`;
  return body + luhnCheckDigit(body);
}

/** 123456789012345678 → "1234 5678 9012 3456 78": read out and typed in fours. */
export function groupShortCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export type ParsedShortCode =
  /** Not shaped like a short code at all (an item barcode, a tracking number…). */
  | { readonly ok: false; readonly problem: 'not_a_code' }
  /** Shaped like one (18 digits, a kind digit) but the check digit is wrong: mistyped or misread. */
  | { readonly ok: false; readonly problem: 'check_digit'; readonly code: string }
  | { readonly ok: true; readonly kind: ShortCodeKind; readonly code: string };

const FULLWIDTH_ZERO = 0xff10;

/**
 * What was scanned or typed, as a short code. Spaces and hyphens people type
 * between the groups are dropped, and full-width digits (a zh-TW input method
 * left on) count as digits.
 */
export function parseShortCode(raw: string): ParsedShortCode {
  let code = '';
  for (const ch of raw.trim()) {
    const cp = ch.codePointAt(0)!;
    if (ch === ' ' || ch === '-' || ch === '\u3000') continue;
    if (cp >= 0x30 && cp <= 0x39) code += ch;
    else if (cp >= FULLWIDTH_ZERO && cp <= FULLWIDTH_ZERO + 9) code += String(cp - FULLWIDTH_ZERO);
    else return { ok: false, problem: 'not_a_code' };
  }
  if (code.length !== SHORT_CODE_LENGTH) return { ok: false, problem: 'not_a_code' };
  const kind = code[0] === KIND_DIGIT.request ? 'request' : code[0] === KIND_DIGIT.parcel ? 'parcel' : null;
  if (kind === null) return { ok: false, problem: 'not_a_code' };
  if (luhnCheckDigit(code.slice(0, -1)) !== code.at(-1)) return { ok: false, problem: 'check_digit', code };
  return { ok: true, kind, code };
}
