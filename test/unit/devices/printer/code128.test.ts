// Code 128 code sets B and C against the symbology's rules (ISO/IEC 15417:
// start characters, Code B / Code C switches, check = (start + Σ i × value)
// mod 103) and against the printer simulator, which reads the ESC/POS data
// the way a printer does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE128, code128CheckValue, encodeCode128 } from '#main/devices/printer/code128';
import { EscPosBuilder } from '#main/devices/printer/escpos';
import { barcodeModules } from '#main/devices/printer/render-escpos';
import { latin1Decode } from '#main/devices/bytes/text';
import { DocumentBuilder } from '#main/simulators/printed-document';
import { expectError, FC_RUNS, toHex, unwrap } from '#test/unit/codecs/helpers';

function printed(data: string) {
  const doc = new DocumentBuilder();
  doc.barcode(73, latin1Decode(unwrap(encodeCode128(data)).escpos));
  return doc.barcodes[0]!;
}

describe('Code 128 code sets', () => {
  it('the textbook check: PJJ123C in set B has check value 55 (W)', () => {
    const e = unwrap(encodeCode128('PJJ123C'));
    expect(e.symbols).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55]);
    expect(toHex(e.escpos)).toBe('7B 42 50 4A 4A 31 32 33 43');
  });
  it('a 14-digit item barcode starts C: two digits a symbol character, half the width of set B', () => {
    const e = unwrap(encodeCode128('31234000012347'));
    // 105 + 31 + 2·23 + 3·40 + 4·0 + 5·1 + 6·23 + 7·47 = 774 ≡ 53 (mod 103)
    expect(e.symbols).toEqual([CODE128.START_C, 31, 23, 40, 0, 1, 23, 47, 53]);
    expect(toHex(e.escpos)).toBe('7B 43 1F 17 28 00 01 17 2F');
    expect(e.modules).toBe(9 * 11 + 13);
    expect(barcodeModules({ symbology: 'code128', data: '31234000012347' }, 0)).toBe(112);
    // In set B alone: start, 14 characters, check, stop.
    expect(16 * 11 + 13).toBe(189);
  });
  it('an odd run of leading digits leaves its last digit to set B (Code B before it)', () => {
    expect(unwrap(encodeCode128('12345')).symbols.slice(0, -1)).toEqual([105, 12, 34, CODE128.CODE_B, 21]);
  });
  it('in set B, four or more digits switch to C: before the first when even, after it when odd', () => {
    expect(unwrap(encodeCode128('AB1234CD')).symbols.slice(0, -1)).toEqual([104, 33, 34, 99, 12, 34, 100, 35, 36]);
    expect(unwrap(encodeCode128('ABC12345')).symbols.slice(0, -1)).toEqual([104, 33, 34, 35, 17, 99, 23, 45]);
    // Three digits stay in B: switching would not be shorter.
    expect(unwrap(encodeCode128('AB123')).symbols.slice(0, -1)).toEqual([104, 33, 34, 17, 18, 19]);
    expect(unwrap(encodeCode128('12')).symbols.slice(0, -1)).toEqual([105, 12]);
  });
  it('a literal { is sent doubled in set B', () => {
    expect(toHex(unwrap(encodeCode128('A{1')).escpos)).toBe('7B 42 41 7B 7B 31');
    expect(printed('A{1')).toMatchObject({ data: 'A{1', codeSets: 'B' });
  });
  it('the builder sends GS k 73 n with the set C data', () => {
    const bytes = unwrap(new EscPosBuilder().barcode('code128', '31234000012347', { hri: 'none' }).build());
    expect(toHex(bytes)).toBe('1D 48 00 1D 6B 49 09 7B 43 1F 17 28 00 01 17 2F');
  });
  it('refuses what sets B and C cannot carry, by position', () => {
    expect(expectError(encodeCode128('a\tb'), 'BAD_BARCODE').message).toBe('character U+0009 at position 1 is not printable ASCII (Code 128 sets B and C)');
    expectError(encodeCode128(''), 'BAD_BARCODE');
    expectError(encodeCode128('x'.repeat(254)), 'BAD_BARCODE');
  });
});

describe('Code 128 against the printer simulator', () => {
  it('reads back data, code sets and the same symbol characters', () => {
    expect(printed('31234000012347')).toEqual({
      symbology: 'code128',
      data: '31234000012347',
      codeSets: 'C',
      symbols: [105, 31, 23, 40, 0, 1, 23, 47, 53],
    });
    expect(printed('PARCEL-0042')).toMatchObject({ data: 'PARCEL-0042', codeSets: 'BC' });
  });
  it('flags data a printer would refuse', () => {
    const doc = new DocumentBuilder();
    doc.barcode(73, 'ABC');
    doc.barcode(73, '{C\u00c8');
    expect(doc.barcodes.map((b) => b.problem)).toEqual(['Code 128 data must start with {A, {B or {C', 'byte 200 at 2 is not a set C value (0–99)']);
  });
  it('any printable text: the printer reads back the input, the same symbols, and never more of them than set B alone', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[ -~]{1,40}$/), fc.stringMatching(/^[0-9]{1,40}$/), fc.stringMatching(/^[A-Z0-9-]{1,40}$/)), (data) => {
        const e = unwrap(encodeCode128(data));
        const read = printed(data);
        expect(read.data).toBe(data);
        expect(read.symbols).toEqual(e.symbols);
        expect(e.symbols.at(-1)).toBe(code128CheckValue(e.symbols.slice(0, -1)));
        expect(e.symbols.length).toBeLessThanOrEqual(data.length + 2);
        if (/^[0-9]+$/.test(data) && data.length >= 4) expect(e.symbols.length).toBeLessThanOrEqual(Math.ceil(data.length / 2) + 4);
      }),
      FC_RUNS,
    );
  });
});
