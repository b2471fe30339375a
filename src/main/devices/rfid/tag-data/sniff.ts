// Which ISO 28560 part a tag's user memory holds. DSFID 0x06 means part 2
// and 0x3E part 3, but many tags carry DSFID 0x00 (or a vendor value), so
// then the content decides: a part 3 CRC that holds (in either block byte
// order) is strong evidence; a well-formed part 2 data set starting with
// OID 1 is the next best.

import { decodePart2, PART2_DSFID } from './iso28560-2';
import { decodePart3Blocks, PART3_DSFID } from './iso28560-3';

export type TagDataKind = 'iso28560-2' | 'iso28560-3' | 'blank' | 'unknown';

export interface TagDataSniff {
  readonly kind: TagDataKind;
  readonly reason: string;
}

export function sniffTagData(bytes: Uint8Array, dsfid: number, blockSize = 4): TagDataSniff {
  if (dsfid === PART2_DSFID) return { kind: 'iso28560-2', reason: 'DSFID 0x06 declares ISO 28560-2' };
  if (dsfid === PART3_DSFID) return { kind: 'iso28560-3', reason: 'DSFID 0x3E declares ISO 28560-3' };
  if (bytes.length === 0 || bytes.every((b) => b === 0)) return { kind: 'blank', reason: 'every byte is 00' };
  const part3 = decodePart3Blocks(bytes, { blockSize });
  if (part3.ok) {
    const order = part3.value.blockOrder === 'as-read' ? '' : ' (bytes reversed per block)';
    return { kind: 'iso28560-3', reason: `ISO 28560-3 CRC holds${order}` };
  }
  const part2 = decodePart2(bytes);
  if (part2.ok) return { kind: 'iso28560-2', reason: 'a well-formed ISO 28560-2 data set starts with the primary item id' };
  return { kind: 'unknown', reason: `not ISO 28560-3 (${part3.error.message}) nor ISO 28560-2 (${part2.error.message})` };
}
