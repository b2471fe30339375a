import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc16CcittFalse, crc16Genibus, crc16Mcrf4xx } from '#main/devices/bytes/crc';
import { ascii, FC_RUNS, hex } from '#test/unit/codecs/helpers';

// Bit-by-bit reference implementations, independent of the table code.
function refMsbFirst(bytes: Uint8Array, xorOut: number): number {
  let c = 0xffff;
  for (const b of bytes) {
    c ^= b << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  }
  return c ^ xorOut;
}

function refReflected(bytes: Uint8Array): number {
  let c = 0xffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
  }
  return c;
}

describe('CRC-16 check values over "123456789"', () => {
  const check = ascii('123456789');
  it('MCRF4XX is 0x6F91', () => expect(crc16Mcrf4xx(check)).toBe(0x6f91));
  it('CCITT-FALSE is 0x29B1', () => expect(crc16CcittFalse(check)).toBe(0x29b1));
  it('GENIBUS is 0xD64E', () => expect(crc16Genibus(check)).toBe(0xd64e));
  it('empty input gives the init value (xor-out applied)', () => {
    expect(crc16Mcrf4xx(new Uint8Array(0))).toBe(0xffff);
    expect(crc16CcittFalse(new Uint8Array(0))).toBe(0xffff);
    expect(crc16Genibus(new Uint8Array(0))).toBe(0x0000);
  });
});

describe('CRC-16 over the worked frames of the notes', () => {
  it('FEIG inventory 07 FF B0 01 00 → 1C 56 (LSB first)', () => expect(crc16Mcrf4xx(hex('07 FF B0 01 00'))).toBe(0x561c));
  it('FEIG software version 05 FF 65 → E5 CB', () => expect(crc16Mcrf4xx(hex('05 FF 65'))).toBe(0xcbe5));
  it('FEIG advanced inventory 02 00 09 FF B0 01 00 → 18 43', () => expect(crc16Mcrf4xx(hex('02 00 09 FF B0 01 00'))).toBe(0x4318));
  it('Bibliotheca 00 09 03 00 02 00 00 00 03 → 12 E6 (MSB first)', () => expect(crc16Genibus(hex('00 09 03 00 02 00 00 00 03'))).toBe(0x12e6));
});

describe('table-driven CRCs agree with bitwise references', () => {
  it('for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc16Mcrf4xx(bytes)).toBe(refReflected(bytes));
        expect(crc16CcittFalse(bytes)).toBe(refMsbFirst(bytes, 0));
        expect(crc16Genibus(bytes)).toBe(refMsbFirst(bytes, 0xffff));
      }),
      FC_RUNS,
    );
  });
});
