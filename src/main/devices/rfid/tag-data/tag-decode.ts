// From raw tag memory to what the desk works with: item or patron card, its
// id, owner, set position, title and security state. ISO 28560-3 and -2
// are both accepted, in either per-block byte order; damaged data becomes a
// typed per-tag error, never an exception.

import { afiSecurity } from './afi';
import type { AfiSecurity } from './afi';
import { decodePart2, PART2_DSFID } from './iso28560-2';
import type { Part2Decoded } from './iso28560-2';
import { decodePart3Blocks, PART3_DSFID, PART3_VERSIONS, reverseBlocks, TYPE_OF_USAGE } from './iso28560-3';
import type { BlockOrder } from './iso28560-3';
import { ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';
import { sniffTagData } from './sniff';
import type { SecurityAfi, TagMemory } from '#main/devices/rfid/driver';

export type TagFormat = 'iso28560-3' | 'iso28560-2';

export interface TagSet {
  /** Parts in the item (set), ≥ 1. */
  readonly partsInItem: number;
  /** This part's number, 1-based. */
  readonly partNumber: number;
}

export interface TagInfo {
  readonly uid: string;
  readonly format: TagFormat;
  /** Type of usage 0x8x (part 2) / 8 (part 3) is a patron card; everything else is an item. */
  readonly kind: 'item' | 'patron';
  /** Type of usage as the tag stores it: the part 3 nibble, or the part 2 byte value. */
  readonly typeOfUsage: number | null;
  readonly primaryItemId: string;
  /** ISIL, e.g. "TW-NTTU"; null when the tag has none. */
  readonly owner: string | null;
  readonly set: TagSet;
  readonly title: string | null;
  readonly afi: number | null;
  readonly security: AfiSecurity;
  readonly dsfid: number | null;
  readonly blockOrder: BlockOrder;
  /** Decoder remarks (vendor quirks, ignored extension errors). */
  readonly notes: readonly string[];
}

export type TagDataErrorCode = 'BLANK' | 'CRC_MISMATCH' | 'CORRUPT_DATA' | 'UNKNOWN_FORMAT';
export type TagDataError = CodecError<TagDataErrorCode>;

/** Security as the configured AFI pair says, falling back to the two standard pairs. */
export function securityOf(afi: number | null, pair?: SecurityAfi): AfiSecurity {
  if (afi === null) return 'unknown';
  if (pair) {
    if (afi === pair.secured) return 'secured';
    if (afi === pair.unsecured) return 'unsecured';
  }
  return afiSecurity(afi);
}

function fail(code: TagDataErrorCode, message: string): { ok: false; error: TagDataError } {
  return { ok: false, error: { code, message } };
}

function fromPart3(memory: TagMemory, pair?: SecurityAfi): Result<TagInfo, TagDataError> {
  const decoded = decodePart3Blocks(memory.bytes, { blockSize: memory.blockSize });
  if (!decoded.ok) {
    const code = decoded.error.code === 'CRC_MISMATCH' ? 'CRC_MISMATCH' : decoded.error.code === 'BLANK' ? 'BLANK' : 'CORRUPT_DATA';
    return fail(code, `ISO 28560-3 data does not decode: ${decoded.error.message}`);
  }
  const { data } = decoded.value;
  const title = data.extensions.find((e) => e.kind === 'title');
  const notes = [...decoded.value.notes];
  if (decoded.value.extensionError) notes.push(`extension blocks: ${decoded.value.extensionError.message}`);
  const owner = data.owner.trim();
  return ok({
    uid: memory.uid,
    format: 'iso28560-3',
    kind: data.typeOfUsage === TYPE_OF_USAGE.PATRON_CARD ? 'patron' : 'item',
    typeOfUsage: data.typeOfUsage,
    primaryItemId: data.primaryItemId,
    owner: owner === '' ? null : owner,
    set: { partsInItem: Math.max(1, data.partsInSet), partNumber: Math.max(1, data.ordinalPart) },
    title: title?.kind === 'title' ? title.title : null,
    afi: memory.afi,
    security: securityOf(memory.afi, pair),
    dsfid: memory.dsfid,
    blockOrder: decoded.value.blockOrder,
    notes,
  });
}

/** ISO 28560-2 set information: parts then part number, each half of the digits ("1203" = part 3 of 12). */
export function parseSetInformation(text: string | undefined): TagSet | null {
  if (text === undefined || !/^\d+$/.test(text) || text.length % 2 !== 0) return null;
  const half = text.length / 2;
  const partsInItem = Number(text.slice(0, half));
  const partNumber = Number(text.slice(half));
  if (partsInItem < 1 || partNumber < 1) return null;
  return { partsInItem, partNumber };
}

/** ISO 28560-2 type of usage as a byte: two hex digits, high nibble the main use ("80" patron card). */
export function parseTypeOfUsage(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9A-Fa-f]{1,2}$/.test(text)) return null;
  const value = parseInt(text, 16);
  return text.length === 1 ? value << 4 : value;
}

function part2Info(memory: TagMemory, decoded: Part2Decoded, blockOrder: BlockOrder, pair?: SecurityAfi): TagInfo {
  const f = decoded.fields;
  const usage = f.typeOfUsage ?? null;
  const set = parseSetInformation(f.setInformation);
  const notes = [...decoded.notes];
  if (f.setInformation !== undefined && set === null) notes.push(`set information '${f.setInformation}' is not understood; read as a single part`);
  return {
    uid: memory.uid,
    format: 'iso28560-2',
    kind: usage !== null && usage >> 4 === TYPE_OF_USAGE.PATRON_CARD ? 'patron' : 'item',
    typeOfUsage: usage,
    primaryItemId: f.primaryItemId,
    owner: f.ownerInstitution ?? null,
    set: set ?? { partsInItem: 1, partNumber: 1 },
    title: f.title ?? null,
    afi: memory.afi,
    security: securityOf(memory.afi, pair),
    dsfid: memory.dsfid,
    blockOrder,
    notes,
  };
}

function fromPart2(memory: TagMemory, pair?: SecurityAfi): Result<TagInfo, TagDataError> {
  const asRead = decodePart2(memory.bytes);
  if (asRead.ok) return ok(part2Info(memory, asRead.value, 'as-read', pair));
  const reversed = decodePart2(reverseBlocks(memory.bytes, memory.blockSize));
  if (reversed.ok) return ok(part2Info(memory, reversed.value, 'reversed-per-block', pair));
  return fail('CORRUPT_DATA', `ISO 28560-2 data does not decode: ${asRead.error.message}`);
}

/** `pair` is the reader's configured security AFI pair, when it differs from the standard ones. */
export function decodeTagMemory(memory: TagMemory, pair?: SecurityAfi): Result<TagInfo, TagDataError> {
  const dsfid = memory.dsfid ?? 0;
  if (dsfid === PART3_DSFID) return fromPart3(memory, pair);
  if (dsfid === PART2_DSFID) return fromPart2(memory, pair);
  const sniff = sniffTagData(memory.bytes, dsfid, memory.blockSize);
  switch (sniff.kind) {
    case 'iso28560-3':
      return fromPart3(memory, pair);
    case 'iso28560-2':
      return fromPart2(memory, pair);
    case 'blank':
      return fail('BLANK', 'the tag holds no library data (every byte is 00)');
    case 'unknown': {
      // Part 2 written with reversed blocks is not tried by the sniffer.
      const reversed = decodePart2(reverseBlocks(memory.bytes, memory.blockSize));
      if (reversed.ok) return ok(part2Info(memory, reversed.value, 'reversed-per-block', pair));
      // Byte 0 high nibble a version (1, 2) in either order: a part 3 tag whose CRC fails.
      const first = memory.bytes[0] ?? 0;
      const firstReversed = memory.bytes[Math.min(memory.blockSize, memory.bytes.length) - 1] ?? 0;
      if (PART3_VERSIONS.includes(first >> 4) || PART3_VERSIONS.includes(firstReversed >> 4)) return fail('CRC_MISMATCH', `the tag looks like ISO 28560-3 but its CRC does not hold: ${sniff.reason}`);
      return fail('UNKNOWN_FORMAT', `the tag data is neither ISO 28560-3 nor -2: ${sniff.reason}`);
    }
  }
}
