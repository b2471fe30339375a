import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sniffTagData } from '#main/devices/rfid/tag-data/sniff';
import { reverseBlocks } from '#main/devices/rfid/tag-data/iso28560-3';
import { FC_RUNS, hex } from '#test/unit/codecs/helpers';

const PART3 = hex('11010131313232333334340000000000000000513e4445373035000000000000');
const PART2 = hex('91 00 05 1C BE 99 1A 14 02 01 D0 14 02 04 B3 46 07 44 1C B6 E2 E3 35 D6 00 00 00 00');

describe('sniffTagData', () => {
  it('trusts DSFID 0x06 and 0x3E', () => {
    expect(sniffTagData(PART3, 0x06).kind).toBe('iso28560-2');
    expect(sniffTagData(PART2, 0x3e).kind).toBe('iso28560-3');
  });
  it('recognises part 3 by its CRC when the DSFID is 0x00, in either block order', () => {
    expect(sniffTagData(PART3, 0x00)).toEqual({ kind: 'iso28560-3', reason: 'ISO 28560-3 CRC holds' });
    expect(sniffTagData(reverseBlocks(PART3, 4), 0x00)).toEqual({ kind: 'iso28560-3', reason: 'ISO 28560-3 CRC holds (bytes reversed per block)' });
  });
  it('recognises part 2 by its structure when the DSFID is 0x00', () => {
    expect(sniffTagData(PART2, 0x00).kind).toBe('iso28560-2');
  });
  it('reports blank and unknown content', () => {
    expect(sniffTagData(new Uint8Array(32), 0x00).kind).toBe('blank');
    const r = sniffTagData(hex('55'.repeat(32)), 0x00);
    expect(r.kind).toBe('unknown');
    expect(r.reason).toContain('not ISO 28560-3');
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(255), (bytes, dsfid) => {
        expect(['iso28560-2', 'iso28560-3', 'blank', 'unknown']).toContain(sniffTagData(bytes, dsfid).kind);
      }),
      FC_RUNS,
    );
  });
});
