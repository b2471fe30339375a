import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendCheckDigit, checkCode128, checkCode39, luhnCheckDigit, validateLibraryBarcode } from '#shared/codecs/barcode';
import type { LibraryBarcodeRule } from '#shared/codecs/barcode';
import { expectError, FC_RUNS, unwrap } from './helpers';

const LUHN: LibraryBarcodeRule = { symbology: 'codabar14', check: 'luhn' };

describe('Luhn check digit', () => {
  it('matches the textbook example 7992739871 → 3', () => expect(luhnCheckDigit('7992739871')).toBe(3));
  it('completes library numbers', () => {
    expect(luhnCheckDigit('3123400001234')).toBe(2);
    expect(unwrap(appendCheckDigit('2123400005678', 'luhn'))).toBe('21234000056788');
    expectError(appendCheckDigit('12a', 'luhn'), 'NOT_DIGITS');
  });
});

describe('14-digit Codabar library barcodes', () => {
  it('splits an item barcode into its parts', () => {
    expect(unwrap(validateLibraryBarcode('31234000012342', LUHN))).toEqual({
      symbology: 'codabar14',
      value: '31234000012342',
      kind: 'item',
      institution: '1234',
      serial: '00001234',
    });
    expect(unwrap(validateLibraryBarcode('21234000056788', LUHN)).kind).toBe('patron');
  });
  it('strips start/stop characters and whitespace sent by scanners', () => {
    expect(unwrap(validateLibraryBarcode(' A31234000012342B\r\n', LUHN)).value).toBe('31234000012342');
  });
  it('says what the check digit should be', () => {
    const e = expectError(validateLibraryBarcode('31234000012343', LUHN), 'CHECK_DIGIT_MISMATCH');
    expect(e.message).toBe('check digit should be 2, not 3');
  });
  it('explains other faults', () => {
    expect(expectError(validateLibraryBarcode('3123400001234', LUHN), 'BAD_LENGTH').message).toBe('barcode has 13 digits; this library uses 14');
    expect(expectError(validateLibraryBarcode('3123400001234X', LUHN), 'NOT_DIGITS').message).toBe("character 'X' at position 14 is not a digit");
    expect(expectError(validateLibraryBarcode('41234000012341', LUHN), 'BAD_KIND_DIGIT').message).toBe('first digit should be 2 (patron) or 3 (item), not 4');
    expect(expectError(validateLibraryBarcode('31234000012342', { ...LUHN, institutions: ['0001', '0002'] }), 'UNKNOWN_INSTITUTION').message).toBe(
      'institution 1234 is not one of 0001, 0002',
    );
    expectError(validateLibraryBarcode('   ', LUHN), 'EMPTY');
  });
  it('takes the check rule and kind digits from the library', () => {
    expect(unwrap(validateLibraryBarcode('31234000012349', { symbology: 'codabar14', check: 'none' })).kind).toBe('item');
    const digitSum: LibraryBarcodeRule = { symbology: 'codabar14', check: { name: 'digit sum', compute: (b) => [...b].reduce((s, d) => s + Number(d), 0) % 10 } };
    expect(unwrap(validateLibraryBarcode('31234000012343', digitSum)).value).toBe('31234000012343');
    expect(expectError(validateLibraryBarcode('31234000012342', digitSum), 'CHECK_DIGIT_MISMATCH').message).toBe('check digit should be 3, not 2');
    expect(unwrap(validateLibraryBarcode('11234000012346', { ...LUHN, patronDigit: '1', itemDigit: '9' })).kind).toBe('patron');
  });
});

describe('Code 39 and Code 128', () => {
  it('Code 39 accepts its set and strips * delimiters', () => {
    expect(unwrap(checkCode39('*ABC-123 $/+%.*'))).toBe('ABC-123 $/+%.');
    expect(expectError(checkCode39('AbC'), 'BAD_CHARACTER').message).toBe("character 'b' at position 2 is not in the Code 39 set (Code 39 has upper case only)");
    expect(expectError(checkCode39('A#'), 'BAD_CHARACTER').message).toBe("character '#' at position 2 is not in the Code 39 set");
    expectError(checkCode39('**'), 'EMPTY');
  });
  it('Code 128 accepts printable ASCII only', () => {
    expect(unwrap(checkCode128('ab{}~ 1'))).toBe('ab{}~ 1');
    expect(expectError(checkCode128('a\u0007'), 'BAD_CHARACTER').message).toBe('character U+0007 at position 2 is not printable ASCII');
    expect(expectError(checkCode128('書'), 'BAD_CHARACTER').message).toBe('character U+66F8 at position 1 is not printable ASCII');
  });
  it('applies the length limits of the rule', () => {
    expect(unwrap(validateLibraryBarcode('B00012345', { symbology: 'code39', minLength: 9, maxLength: 9 })).value).toBe('B00012345');
    expect(expectError(validateLibraryBarcode('B0001234', { symbology: 'code39', minLength: 9 }), 'BAD_LENGTH').message).toBe(
      'barcode has 8 characters; at least 9 are expected',
    );
    expectError(validateLibraryBarcode('x'.repeat(21), { symbology: 'code128', maxLength: 20 }), 'BAD_LENGTH');
  });
});

describe('barcode properties', () => {
  const body = fc.tuple(fc.constantFrom('2', '3'), fc.stringMatching(/^[0-9]{12}$/)).map(([k, rest]) => k + rest);
  it('every completed number validates and round-trips its parts', () => {
    fc.assert(
      fc.property(body, (b) => {
        const code = unwrap(appendCheckDigit(b, 'luhn'));
        const r = unwrap(validateLibraryBarcode(code, LUHN));
        expect(r.institution! + r.serial!).toBe(b.slice(1));
        expect(r.kind).toBe(b[0] === '2' ? 'patron' : 'item');
      }),
      FC_RUNS,
    );
  });
  it('Luhn catches every single-digit substitution', () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 9 }), (b, pos, delta) => {
        const code = unwrap(appendCheckDigit(b, 'luhn'));
        const changed = code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
        expectError(validateLibraryBarcode(changed, LUHN), 'CHECK_DIGIT_MISMATCH');
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        for (const rule of [LUHN, { symbology: 'code39' } as const, { symbology: 'code128' } as const]) void validateLibraryBarcode(s, rule);
      }),
      FC_RUNS,
    );
  });
});
