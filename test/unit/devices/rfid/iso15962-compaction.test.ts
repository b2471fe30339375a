import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseCompaction, compact, COMPACTION, decompact } from '#main/devices/rfid/tag-data/iso15962-compaction';
import type { Compaction } from '#main/devices/rfid/tag-data/iso15962-compaction';
import { ascii, expectError, FC_RUNS, toHex, unwrap } from '#test/unit/codecs/helpers';

describe('ISO/IEC 15962 compaction', () => {
  it('integer: 123456789012 → 1C BE 99 1A 14 and 1203 → 04 B3 (ISO 28560-2 Annex D)', () => {
    expect(toHex(unwrap(compact('123456789012', COMPACTION.INTEGER)))).toBe('1C BE 99 1A 14');
    expect(toHex(unwrap(compact('1203', COMPACTION.INTEGER)))).toBe('04 B3');
    expect(toHex(unwrap(compact('0', COMPACTION.INTEGER)))).toBe('00');
    expect(unwrap(decompact(Uint8Array.of(0x1c, 0xbe, 0x99, 0x1a, 0x14), COMPACTION.INTEGER))).toBe('123456789012');
    expectError(compact('0123', COMPACTION.INTEGER), 'NOT_APPLICABLE');
  });
  it('6-bit: QA268.L55 → 44 1C B6 E2 E3 35 D6 (ISO 28560-2 Annex D)', () => {
    expect(toHex(unwrap(compact('QA268.L55', COMPACTION.SIX_BIT)))).toBe('44 1C B6 E2 E3 35 D6');
    expect(unwrap(decompact(Uint8Array.of(0x44, 0x1c, 0xb6, 0xe2, 0xe3, 0x35, 0xd6), COMPACTION.SIX_BIT))).toBe('QA268.L55');
    expect(toHex(unwrap(compact('ABC', COMPACTION.SIX_BIT)))).toBe('04 20 E0');
  });
  it('numeric keeps leading zeros, 4 bits a digit, F pads', () => {
    expect(toHex(unwrap(compact('0012', COMPACTION.NUMERIC)))).toBe('00 12');
    expect(toHex(unwrap(compact('012', COMPACTION.NUMERIC)))).toBe('01 2F');
    expect(unwrap(decompact(Uint8Array.of(0x01, 0x2f), COMPACTION.NUMERIC))).toBe('012');
    expectError(decompact(Uint8Array.of(0x1a), COMPACTION.NUMERIC), 'BAD_COMPACTED_DATA');
  });
  it('5-bit, 7-bit, octet and UTF-8', () => {
    expect(toHex(unwrap(compact('ABC', COMPACTION.FIVE_BIT)))).toBe('08 86');
    expect(toHex(unwrap(compact('abcdefgh', COMPACTION.SEVEN_BIT)))).toBe('C3 8B 1E 4C B9 B3 E8');
    expect(toHex(unwrap(compact('Åbo', COMPACTION.OCTET)))).toBe('C5 62 6F');
    expect(toHex(unwrap(compact('紅樓夢', COMPACTION.UTF8)))).toBe('E7 B4 85 E6 A8 93 E5 A4 A2');
    expectError(compact('abc', COMPACTION.FIVE_BIT), 'NOT_APPLICABLE');
    expectError(compact('紅', COMPACTION.OCTET), 'NOT_APPLICABLE');
    expectError(decompact(Uint8Array.of(0xff), COMPACTION.UTF8), 'BAD_COMPACTED_DATA');
  });
  it.each([
    ['123456789012', COMPACTION.INTEGER, 5],
    ['1203', COMPACTION.INTEGER, 2],
    ['0012', COMPACTION.NUMERIC, 2],
    ['ABC', COMPACTION.FIVE_BIT, 2],
    ['QA268.L55', COMPACTION.SIX_BIT, 7],
    ['abcdefgh', COMPACTION.SEVEN_BIT, 7],
    ['Åbo', COMPACTION.OCTET, 3],
    ['紅樓夢', COMPACTION.UTF8, 9],
    // "ABC " in 6-bit would end in a whole pad character: the next scheme is used.
    ['ABC ', COMPACTION.SEVEN_BIT, 4],
  ] as [string, Compaction, number][])('the encoder picks the most compact scheme for %j', (value, scheme, length) => {
    const chosen = unwrap(chooseCompaction(value));
    expect(chosen.scheme).toBe(scheme);
    expect(chosen.bytes.length).toBe(length);
  });
  it('refuses text that is not well formed', () => {
    expectError(chooseCompaction('\uDC00'), 'NOT_APPLICABLE');
  });
});

describe('compaction properties', () => {
  it('the chosen scheme always decodes back to the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 30 }),
          fc.stringMatching(/^[0-9]{1,30}$/),
          fc.stringMatching(/^[A-Z@[\\\]^_]{1,20}$/),
          fc.stringMatching(/^[ -_]{1,20}$/),
          fc.string({ unit: 'binary-ascii', maxLength: 20 }),
        ),
        (value) => {
          const chosen = chooseCompaction(value);
          if (value === '' || !chosen.ok) return;
          expect(unwrap(decompact(chosen.value.bytes, chosen.value.scheme))).toBe(value);
        },
      ),
      FC_RUNS,
    );
  });
  it('a scheme decodes its own output unless the value ends in its pad character', () => {
    const pad: Record<number, string> = { 3: '@', 4: ' ', 5: '\u007f' };
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }), fc.constantFrom<Compaction>(1, 2, 3, 4, 5, 6, 7), (value, scheme) => {
        const bytes = compact(value, scheme);
        if (!bytes.ok) return;
        if (pad[scheme] !== undefined && value.endsWith(pad[scheme])) return;
        expect(unwrap(decompact(bytes.value, scheme))).toBe(value);
      }),
      FC_RUNS,
    );
  });
  it('decompact never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom<Compaction>(0, 1, 2, 3, 4, 5, 6, 7), (bytes, scheme) => {
        const r = decompact(bytes, scheme);
        if (!r.ok) expect(r.error.code).toBe('BAD_COMPACTED_DATA');
      }),
      FC_RUNS,
    );
  });
  it('ascii helper sanity', () => expect(toHex(ascii('AZ'))).toBe('41 5A'));
});
