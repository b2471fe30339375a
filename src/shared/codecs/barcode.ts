// Library barcode validation. Check rules differ between libraries, so the
// rule is data (a LibraryBarcodeRule), not code.
//
// The common 14-digit Codabar scheme: digit 1 is the kind (2 patron, 3 item),
// digits 2–5 the institution, 6–13 the serial, 14 the check digit.

import { err, ok } from './result';
import type { CodecError, Result } from './result';

export type CheckDigitRule =
  | 'luhn'
  | 'none'
  | { readonly name: string; readonly compute: (body: string) => number };

export type LibraryBarcodeRule =
  | {
      readonly symbology: 'codabar14';
      readonly check: CheckDigitRule;
      /** Allowed 4-digit institution codes; any when omitted. */
      readonly institutions?: readonly string[];
      readonly patronDigit?: string;
      readonly itemDigit?: string;
    }
  | { readonly symbology: 'code39'; readonly minLength?: number; readonly maxLength?: number }
  | { readonly symbology: 'code128'; readonly minLength?: number; readonly maxLength?: number };

export type BarcodeKind = 'patron' | 'item' | 'unknown';

export interface LibraryBarcode {
  readonly symbology: LibraryBarcodeRule['symbology'];
  /** The code as the library system stores it: start/stop characters and surrounding spaces removed. */
  readonly value: string;
  readonly kind: BarcodeKind;
  readonly institution?: string;
  readonly serial?: string;
}

export type BarcodeErrorCode =
  | 'EMPTY'
  | 'BAD_LENGTH'
  | 'NOT_DIGITS'
  | 'BAD_KIND_DIGIT'
  | 'UNKNOWN_INSTITUTION'
  | 'CHECK_DIGIT_MISMATCH'
  | 'BAD_CHARACTER';
export type BarcodeError = CodecError<BarcodeErrorCode>;

/** Standard Luhn (mod 10): double every second digit from the right of the body, starting with the rightmost. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 0x30;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function computeCheck(rule: CheckDigitRule, body: string): number | null {
  if (rule === 'none') return null;
  if (rule === 'luhn') return luhnCheckDigit(body);
  return rule.compute(body);
}

const CODE39_CHARS = /^[0-9A-Z \-.$/+%]$/;

function describeChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  return c >= 0x20 && c <= 0x7e ? `'${ch}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function checkCode39(value: string): Result<string, BarcodeError> {
  const body = value.length >= 2 && value.startsWith('*') && value.endsWith('*') ? value.slice(1, -1) : value;
  if (body === '') return err('EMPTY', 'the Code 39 barcode is empty');
  let i = 0;
  for (const ch of body) {
    if (!CODE39_CHARS.test(ch)) {
      const hint = /[a-z]/.test(ch) ? ' (Code 39 has upper case only)' : '';
      return err('BAD_CHARACTER', `character ${describeChar(ch)} at position ${i + 1} is not in the Code 39 set${hint}`);
    }
    i++;
  }
  return ok(body);
}

export function checkCode128(value: string): Result<string, BarcodeError> {
  if (value === '') return err('EMPTY', 'the Code 128 barcode is empty');
  let i = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c > 0x7e) return err('BAD_CHARACTER', `character ${describeChar(ch)} at position ${i + 1} is not printable ASCII`);
    i++;
  }
  return ok(value);
}

function lengthCheck(value: string, min: number | undefined, max: number | undefined): BarcodeError | null {
  if (min !== undefined && value.length < min) return { code: 'BAD_LENGTH', message: `barcode has ${value.length} characters; at least ${min} are expected` };
  if (max !== undefined && value.length > max) return { code: 'BAD_LENGTH', message: `barcode has ${value.length} characters; at most ${max} are expected` };
  return null;
}

function validateCodabar14(input: string, rule: Extract<LibraryBarcodeRule, { symbology: 'codabar14' }>): Result<LibraryBarcode, BarcodeError> {
  // Some scanners transmit the Codabar start/stop characters.
  const value = /^[A-Da-d].*[A-Da-d]$/.test(input) && input.length >= 2 ? input.slice(1, -1) : input;
  if (!/^[0-9]*$/.test(value)) {
    const at = value.search(/[^0-9]/);
    return err('NOT_DIGITS', `character ${describeChar(value[at]!)} at position ${at + 1} is not a digit`);
  }
  if (value.length !== 14) return err('BAD_LENGTH', `barcode has ${value.length} digits; this library uses 14`);
  const patronDigit = rule.patronDigit ?? '2';
  const itemDigit = rule.itemDigit ?? '3';
  const first = value[0]!;
  const kind: BarcodeKind = first === patronDigit ? 'patron' : first === itemDigit ? 'item' : 'unknown';
  if (kind === 'unknown') return err('BAD_KIND_DIGIT', `first digit should be ${patronDigit} (patron) or ${itemDigit} (item), not ${first}`);
  const institution = value.slice(1, 5);
  if (rule.institutions && !rule.institutions.includes(institution)) {
    return err('UNKNOWN_INSTITUTION', `institution ${institution} is not one of ${rule.institutions.join(', ')}`);
  }
  const expected = computeCheck(rule.check, value.slice(0, 13));
  const actual = Number(value[13]);
  if (expected !== null && expected !== actual) return err('CHECK_DIGIT_MISMATCH', `check digit should be ${expected}, not ${actual}`);
  return ok({ symbology: 'codabar14', value, kind, institution, serial: value.slice(5, 13) });
}

export function validateLibraryBarcode(input: string, rule: LibraryBarcodeRule): Result<LibraryBarcode, BarcodeError> {
  const trimmed = input.trim();
  if (trimmed === '') return err('EMPTY', 'no barcode was given');
  switch (rule.symbology) {
    case 'codabar14':
      return validateCodabar14(trimmed, rule);
    case 'code39': {
      const body = checkCode39(trimmed);
      if (!body.ok) return body;
      const bad = lengthCheck(body.value, rule.minLength, rule.maxLength);
      return bad ? { ok: false, error: bad } : ok({ symbology: 'code39', value: body.value, kind: 'unknown' });
    }
    case 'code128': {
      const body = checkCode128(trimmed);
      if (!body.ok) return body;
      const bad = lengthCheck(body.value, rule.minLength, rule.maxLength);
      return bad ? { ok: false, error: bad } : ok({ symbology: 'code128', value: body.value, kind: 'unknown' });
    }
  }
}

/** Completes a 13-digit body with its check digit (for label printing and test data). */
export function appendCheckDigit(body: string, rule: CheckDigitRule): Result<string, BarcodeError> {
  if (!/^[0-9]+$/.test(body)) return err('NOT_DIGITS', `'${body}' is not all digits`);
  const digit = computeCheck(rule, body);
  return ok(digit === null ? body : body + String(digit));
}
