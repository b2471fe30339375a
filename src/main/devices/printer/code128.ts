// Code 128 (ISO/IEC 15417) for ESC/POS GS k 73: which code set each part of
// the data goes in, the printer's data bytes, and the symbol characters the
// printer will draw (for the width check and the tests).
//
// Code set B carries one printable ASCII character per symbol character; code
// set C carries two digits. A numeric item barcode in B is twice as wide as
// it needs to be, so the encoder follows ISO/IEC 15417 Annex E (minimising
// the symbol length) for sets B and C:
//   - start C when the data is exactly two digits or begins with four or
//     more digits; with an odd count of leading digits, the last one goes in
//     B after a Code B character;
//   - otherwise start B, and switch to C (Code C, value 99) for a run of four
//     or more digits: before the first digit when the run is even, after it
//     when odd; back to B (Code B, value 100) when a non-digit follows.
// Set A (control characters) is never needed: slips print text only.
//
// The check character is (start value + Σ position × value) mod 103, position
// counting from 1 after the start; the stop character (106) has 13 modules,
// every other symbol character 11.
//
// ESC/POS GS k 73 data: "{B" / "{C" select a set (the first two bytes must),
// in set C each data byte is a value 0–99 (not ASCII digits), in set B the
// ASCII bytes themselves, with a literal '{' sent as "{{". The printer adds
// start, check and stop.

import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export const CODE128 = {
  CODE_C: 99,
  CODE_B: 100,
  START_B: 104,
  START_C: 105,
  STOP: 106,
} as const;

export interface Code128Encoding {
  /** Start, data and switch characters, then the check character; the stop is not included. */
  readonly symbols: readonly number[];
  /** The bytes to send after GS k 73 n. */
  readonly escpos: Uint8Array;
  /** Bar modules of the whole symbol, stop included (quiet zones not counted). */
  readonly modules: number;
}

export type Code128Error = CodecError<'BAD_BARCODE'>;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

export function code128CheckValue(symbols: readonly number[]): number {
  let sum = symbols[0] ?? 0;
  for (let i = 1; i < symbols.length; i++) sum += i * symbols[i]!;
  return sum % 103;
}

export function encodeCode128(data: string): Result<Code128Encoding, Code128Error> {
  if (data === '') return err('BAD_BARCODE', 'code128 barcode data is empty');
  const codes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      return err('BAD_BARCODE', `character U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${i} is not printable ASCII (Code 128 sets B and C)`);
    }
    codes.push(c);
  }
  const digitRun = (from: number) => {
    let n = 0;
    while (from + n < codes.length && isDigit(codes[from + n]!)) n++;
    return n;
  };

  const symbols: number[] = [];
  const bytes: number[] = [];
  let set: 'B' | 'C';
  const leading = digitRun(0);
  if ((leading === 2 && codes.length === 2) || leading >= 4) {
    set = 'C';
    symbols.push(CODE128.START_C);
    bytes.push(0x7b, 0x43);
  } else {
    set = 'B';
    symbols.push(CODE128.START_B);
    bytes.push(0x7b, 0x42);
  }
  const putB = (c: number) => {
    symbols.push(c - 0x20);
    if (c === 0x7b) bytes.push(0x7b, 0x7b);
    else bytes.push(c);
  };
  const putPairs = (from: number, pairs: number) => {
    for (let p = 0; p < pairs; p++) {
      const value = (codes[from + 2 * p]! - 0x30) * 10 + (codes[from + 2 * p + 1]! - 0x30);
      symbols.push(value);
      bytes.push(value);
    }
  };
  const toB = () => {
    symbols.push(CODE128.CODE_B);
    bytes.push(0x7b, 0x42);
    set = 'B';
  };
  const toC = () => {
    symbols.push(CODE128.CODE_C);
    bytes.push(0x7b, 0x43);
    set = 'C';
  };

  let i = 0;
  while (i < codes.length) {
    const run = digitRun(i);
    if (set === 'C') {
      if (run >= 2) {
        const pairs = Math.floor(run / 2);
        putPairs(i, pairs);
        i += pairs * 2;
        continue;
      }
      toB();
      continue;
    }
    if (run >= 4) {
      if (run % 2 === 1) {
        putB(codes[i]!);
        i++;
      }
      toC();
      continue;
    }
    putB(codes[i]!);
    i++;
  }
  if (bytes.length > 255) return err('BAD_BARCODE', `code128 data is ${bytes.length} bytes for the printer; at most 255 fit`);
  symbols.push(code128CheckValue(symbols));
  return ok({ symbols, escpos: Uint8Array.from(bytes), modules: symbols.length * 11 + 13 });
}
