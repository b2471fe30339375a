// Virtual ISO 15693 tags for the pad simulators, tests and the bench: test
// books and patron cards with their user memory built by the real ISO
// 28560-3 / -2 encoders (Chinese titles in UTF-8), in either block byte
// order, plus ways to damage them.

import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { luhnCheckDigit } from '#shared/codecs/barcode';
import { encodePart2, PART2_DSFID } from '#main/devices/rfid/tag-data/iso28560-2';
import { encodePart3, PART3_DSFID, reverseBlocks, TYPE_OF_USAGE } from '#main/devices/rfid/tag-data/iso28560-3';
import type { Part3Extension } from '#main/devices/rfid/tag-data/iso28560-3';

export interface VirtualTag {
  readonly uid: string;
  dsfid: number;
  afi: number;
  readonly blockSize: number;
  /** blockCount × blockSize bytes, as the tag stores them. */
  readonly memory: Uint8Array;
  readonly lockedBlocks: Set<number>;
  afiLocked: boolean;
  /** IC reference byte for Get System Information. */
  readonly icReference: number;
}

export interface BookSpec {
  readonly itemId: string;
  /** ISIL; "TW-NTTU" by default. */
  readonly owner?: string;
  readonly title?: string;
  readonly partsInItem?: number;
  readonly partNumber?: number;
  readonly usage?: 'item' | 'reference' | 'patron';
  readonly format?: 'iso28560-3' | 'iso28560-2';
  readonly blockOrder?: 'as-read' | 'reversed-per-block';
  readonly afi?: number;
  /** Overrides the format's DSFID (many real tags carry 0x00). */
  readonly dsfid?: number;
  readonly uid?: string;
  /** Memory size in blocks; grown when the data needs more (default 28, ICODE SLIX). */
  readonly blockCount?: number;
}

let nextSerial = 1;

/** A fresh ISO 15693 UID: E0 04 01 (NXP ICODE) then a serial. */
export function uidFor(serial: number): string {
  return `E00401${serial.toString(16).toUpperCase().padStart(10, '0')}`;
}

export const CHINESE_TITLES: readonly string[] = [
  '臺灣通史',
  '紅樓夢（上冊）',
  '西遊記',
  '台東縣志：卑南族篇',
  '資料結構與演算法',
  '百年孤寂',
  '小王子',
  '三國演義',
  '射鵰英雄傳',
  '被討厭的勇氣',
  '人類大歷史',
  '原子習慣',
];

function usageNibble(usage: BookSpec['usage']): number {
  if (usage === 'patron') return TYPE_OF_USAGE.PATRON_CARD;
  if (usage === 'reference') return TYPE_OF_USAGE.REFERENCE;
  return TYPE_OF_USAGE.CIRCULATING;
}

function encodeData(spec: BookSpec, blockSize: number): Uint8Array {
  const format = spec.format ?? 'iso28560-3';
  const parts = spec.partsInItem ?? 1;
  const part = spec.partNumber ?? 1;
  if (format === 'iso28560-3') {
    const extensions: Part3Extension[] = spec.title ? [{ kind: 'title', title: spec.title }] : [];
    const encoded = encodePart3(
      { version: 1, typeOfUsage: usageNibble(spec.usage), partsInSet: parts, ordinalPart: part, primaryItemId: spec.itemId, owner: spec.owner ?? 'TW-NTTU', extensions },
      { blockSize },
    );
    if (!encoded.ok) throw new Error(`test tag ${spec.itemId}: ${encoded.error.message}`);
    return encoded.value;
  }
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const encoded = encodePart2(
    {
      primaryItemId: spec.itemId,
      ownerInstitution: spec.owner ?? 'TW-NTTU',
      setInformation: parts > 1 ? `${pad2(parts)}${pad2(part)}` : undefined,
      typeOfUsage: usageNibble(spec.usage) << 4,
      title: spec.title,
    },
    { blockSize },
  );
  if (!encoded.ok) throw new Error(`test tag ${spec.itemId}: ${encoded.error.message}`);
  return encoded.value;
}

/** A tag as a library would have programmed it. Throws on a spec the encoders refuse (a broken fixture). */
export function bookTag(spec: BookSpec): VirtualTag {
  const blockSize = 4;
  let data = encodeData(spec, blockSize);
  const needed = Math.ceil(data.length / blockSize);
  const blockCount = Math.max(spec.blockCount ?? 28, needed);
  const memory = new Uint8Array(blockCount * blockSize);
  memory.set(data, 0);
  data = spec.blockOrder === 'reversed-per-block' ? reverseBlocks(memory, blockSize) : memory;
  memory.set(data, 0);
  const format = spec.format ?? 'iso28560-3';
  return {
    uid: spec.uid ?? uidFor(nextSerial++),
    dsfid: spec.dsfid ?? (format === 'iso28560-3' ? PART3_DSFID : PART2_DSFID),
    afi: spec.afi ?? LIBRARY_AFI.SECURED,
    blockSize,
    memory,
    lockedBlocks: new Set(),
    afiLocked: false,
    icReference: 0x01,
  };
}

export function patronCardTag(cardNumber: string, options: Omit<BookSpec, 'itemId' | 'usage'> = {}): VirtualTag {
  return bookTag({ ...options, itemId: cardNumber, usage: 'patron' });
}

/** A valid 14-digit Codabar item barcode (3 = item, institution 0123, Luhn check digit). */
export function itemBarcode(serial: number, institution = '0123'): string {
  const body = `3${institution}${String(serial).padStart(8, '0')}`;
  return body + String(luhnCheckDigit(body));
}

/** `count` books with Chinese titles and 14-digit item barcodes, alternating formats and block orders when `mixed`. */
export function bookStack(count: number, options: { readonly mixed?: boolean; readonly firstSerial?: number; readonly afi?: number } = {}): VirtualTag[] {
  const tags: VirtualTag[] = [];
  const first = options.firstSerial ?? 1;
  for (let i = 0; i < count; i++) {
    const serial = first + i;
    tags.push(
      bookTag({
        itemId: itemBarcode(serial),
        title: CHINESE_TITLES[i % CHINESE_TITLES.length],
        uid: uidFor(0x1000 + serial),
        format: options.mixed && i % 2 === 1 ? 'iso28560-2' : 'iso28560-3',
        blockOrder: options.mixed && i % 3 === 2 ? 'reversed-per-block' : 'as-read',
        afi: options.afi,
      }),
    );
  }
  return tags;
}

/** The parts of one multi-part item (e.g. a book with its CD). */
export function setTags(itemId: string, partsInItem: number, partNumbers: readonly number[] = Array.from({ length: partsInItem }, (_, i) => i + 1), title?: string): VirtualTag[] {
  return partNumbers.map((partNumber) => bookTag({ itemId, partsInItem, partNumber, title }));
}

/** Flips one bit of the primary item id: the ISO 28560-3 CRC no longer holds. */
export function corruptTag(tag: VirtualTag, byteIndex = 5): VirtualTag {
  const memory = tag.memory.slice();
  memory[byteIndex] = memory[byteIndex]! ^ 0x01;
  return { ...tag, memory, lockedBlocks: new Set(tag.lockedBlocks) };
}

export function blankTag(uid = uidFor(nextSerial++)): VirtualTag {
  return { uid, dsfid: 0, afi: 0, blockSize: 4, memory: new Uint8Array(28 * 4), lockedBlocks: new Set(), afiLocked: false, icReference: 0x01 };
}
