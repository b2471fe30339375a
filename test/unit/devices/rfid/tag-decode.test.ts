import { describe, expect, it } from 'vitest';
import { decodeTagMemory } from '#main/devices/rfid/tag-data/tag-decode';
import { encodePart2, PART2_DSFID } from '#main/devices/rfid/tag-data/iso28560-2';
import { encodePart3, PART3_DSFID } from '#main/devices/rfid/tag-data/iso28560-3';
import { unwrap } from '#test/unit/codecs/helpers';

const memory = (bytes: Uint8Array, dsfid: number | null) => ({ uid: 'E004010000000001', dsfid, afi: 0x07, blockSize: 4, bytes });

describe('tag memory to what the desk sees', () => {
  it('an ISO 28560-2 patron card (type of usage 05 01 80) is a patron, whatever the DSFID', () => {
    const bytes = unwrap(encodePart2({ primaryItemId: '2101000012345', typeOfUsage: 0x80, ownerInstitution: 'TW-NTTU' }));
    for (const dsfid of [PART2_DSFID, 0]) {
      const info = unwrap(decodeTagMemory(memory(bytes, dsfid)));
      expect(info.kind).toBe('patron');
      expect(info.typeOfUsage).toBe(0x80);
      expect(info.owner).toBe('TW-NTTU');
    }
  });
  it('an ISO 28560-3 version 2 circulating item (0x21) is an item with its owner ISIL', () => {
    const bytes = unwrap(encodePart3({ version: 2, typeOfUsage: 1, partsInSet: 1, ordinalPart: 1, primaryItemId: '31234000012347', owner: 'TW-NTTU', extensions: [] }));
    for (const dsfid of [PART3_DSFID, 0]) {
      const info = unwrap(decodeTagMemory(memory(bytes, dsfid)));
      expect([info.kind, info.typeOfUsage, info.owner, info.notes]).toEqual(['item', 1, 'TW-NTTU', []]);
    }
  });
});
