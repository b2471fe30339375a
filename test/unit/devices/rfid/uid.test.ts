import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeUid, uidFromBytes, uidToBytes } from '#main/devices/rfid/tag-data/uid';
import { afiSecurity, BIBLIOTHECA_AFI, LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { expectError, FC_RUNS, toHex, unwrap } from '#test/unit/codecs/helpers';

describe('UIDs', () => {
  it('keeps the canonical E0… form', () => {
    expect(unwrap(normalizeUid('E004015012345678'))).toBe('E004015012345678');
  });
  it('accepts lower case, separators and LSB-first order from keyboard pads', () => {
    expect(unwrap(normalizeUid('e0:04:01:50:12:34:56:78'))).toBe('E004015012345678');
    expect(unwrap(normalizeUid('78563412500104E0'))).toBe('E004015012345678');
    expect(unwrap(normalizeUid(' 78 56 34 12 50 01 04 e0\r'))).toBe('E004015012345678');
  });
  it('accepts decimal in either byte order', () => {
    expect(unwrap(normalizeUid(BigInt('0xE004015012345678').toString()))).toBe('E004015012345678');
    expect(unwrap(normalizeUid(BigInt('0x78563412500104E0').toString()))).toBe('E004015012345678');
  });
  it('explains what is wrong', () => {
    expectError(normalizeUid(''), 'EMPTY');
    expect(expectError(normalizeUid('0102030405060708'), 'BAD_UID').message).toContain('neither its first nor its last byte is E0');
    expectError(normalizeUid('E0040150123456'), 'BAD_UID');
    expectError(normalizeUid('99999999999999999999'), 'BAD_UID');
    expectError(uidToBytes('E00401501234567G'), 'BAD_UID');
  });
  it('round-trips bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        expect(toHex(unwrap(uidToBytes(uidFromBytes(bytes))))).toBe(toHex(bytes));
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => void normalizeUid(s)), FC_RUNS);
  });
});

describe('AFI security values', () => {
  it('maps both ISO 28560 and 3M values', () => {
    expect(afiSecurity(LIBRARY_AFI.SECURED)).toBe('secured');
    expect(afiSecurity(0x07)).toBe('secured');
    expect(afiSecurity(0xc2)).toBe('unsecured');
    expect(afiSecurity(BIBLIOTHECA_AFI.SECURED)).toBe('secured');
    expect(afiSecurity(0xda)).toBe('unsecured');
    expect(afiSecurity(0x00)).toBe('unknown');
  });
});
