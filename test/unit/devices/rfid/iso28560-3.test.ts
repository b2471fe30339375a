import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodePart3,
  decodePart3Blocks,
  encodePart3,
  isPatronCard,
  ownerIsil,
  part3Crc,
  reverseBlocks,
} from '#main/devices/rfid/tag-data/iso28560-3';
import type { Part3Data, Part3Extension } from '#main/devices/rfid/tag-data/iso28560-3';
import { expectError, FC_RUNS, hex, toHex, unwrap } from '#test/unit/codecs/helpers';

const VECTOR = '11010131313232333334340000000000000000513e4445373035000000000000';
const VECTOR_DATA: Part3Data = {
  version: 1,
  typeOfUsage: 1,
  partsInSet: 1,
  ordinalPart: 1,
  primaryItemId: '11223344',
  owner: 'DE-705',
  extensions: [],
};

function withCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const crc = part3Crc(out);
  out[19] = crc & 0xff;
  out[20] = crc >> 8;
  return out;
}

describe('ISO 28560-3 vector of the notes', () => {
  it('holds CRC 0x3E51 (bytes 19–20, LSB first)', () => {
    expect(part3Crc(hex(VECTOR))).toBe(0x3e51);
  });
  it('decodes every field', () => {
    const r = unwrap(decodePart3(hex(VECTOR)));
    expect(r.data).toEqual(VECTOR_DATA);
    expect(r.crc).toBe(0x3e51);
    expect(r.quirks).toEqual({ usageInHighNibble: false, setBytesSwapped: false });
    expect(r.notes).toEqual([]);
    expect(r.extensionError).toBeNull();
    expect(isPatronCard(r.data)).toBe(false);
    expect(ownerIsil(r.data.owner)).toBe('DE-705');
  });
  it('encodes back to the same 32 bytes, or 34 with the padding', () => {
    expect(toHex(unwrap(encodePart3(VECTOR_DATA, { tagBytes: 32 })))).toBe(toHex(hex(VECTOR)));
    expect(toHex(unwrap(encodePart3(VECTOR_DATA)))).toBe(toHex(hex(VECTOR + '0000')));
    expect(unwrap(encodePart3(VECTOR_DATA, { blockSize: 4 })).length).toBe(36);
  });
  it('detects block data written reversed per 4-byte block', () => {
    const reversed = reverseBlocks(hex(VECTOR), 4);
    expect(toHex(reversed.subarray(0, 8))).toBe('31 01 01 11 33 32 32 31');
    expectError(decodePart3(reversed), 'CRC_MISMATCH');
    const r = unwrap(decodePart3Blocks(reversed));
    expect(r.blockOrder).toBe('reversed-per-block');
    expect(r.data).toEqual(VECTOR_DATA);
    expect(toHex(r.bytes)).toBe(toHex(hex(VECTOR)));
    expect(unwrap(decodePart3Blocks(hex(VECTOR))).blockOrder).toBe('as-read');
  });
});

// The acquisition block's LEN 22 (34 bytes) ends at '63'; the 00 after it is the end marker.
// ISO 28560-3 Annex B, Example 1 (truncated basic block, 32 bytes) and
// Example 2 (basic block, library block with the media format, acquisition block).
const ANNEX_B1 = '11 01 01 31 30 30 30 30 30 30 30 35 36 00 00 00 00 00 00 98 A4 44 4B 37 31 38 35 30 30 00 00 00';
const ANNEX_B2_BASIC = '11 01 01 31 30 30 30 30 30 30 31 33 36 00 00 00 00 00 00 36 15 44 4B 37 31 38 35 30 30 00 00 00 00 00';
const ANNEX_B2_LIBRARY = '05 01 00 05 01';
const ANNEX_B2_ACQUISITION =
  '22 02 00 71 42 6F 67 76 6F 67 6E 65 6E 00 31 32 33 34 35 36 37 38 39 30 00 00 61 37 38 39 36 35 36 63 00';

describe('ISO 28560-3 Annex B examples', () => {
  it('Example 1: a 32-byte truncated basic block, CRC A4 98 stored LSB first, owner DK-718500 as DK + 718500', () => {
    const r = unwrap(decodePart3(hex(ANNEX_B1)));
    expect(r.crc).toBe(0xa498);
    expect(r.data).toEqual({ version: 1, typeOfUsage: 1, partsInSet: 1, ordinalPart: 1, primaryItemId: '1000000056', owner: 'DK-718500', extensions: [] });
    expect(r.notes).toEqual([]);
    expect(toHex(unwrap(encodePart3(r.data, { tagBytes: 32 })))).toBe(ANNEX_B1);
  });
  it('Example 2: basic block and structured extension blocks', () => {
    const r = unwrap(decodePart3(hex(`${ANNEX_B2_BASIC} ${ANNEX_B2_LIBRARY} ${ANNEX_B2_ACQUISITION}`)));
    expect(r.crc).toBe(0x1536);
    expect(r.data.primaryItemId).toBe('1000000136');
    expect(r.data.owner).toBe('DK-718500');
    expect(r.extensionError).toBeNull();
    expect(r.data.extensions[0]).toEqual({ kind: 'library', mediaFormat: 1 });
    expect(r.data.extensions[1]).toMatchObject({ kind: 'block', id: 2 });
    const back = unwrap(encodePart3(r.data));
    expect(toHex(back)).toBe(toHex(hex(`${ANNEX_B2_BASIC} ${ANNEX_B2_LIBRARY} ${ANNEX_B2_ACQUISITION}`)));
  });
});

describe('ISO 28560-3 version byte and owner', () => {
  it('0x21 is version 2, circulating — not "usage 2 (reference), version 1"', () => {
    const data: Part3Data = { ...VECTOR_DATA, version: 2, typeOfUsage: 1 };
    const bytes = unwrap(encodePart3(data));
    expect(bytes[0]).toBe(0x21);
    const r = unwrap(decodePart3(bytes));
    expect(r.data).toEqual(data);
    expect(r.quirks.usageInHighNibble).toBe(false);
    expect(r.notes).toEqual([]);
  });
  it('writes the owner ISIL without its hyphen: TW-NTTU → 54 57 | 4E 54 54 55', () => {
    const bytes = unwrap(encodePart3({ ...VECTOR_DATA, owner: 'TW-NTTU' }));
    expect(toHex(bytes.subarray(21, 34))).toBe('54 57 4E 54 54 55 00 00 00 00 00 00 00');
    expect(unwrap(decodePart3(bytes)).data.owner).toBe('TW-NTTU');
  });
  it('reads an owner written with its hyphen (older tags of ours) and says so', () => {
    const raw = hex(VECTOR + '0000');
    raw.set([0x54, 0x57, 0x2d, 0x4e, 0x54, 0x54, 0x55, 0, 0, 0, 0, 0, 0], 21);
    const r = unwrap(decodePart3(withCrc(raw)));
    expect(r.data.owner).toBe('TW-NTTU');
    expect(r.notes[0]).toContain('hyphen');
  });
  it('a primary item id longer than 16 bytes goes to the library extension block (byte 3 = 01)', () => {
    const long = '31234000012347000123';
    const bytes = unwrap(encodePart3({ ...VECTOR_DATA, primaryItemId: long }));
    expect(toHex(bytes.subarray(3, 19))).toBe('01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
    const r = unwrap(decodePart3(bytes));
    expect(r.data.primaryItemId).toBe(long);
    expect(r.data.extensions).toEqual([{ kind: 'library', mediaFormat: 0, primaryItemId: long }]);
    const noBlock = hex(VECTOR + '0000');
    noBlock.set([0x01, 0, 0, 0, 0, 0, 0, 0], 3);
    expect(expectError(decodePart3(withCrc(noBlock)), 'BAD_EXTENSION').message).toContain('library extension block');
  });
});

describe('ISO 28560-3 vendor variants', () => {
  it('reads usage from the high nibble when byte 0 says so (patron card 0x81)', () => {
    const bytes = withCrc(Uint8Array.from([0x81, ...hex(VECTOR).subarray(1)]));
    const r = unwrap(decodePart3(bytes));
    expect(r.data.version).toBe(1);
    expect(r.data.typeOfUsage).toBe(8);
    expect(isPatronCard(r.data)).toBe(true);
    expect(r.quirks.usageInHighNibble).toBe(true);
    expect(r.notes[0]).toContain('high nibble');
    const strict = unwrap(decodePart3(bytes, { usageNibble: 'low' }));
    expect([strict.data.version, strict.data.typeOfUsage]).toEqual([8, 1]);
  });
  it('reads a standard patron card 0x18', () => {
    const bytes = withCrc(Uint8Array.from([0x18, ...hex(VECTOR).subarray(1)]));
    expect(isPatronCard(unwrap(decodePart3(bytes)).data)).toBe(true);
  });
  it('swaps bytes 1 and 2 when the ordinal exceeds the set size', () => {
    const raw = hex(VECTOR);
    raw[1] = 1;
    raw[2] = 3;
    const bytes = withCrc(raw);
    const r = unwrap(decodePart3(bytes));
    expect([r.data.partsInSet, r.data.ordinalPart]).toEqual([3, 1]);
    expect(r.quirks.setBytesSwapped).toBe(true);
    const literal = unwrap(decodePart3(bytes, { setBytes: 'standard' }));
    expect([literal.data.partsInSet, literal.data.ordinalPart]).toEqual([1, 3]);
  });
});

describe('ISO 28560-3 extension blocks', () => {
  it('encodes a UTF-8 Chinese title block with its XOR check and the 00 end marker', () => {
    const bytes = unwrap(encodePart3({ ...VECTOR_DATA, extensions: [{ kind: 'title', title: '紅樓夢' }] }));
    expect(toHex(bytes.subarray(34))).toBe('0D 04 00 E1 E7 B4 85 E6 A8 93 E5 A4 A2 00');
    expect(unwrap(decodePart3(bytes)).data.extensions).toEqual([{ kind: 'title', title: '紅樓夢' }]);
  });
  it('keeps other blocks as bytes', () => {
    const bytes = unwrap(encodePart3({ ...VECTOR_DATA, extensions: [{ kind: 'block', id: 5, payload: hex('01 02 03') }] }));
    expect(toHex(bytes.subarray(34))).toBe('07 05 00 02 01 02 03 00');
  });
  it('reports a broken block without losing the basic block', () => {
    const bytes = hex(VECTOR + '0000' + '07 05 00 03 01 02 03 00');
    const r = unwrap(decodePart3(bytes));
    expect(r.data.primaryItemId).toBe('11223344');
    expect(r.extensionError?.code).toBe('XOR_MISMATCH');
    expect(r.extensionError?.message).toBe('extension block 5 at byte 34 fails its XOR check (residue 0x01)');
    expect(unwrap(decodePart3(hex(VECTOR + '0000' + '09 05 00'))).extensionError?.code).toBe('TRUNCATED');
    expect(unwrap(decodePart3(hex(VECTOR + '0000' + '02 05 00'))).extensionError?.code).toBe('BAD_EXTENSION');
  });
});

describe('ISO 28560-3 errors', () => {
  it('names what is wrong', () => {
    const damaged = hex(VECTOR);
    damaged[5] = 0x39;
    expect(expectError(decodePart3(damaged), 'CRC_MISMATCH').message).toMatch(/^stored CRC is 0x3E51 but the data gives 0x[0-9A-F]{4}$/);
    expect(expectError(decodePart3Blocks(damaged), 'CRC_MISMATCH').message).toContain('reversed per 4-byte block');
    expectError(decodePart3(hex('1101')), 'TRUNCATED');
    expectError(decodePart3(new Uint8Array(34)), 'BLANK');
    expectError(encodePart3({ ...VECTOR_DATA, primaryItemId: '12345678901234567' }, { tagBytes: 32 }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, primaryItemId: '' }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, ordinalPart: 2 }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, typeOfUsage: 16 }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, owner: 'DK-123456789012' }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, owner: 'ZDB-1' }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, extensions: [{ kind: 'block', id: 1, payload: hex('00') }] }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, owner: 'DK-1234567890' }, { tagBytes: 32 }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, extensions: [{ kind: 'title', title: 'x'.repeat(252) }] }), 'BAD_FIELD');
    expectError(encodePart3({ ...VECTOR_DATA, extensions: [{ kind: 'title', title: '\uD800' }] }), 'BAD_TEXT');
  });
});

const noNul = (s: string) => !s.includes('\0');
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

const arbExtension: fc.Arbitrary<Part3Extension> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }).filter((t) => noNul(t) && utf8Length(t) <= 251).map((title) => ({ kind: 'title' as const, title })),
  fc.record({ kind: fc.constant('block' as const), id: fc.constantFrom(2, 3, 5, 6, 300), payload: fc.uint8Array({ maxLength: 40 }) }),
  fc.record(
    {
      kind: fc.constant('library' as const),
      mediaFormat: fc.integer({ min: 0, max: 255 }),
      primaryItemId: fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
      owner: fc.stringMatching(/^[A-Z]{2}-[A-Za-z0-9]{1,11}$/),
    },
    { requiredKeys: ['kind', 'mediaFormat'] },
  ).filter((l) => l.owner === undefined || l.primaryItemId !== undefined),
);

function arbPart3(version: fc.Arbitrary<number>): fc.Arbitrary<Part3Data> {
  return fc
    .record({
      version,
      typeOfUsage: fc.integer({ min: 0, max: 15 }),
      partsInSet: fc.integer({ min: 1, max: 255 }),
      ordinal: fc.integer({ min: 1, max: 255 }),
      primaryItemId: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }).filter((s) => noNul(s) && utf8Length(s) <= 16),
      owner: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Z]{2}-[A-Za-z0-9:/][A-Za-z0-9:/-]{0,10}$/)),
      // At most one library block: a tag has one.
      extensions: fc.array(arbExtension, { maxLength: 3 }).filter((e) => e.filter((x) => x.kind === 'library').length <= 1),
    })
    .map(({ ordinal, ...d }) => ({ ...d, ordinalPart: Math.min(ordinal, d.partsInSet) }));
}

describe('ISO 28560-3 properties', () => {
  it('decode(encode(x)) equals x for the versions byte 0 can name (1 and 2), in auto mode', () => {
    fc.assert(
      fc.property(arbPart3(fc.constantFrom(1, 2)), (data) => {
        expect(unwrap(decodePart3(unwrap(encodePart3(data)))).data).toEqual(data);
      }),
      FC_RUNS,
    );
  });
  it('decode(encode(x)) equals x for any version when the layout is given', () => {
    fc.assert(
      fc.property(arbPart3(fc.integer({ min: 0, max: 15 })), (data) => {
        const bytes = unwrap(encodePart3(data, { blockSize: 4 }));
        expect(unwrap(decodePart3(bytes, { usageNibble: 'low', setBytes: 'standard' })).data).toEqual(data);
      }),
      FC_RUNS,
    );
  });
  it('block order detection finds the data written reversed', () => {
    fc.assert(
      fc.property(arbPart3(fc.constant(1)), (data) => {
        const bytes = unwrap(encodePart3(data, { blockSize: 4 }));
        const reversed = reverseBlocks(bytes, 4);
        // A reversed layout whose CRC holds by chance (1 in 65536) is genuinely ambiguous.
        fc.pre(!decodePart3(reversed).ok || toHex(reversed) === toHex(bytes));
        expect(unwrap(decodePart3Blocks(reversed)).data).toEqual(data);
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary bytes', () => {
    const codes = ['TRUNCATED', 'BLANK', 'CRC_MISMATCH', 'BAD_TEXT', 'BAD_EXTENSION'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, ignoreCrc) => {
        for (const r of [decodePart3(bytes, { ignoreCrc }), decodePart3Blocks(bytes)]) {
          if (!r.ok) expect(codes).toContain(r.error.code);
        }
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary bytes behind a valid basic block', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (tail) => {
        const r = unwrap(decodePart3(Uint8Array.from([...hex(VECTOR + '0000'), ...tail])));
        expect(r.data.primaryItemId).toBe('11223344');
      }),
      FC_RUNS,
    );
  });
});
