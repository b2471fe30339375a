import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encodeOwnerElement,
  encodeTypeOfUsageElement,
  decodeContentParameter,
  decodePart2,
  encodeContentParameter,
  encodePart2,
  encodePart2Element,
  PART2_OID,
} from '#main/devices/rfid/tag-data/iso28560-2';
import type { Part2Fields } from '#main/devices/rfid/tag-data/iso28560-2';
import { expectError, FC_RUNS, hex, toHex, unwrap } from '#test/unit/codecs/helpers';

// ISO 28560-2 Annex D, as given in the notes (the standard's example goes on
// with an owner ISIL in its own compaction, which the notes leave out).
const ITEM_ID = '91 00 05 1C BE 99 1A 14';
const CONTENT_PARAMETER = '02 01 D0';
const SET_INFORMATION = '14 02 04 B3';
const SHELF_LOCATION = '46 07 44 1C B6 E2 E3 35 D6';
const ANNEX_D = `${ITEM_ID} ${CONTENT_PARAMETER} ${SET_INFORMATION} ${SHELF_LOCATION}`;

// Annex D goes on with the owner institution "US-InU-Mu" in the ISIL
// compaction, locked, so aligned to the block boundary with 2 pad bytes.
const OWNER = '83 02 07 AC C0 9E BA A0 6F 6B 00 00';

describe('ISO 28560-2 Annex D with the owner institution', () => {
  it('decodes the ISIL-compacted owner to US-InU-Mu', () => {
    const r = unwrap(decodePart2(hex(`${ANNEX_D} ${OWNER} 00`)));
    expect(r.fields).toEqual({ primaryItemId: '123456789012', setInformation: '1203', shelfLocation: 'QA268.L55', ownerInstitution: 'US-InU-Mu' });
    expect(r.elements[4]).toEqual({ oid: 3, compaction: 0, offset: 2, data: hex('AC C0 9E BA A0 6F 6B'), value: 'US-InU-Mu' });
    expect(r.notes).toEqual([]);
    expect(r.length).toBe(37);
  });
  it('encodes the owner element to the same bytes when placed after the shelf location and aligned', () => {
    expect(toHex(unwrap(encodeOwnerElement('US-InU-Mu', { start: 24, alignTo: 4 })))).toBe(OWNER);
  });
  it('encodes the whole Annex D data set, owner locked last, byte for byte', () => {
    const fields = { primaryItemId: '123456789012', setInformation: '1203', shelfLocation: 'QA268.L55', ownerInstitution: 'US-InU-Mu' };
    expect(toHex(unwrap(encodePart2(fields, { owner: 'locked-last' })))).toBe(toHex(hex(`${ANNEX_D} ${OWNER} 00`)));
    // In OID order the owner follows the content parameter, unpadded.
    expect(toHex(unwrap(encodePart2(fields)))).toBe(toHex(hex(`${ITEM_ID} ${CONTENT_PARAMETER} 03 07 AC C0 9E BA A0 6F 6B ${SET_INFORMATION} ${SHELF_LOCATION} 00`)));
  });
});

describe('ISO 28560-2 Annex D example', () => {
  it('decodes every element', () => {
    const r = unwrap(decodePart2(hex(ANNEX_D)));
    expect(r.fields).toEqual({ primaryItemId: '123456789012', setInformation: '1203', shelfLocation: 'QA268.L55' });
    expect(r.contentParameter).toEqual([3, 4, 6]);
    expect(r.elements).toEqual([
      { oid: 1, compaction: 1, offset: 0, data: hex('1C BE 99 1A 14'), value: '123456789012' },
      { oid: 2, compaction: 0, offset: null, data: hex('D0'), value: null },
      { oid: 4, compaction: 1, offset: null, data: hex('04 B3'), value: '1203' },
      { oid: 6, compaction: 4, offset: null, data: hex('44 1C B6 E2 E3 35 D6'), value: 'QA268.L55' },
    ]);
    expect(r.length).toBe(24);
    expect(r.notes).toEqual(['content parameter lists OID 3 but no such element is present']);
  });
  it('encodes each element to the same bytes', () => {
    expect(toHex(unwrap(encodePart2Element(PART2_OID.PRIMARY_ITEM_ID, '123456789012', { start: 0, alignTo: 4 })))).toBe(ITEM_ID);
    expect(toHex(unwrap(encodeContentParameter([3, 4, 6])))).toBe(CONTENT_PARAMETER);
    expect(toHex(unwrap(encodePart2Element(PART2_OID.SET_INFORMATION, '1203')))).toBe(SET_INFORMATION);
    expect(toHex(unwrap(encodePart2Element(PART2_OID.SHELF_LOCATION, 'QA268.L55')))).toBe(SHELF_LOCATION);
  });
  it('encodes the whole data set (content parameter from the elements present, then the 00 terminator)', () => {
    const bytes = unwrap(encodePart2({ primaryItemId: '123456789012', setInformation: '1203', shelfLocation: 'QA268.L55' }));
    expect(toHex(bytes)).toBe(`${ITEM_ID} 02 01 50 ${SET_INFORMATION} ${SHELF_LOCATION} 00`);
    expect(unwrap(decodePart2(bytes)).notes).toEqual([]);
  });
});

describe('ISO 28560-2 encoding details', () => {
  it('pads the primary item id with an offset so it ends on a block boundary', () => {
    expect(toHex(unwrap(encodePart2({ primaryItemId: '1234' }, { terminator: false })))).toBe('91 03 02 04 D2 00 00 00');
    const r = unwrap(decodePart2(hex('91 03 02 04 D2 00 00 00')));
    expect(r.elements[0]?.offset).toBe(3);
    expect(r.fields).toEqual({ primaryItemId: '1234' });
  });
  it('writes OIDs above 14 with an extension byte (title, UTF-8)', () => {
    expect(toHex(unwrap(encodePart2Element(PART2_OID.TITLE, '紅樓夢')))).toBe('7F 02 09 E7 B4 85 E6 A8 93 E5 A4 A2');
    const bytes = unwrap(encodePart2({ primaryItemId: '31234000012347', title: '紅樓夢' }));
    expect(unwrap(decodePart2(bytes)).fields.title).toBe('紅樓夢');
  });
  it('content parameter bitmap: MSB of the first byte is OID 3', () => {
    expect(decodeContentParameter(hex('D0'))).toEqual([3, 4, 6]);
    expect(toHex(unwrap(encodeContentParameter([3, 11, 17])))).toBe('02 02 80 82');
    expect(decodeContentParameter(hex('80 82'))).toEqual([3, 11, 17]);
    expectError(encodeContentParameter([1, 2]), 'BAD_FIELD');
  });
  it('keeps other application-defined elements as bytes', () => {
    const r = unwrap(decodePart2(hex(`${ITEM_ID} 0C 02 AB CD 00`)));
    expect(r.fields).toEqual({ primaryItemId: '123456789012' });
    expect(r.elements[1]).toEqual({ oid: 12, compaction: 0, offset: null, data: hex('AB CD'), value: null });
    expect(r.notes).toEqual(['OID 12 uses application-defined compaction; left as bytes']);
  });
  it('type of usage is one byte (05 01 80: a patron card), not a compacted number string', () => {
    expect(toHex(unwrap(encodeTypeOfUsageElement(0x80)))).toBe('05 01 80');
    const bytes = unwrap(encodePart2({ primaryItemId: '2101000012345', typeOfUsage: 0x80 }));
    expect(toHex(bytes)).toContain('05 01 80');
    expect(unwrap(decodePart2(bytes)).fields.typeOfUsage).toBe(0x80);
    // What older writers (ours included) stored: the text "80" as an integer, 15 01 50.
    const legacy = unwrap(decodePart2(hex(`${ITEM_ID} 15 01 50 00`)));
    expect(legacy.fields.typeOfUsage).toBe(0x80);
    expect(legacy.notes).toEqual(["type of usage written as the text '80', not as one byte"]);
    expectError(encodeTypeOfUsageElement(256), 'BAD_FIELD');
  });
  it('an owner ISIL that does not decode leaves the owner out with a note, the rest decodes', () => {
    const r = unwrap(decodePart2(hex(`${ITEM_ID} 03 01 D8 00`)));
    expect(r.fields).toEqual({ primaryItemId: '123456789012' });
    expect(r.notes[0]).toContain('ISIL code 11011');
  });
  it("a shelf location with '#' is not 6-bit (100011 is <FS> there): 7-bit instead", () => {
    const element = unwrap(encodePart2Element(PART2_OID.SHELF_LOCATION, 'NO.12#A'));
    expect(element[0]! >> 4).toBe(5);
    expect(unwrap(decodePart2(unwrap(encodePart2({ primaryItemId: '1', shelfLocation: 'NO.12#A' })))).fields.shelfLocation).toBe('NO.12#A');
  });
  it('names what is wrong', () => {
    expectError(decodePart2(hex('00 00 00 00')), 'EMPTY');
    expectError(decodePart2(new Uint8Array(0)), 'EMPTY');
    expect(expectError(decodePart2(hex(SHELF_LOCATION)), 'MISSING_PRIMARY_ITEM_ID').message).toBe(
      'the first element is OID 6; ISO 28560-2 requires the primary item id (OID 1) first',
    );
    expectError(decodePart2(hex('91 00 09 1C BE')), 'TRUNCATED');
    expectError(decodePart2(hex('91 03 02 04 D2 00')), 'TRUNCATED');
    expectError(decodePart2(hex('10 01 01')), 'BAD_PRECURSOR');
    expect(expectError(decodePart2(hex('21 01 AB')), 'BAD_COMPACTED_DATA').message).toContain('OID 1 (numeric) at byte 0');
    expectError(encodePart2({ primaryItemId: '' }), 'BAD_FIELD');
    expectError(encodePart2({ primaryItemId: '1', title: '' }), 'BAD_FIELD');
  });
});

const text = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.stringMatching(/^[A-Z0-9 .\-/]{1,20}$/),
);

const arbFields: fc.Arbitrary<Part2Fields> = fc.record(
  {
    primaryItemId: text,
    ownerInstitution: fc.stringMatching(/^[A-Za-z]{1,4}-[A-Za-z0-9:/-]{1,11}$/),
    setInformation: fc.stringMatching(/^[0-9]{4}$/),
    typeOfUsage: fc.integer({ min: 0, max: 255 }),
    shelfLocation: text,
    illBorrowingInstitution: fc.stringMatching(/^[A-Z]{2}-[A-Za-z0-9]{1,11}$/),
    illTransactionNumber: text,
    title: text,
  },
  { requiredKeys: ['primaryItemId'] },
);

describe('ISO 28560-2 properties', () => {
  it('decode(encode(x)) equals x, the owner in OID order or locked last', () => {
    fc.assert(
      fc.property(arbFields, fc.constantFrom(4, 8), fc.constantFrom('in-order' as const, 'locked-last' as const), (fields, blockSize, owner) => {
        const bytes = unwrap(encodePart2(fields, { blockSize, owner }));
        const r = unwrap(decodePart2(bytes));
        expect(r.fields).toEqual(fields);
        expect(r.notes).toEqual([]);
        expect(r.length).toBe(bytes.length);
        expect(r.elements[0]?.offset).not.toBeNull();
      }),
      FC_RUNS,
    );
  });
  it('the item id element always ends on a block boundary', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(4, 8), (primaryItemId, blockSize) => {
        const element = unwrap(encodePart2Element(1, primaryItemId, { start: 0, alignTo: blockSize }));
        expect(element.length % blockSize).toBe(0);
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary bytes', () => {
    const codes = ['EMPTY', 'TRUNCATED', 'BAD_PRECURSOR', 'BAD_COMPACTED_DATA', 'MISSING_PRIMARY_ITEM_ID'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = decodePart2(bytes);
        if (!r.ok) expect(codes).toContain(r.error.code);
      }),
      FC_RUNS,
    );
  });
});
