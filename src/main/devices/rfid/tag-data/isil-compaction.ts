// The ISIL compaction of ISO 28560-2 Annex C (the owner institution, OID 3,
// is written with compaction code 0 "application-defined" and this scheme).
//
// Three character sets; encoding starts in the uppercase set:
//   uppercase (5 bits): 00000 '-', 00001–11010 A–Z
//   lowercase (5 bits): 00000 '-', 00001–11010 a–z
//   numeric   (4 bits): 0000–1001 0–9
// and, in both 5-bit sets, 11100 latch to the other letter set, 11101 shift
// to it for one character, 11110 latch numeric, 11111 shift numeric. Pad
// bits are 1s and never complete a character, so a decoder recognises them.
//
// Checked against the standard's own examples: Annex D's owner element
// "US-InU-Mu" → AC C0 9E BA A0 6F 6B (shift lower 11101, one pad bit 1),
// Annex C's "DE-Heu1" → 21 40 8E 16 BF 1F (latch lower 11100, shift numeric
// 11111 from the lowercase set, pad 1111) and "CH-000134-1" (latch numeric
// 11110). The codes those examples do not show — 11011 in the letter sets
// and 1010–1111 in the numeric set (where ':' and '/' and the way back from
// the numeric set live) — are never written by this encoder, and the decoder
// refuses them by name instead of guessing: the owner is then reported as
// unreadable, the rest of the tag still decodes.

import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export type IsilCompactionError = CodecError<'NOT_APPLICABLE' | 'BAD_COMPACTED_DATA'>;

type CharSet = 'upper' | 'lower' | 'numeric';

const HYPHEN = 0b00000;
const LATCH_LETTERS = 0b11100;
const SHIFT_LETTERS = 0b11101;
const LATCH_NUMERIC = 0b11110;
const SHIFT_NUMERIC = 0b11111;

const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isDigit = (c: string) => c >= '0' && c <= '9';

class BitWriter {
  private readonly bits: number[] = [];
  put(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) this.bits.push((value >> i) & 1);
  }
  bytes(): Uint8Array {
    while (this.bits.length % 8 !== 0) this.bits.push(1);
    const out = new Uint8Array(this.bits.length / 8);
    this.bits.forEach((b, i) => {
      if (b) out[i >> 3]! |= 0x80 >> (i & 7);
    });
    return out;
  }
}

/** Letters, digits and '-' only; ':' and '/' are refused (see the header). */
export function compactIsil(isil: string): Result<Uint8Array, IsilCompactionError> {
  if (isil === '') return err('NOT_APPLICABLE', 'an empty ISIL has no ISIL compaction');
  const w = new BitWriter();
  let set: 'upper' | 'lower' = 'upper';
  const chars = [...isil];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '-') {
      w.put(HYPHEN, 5);
    } else if (isUpper(c) || isLower(c)) {
      const wanted = isUpper(c) ? 'upper' : 'lower';
      if (wanted !== set) {
        // Annex C's advice: latch when the next character is in the same set too, shift for one.
        const next = chars[i + 1];
        const nextSame = next !== undefined && (wanted === 'upper' ? isUpper(next) : isLower(next));
        if (nextSame) {
          w.put(LATCH_LETTERS, 5);
          set = wanted;
        } else {
          w.put(SHIFT_LETTERS, 5);
        }
      }
      w.put(c.toUpperCase().charCodeAt(0) - 0x40, 5);
    } else if (isDigit(c)) {
      const rest = chars.slice(i);
      if (rest.length > 1 && rest.every(isDigit)) {
        // A digit run that ends the ISIL: latch once, never needing the (unconfirmed) way back.
        w.put(LATCH_NUMERIC, 5);
        for (const d of rest) w.put(d.charCodeAt(0) - 0x30, 4);
        break;
      }
      w.put(SHIFT_NUMERIC, 5);
      w.put(c.charCodeAt(0) - 0x30, 4);
    } else {
      return err('NOT_APPLICABLE', `'${c}' at position ${i} is not written by the ISIL compaction here (letters, digits and '-' are)`);
    }
  }
  return ok(w.bytes());
}

export function decompactIsil(bytes: Uint8Array): Result<string, IsilCompactionError> {
  const total = bytes.length * 8;
  let at = 0;
  const take = (width: number): number => {
    let v = 0;
    for (let i = 0; i < width; i++, at++) v = (v << 1) | ((bytes[at >> 3]! >> (7 - (at & 7))) & 1);
    return v;
  };
  /** The rest of the bits are all 1 and lie in the last byte: padding. */
  const onlyPadLeft = (from: number) => {
    if (total - from >= 8) return false;
    for (let b = from; b < total; b++) if (((bytes[b >> 3]! >> (7 - (b & 7))) & 1) === 0) return false;
    return true;
  };
  let latched: CharSet = 'upper';
  let shifted: CharSet | null = null;
  let out = '';
  for (;;) {
    const set: CharSet = shifted ?? latched;
    const width = set === 'numeric' ? 4 : 5;
    if (total - at < width) {
      if (onlyPadLeft(at)) return ok(out);
      return err('BAD_COMPACTED_DATA', `ISIL data ends with ${total - at} bits that are not 1-bit padding`);
    }
    const start = at;
    const code = take(width);
    if (set === 'numeric') {
      shifted = null;
      if (code <= 9) {
        out += String.fromCharCode(0x30 + code);
        continue;
      }
      if (onlyPadLeft(start)) return ok(out);
      return err('BAD_COMPACTED_DATA', `ISIL numeric code ${code.toString(2).padStart(4, '0')} at bit ${start} is not one this decoder can confirm`);
    }
    if (code === HYPHEN || (code >= 1 && code <= 26)) {
      shifted = null;
      out += code === HYPHEN ? '-' : String.fromCharCode((set === 'upper' ? 0x40 : 0x60) + code);
      continue;
    }
    if (code >= LATCH_LETTERS && onlyPadLeft(start)) return ok(out);
    const other: CharSet = set === 'upper' ? 'lower' : 'upper';
    switch (code) {
      case LATCH_LETTERS:
        latched = other;
        shifted = null;
        break;
      case SHIFT_LETTERS:
        shifted = other;
        break;
      case LATCH_NUMERIC:
        latched = 'numeric';
        shifted = null;
        break;
      case SHIFT_NUMERIC:
        shifted = 'numeric';
        break;
      default:
        return err('BAD_COMPACTED_DATA', `ISIL code ${code.toString(2).padStart(5, '0')} at bit ${start} is not one this decoder can confirm`);
    }
  }
}
