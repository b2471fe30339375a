import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseCompaction, compact, COMPACTION, decompact } from '#main/devices/rfid/tag-data/iso15962-compaction';
import type { Compaction } from '#main/devices/rfid/tag-data/iso15962-compaction';
import { compactIsil, decompactIsil } from '#main/devices/rfid/tag-data/isil-compaction';
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

describe('the ISO/IEC 15962 6-bit table', () => {
  it('codes 100001–100111 are <EOT>, reserved, <FS>, <US>, reserved — not ! " # $ % & \'', () => {
    for (const c of '!"#$%&\'') expectError(compact(`A${c}`, COMPACTION.SIX_BIT), 'NOT_APPLICABLE');
    // 000001 100011 000001 = "A<FS>A" packed, then pad 10 → 06 30 42
    expect(expectError(decompact(Uint8Array.of(0x06, 0x30, 0x42), COMPACTION.SIX_BIT), 'BAD_COMPACTED_DATA').message).toContain('<FS>');
    expect(expectError(decompact(Uint8Array.of(0x86, 0x10), COMPACTION.SIX_BIT), 'BAD_COMPACTED_DATA').message).toContain('<EOT>');
  });
  it('011110 and 011111 are <GS> and <RS>, not ^ _', () => {
    for (const c of '^_') expectError(compact(`A${c}`, COMPACTION.SIX_BIT), 'NOT_APPLICABLE');
    // 000001 011110, pad 1000 → 05 E8
    expect(expectError(decompact(Uint8Array.of(0x05, 0xe8), COMPACTION.SIX_BIT), 'BAD_COMPACTED_DATA').message).toContain('<GS>');
  });
  it('the rest of the table: space, ( ) * + , - . / 0–9 : ; < = > ?, @ A–Z [ \\ ]', () => {
    const table = ' ()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]';
    expect(unwrap(decompact(unwrap(compact(table, COMPACTION.SIX_BIT)), COMPACTION.SIX_BIT))).toBe(table);
    expect(chooseCompaction('NO.12#A').ok && unwrap(chooseCompaction('NO.12#A')).scheme).toBe(COMPACTION.SEVEN_BIT);
  });
});

describe('ISO 28560-2 Annex C ISIL compaction', () => {
  it('US-InU-Mu → AC C0 9E BA A0 6F 6B (Annex D owner element; shift lower 11101, one pad bit)', () => {
    expect(toHex(unwrap(compactIsil('US-InU-Mu')))).toBe('AC C0 9E BA A0 6F 6B');
    expect(unwrap(decompactIsil(Uint8Array.of(0xac, 0xc0, 0x9e, 0xba, 0xa0, 0x6f, 0x6b)))).toBe('US-InU-Mu');
  });
  it('DE-Heu1 → 21 40 8E 16 BF 1F (Annex C example 1: latch lower 11100, shift numeric 11111, pad 1111)', () => {
    expect(toHex(unwrap(compactIsil('DE-Heu1')))).toBe('21 40 8E 16 BF 1F');
    expect(unwrap(decompactIsil(Uint8Array.of(0x21, 0x40, 0x8e, 0x16, 0xbf, 0x1f)))).toBe('DE-Heu1');
  });
  it('CH-000134 starts C H - then latch numeric 11110 and 4-bit digits (Annex C example 2, its first part)', () => {
    // 00011 01000 00000 11110 0000 0000 0000 0001 0011 0100, pad 1111
    expect(toHex(unwrap(compactIsil('CH-000134')))).toBe('1A 01 E0 00 13 4F');
  });
  it('TW-NTTU fits 5 bytes', () => {
    expect(unwrap(compactIsil('TW-NTTU')).length).toBe(5);
  });
  it("refuses ':' and '/', whose codes the published examples do not show", () => {
    expectError(compactIsil('US-DLC:X'), 'NOT_APPLICABLE');
    expect(expectError(decompactIsil(Uint8Array.of(0xd8)), 'BAD_COMPACTED_DATA').message).toContain('11011');
  });
  it('round trips any ISIL of letters, digits and hyphens', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,4}-[A-Za-z0-9-]{1,11}$/), (isil) => {
        expect(unwrap(decompactIsil(unwrap(compactIsil(isil))))).toBe(isil);
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), (bytes) => {
        const r = decompactIsil(bytes);
        if (!r.ok) expect(r.error.code).toBe('BAD_COMPACTED_DATA');
      }),
      FC_RUNS,
    );
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
