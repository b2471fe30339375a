// ISO 28560-3 fixed-layout library tag data (the "Danish data model").
//
//   0      version (high nibble) / type of usage (low nibble)
//   1      parts in the set          2  ordinal part number
//   3–18   primary item id, 00-padded
//   19–20  CRC-16/CCITT-FALSE, LSB first, over bytes 0–18 and 21–33
//   21–22  owner ISIL country prefix ("TW"), 23–33 the library part ("NTTU"):
//          the ISIL's hyphen is not stored (ISO 28560-3 Annex B: "DK-718500"
//          is 44 4B 37 31 38 35 30 30), so "TW-NTTU" is TW + NTTU
//   34…    extension blocks: LEN ID-lo ID-hi XOR payload; XOR of a block is 00; LEN 00 ends
//
// Byte 0 is the data model version (1, 2) in the high nibble and the type of
// usage in the low one: 0x11 version 1 circulating, 0x21 version 2
// circulating. A 32-byte tag holds a truncated block: bytes 32–33 count as 00
// for the CRC. Real decoders have met tags with the nibbles of byte 0 swapped
// (0x81: a patron card, version 1) and with bytes 1 and 2 swapped; both are
// detected and reported in `notes`. Swapped nibbles are only assumed when the
// high nibble cannot be a version and the low one can, so 0x21 stays
// version 2 (not "usage 2, version 1").
//
// A primary item id longer than 16 bytes lives in the library extension
// block (ID 1: media format, item id, 00, owner ISIL); byte 3 is then 01.

import { crc16CcittFalse } from '#main/devices/bytes/crc';
import { hexWord } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';
import { untilNul, utf8Decode, utf8DecodeLenient, utf8Encode } from '#main/devices/bytes/text';

export const PART3_BASIC_BLOCK_LENGTH = 34;
export const PART3_TRUNCATED_LENGTH = 32;
export const PART3_DSFID = 0x3e;

export const TYPE_OF_USAGE = {
  CIRCULATING: 1,
  REFERENCE: 2,
  DISCARDED: 7,
  PATRON_CARD: 8,
} as const;

export const PART3_EXTENSION_ID = {
  LIBRARY: 1,
  ACQUISITION: 2,
  LIBRARY_SUPPLEMENT: 3,
  TITLE: 4,
  ILL: 5,
} as const;

/** Data model versions a tag's byte 0 may name. */
export const PART3_VERSIONS: readonly number[] = [1, 2];

export type Part3Extension =
  | { readonly kind: 'title'; readonly title: string }
  /** ID 1: media format (one byte), then optionally the primary item id and the owner ISIL, each 00-terminated. */
  | { readonly kind: 'library'; readonly mediaFormat: number; readonly primaryItemId?: string; readonly owner?: string }
  /** Acquisition, supplement and ILL blocks are kept as bytes. */
  | { readonly kind: 'block'; readonly id: number; readonly payload: Uint8Array };

export interface Part3Data {
  readonly version: number;
  readonly typeOfUsage: number;
  readonly partsInSet: number;
  readonly ordinalPart: number;
  readonly primaryItemId: string;
  /** The owner ISIL, e.g. "TW-NTTU" (stored as TW + NTTU), or '' when the tag has none. */
  readonly owner: string;
  readonly extensions: readonly Part3Extension[];
}

export type Part3ErrorCode = 'TRUNCATED' | 'BLANK' | 'CRC_MISMATCH' | 'BAD_FIELD' | 'BAD_EXTENSION' | 'XOR_MISMATCH' | 'BAD_TEXT';
export type Part3Error = CodecError<Part3ErrorCode>;

export interface Part3Decoded {
  readonly data: Part3Data;
  readonly crc: number;
  readonly quirks: { readonly usageInHighNibble: boolean; readonly setBytesSwapped: boolean };
  readonly notes: readonly string[];
  /** The basic block decoded, but an extension block did not; `data.extensions` holds the ones before it. */
  readonly extensionError: Part3Error | null;
}

export interface Part3DecodeOptions {
  readonly usageNibble?: 'auto' | 'low' | 'high';
  readonly setBytes?: 'auto' | 'standard' | 'swapped';
  /** Decode even when the CRC does not hold (for diagnostics). */
  readonly ignoreCrc?: boolean;
}

export interface Part3EncodeOptions {
  /** Emit the 32-byte truncated block (no extensions, owner ≤ 11 bytes). */
  readonly tagBytes?: 32 | 34;
  /** Pad the result with 00 to whole blocks. */
  readonly blockSize?: number;
}

const ITEM_ID_AT = 3;
const ITEM_ID_LENGTH = 16;
const CRC_AT = 19;
const OWNER_AT = 21;
const OWNER_LENGTH = 13;

/** CRC of the basic block: bytes 0–18 then 21–33 (a 32-byte tag counts as padded with 00 00). */
export function part3Crc(bytes: Uint8Array): number {
  const covered = new Uint8Array(32);
  covered.set(bytes.subarray(0, CRC_AT), 0);
  covered.set(bytes.subarray(OWNER_AT, PART3_BASIC_BLOCK_LENGTH), CRC_AT);
  return crc16CcittFalse(covered);
}

export function isPatronCard(data: Pick<Part3Data, 'typeOfUsage'>): boolean {
  return data.typeOfUsage === TYPE_OF_USAGE.PATRON_CARD;
}

/** Turns the owner field into an ISIL: "DK715700" → "DK-715700"; a field already holding a hyphen is kept. */
export function ownerIsil(owner: string): string {
  if (owner.includes('-') || owner.length <= 2) return owner;
  return `${owner.slice(0, 2)}-${owner.slice(2)}`;
}

function fieldError(message: string): Result<never, Part3Error> {
  return err('BAD_FIELD', message);
}

function encodeExtension(ext: Part3Extension): Result<Uint8Array, Part3Error> {
  let id: number;
  let payload: Uint8Array;
  if (ext.kind === 'title') {
    if (ext.title.includes('\0')) return fieldError('title must not contain NUL characters');
    const text = utf8Encode(ext.title);
    if (!text.ok) return text;
    id = PART3_EXTENSION_ID.TITLE;
    payload = text.value;
  } else if (ext.kind === 'library') {
    if (!Number.isInteger(ext.mediaFormat) || ext.mediaFormat < 0 || ext.mediaFormat > 0xff) return fieldError(`media format must be a byte, got ${ext.mediaFormat}`);
    if (`${ext.primaryItemId ?? ''}${ext.owner ?? ''}`.includes('\0')) return fieldError('library block texts must not contain NUL characters');
    const itemId = utf8Encode(ext.primaryItemId ?? '');
    if (!itemId.ok) return itemId;
    const owner = utf8Encode(ext.owner ?? '');
    if (!owner.ok) return owner;
    id = PART3_EXTENSION_ID.LIBRARY;
    const parts = [ext.mediaFormat];
    if (ext.primaryItemId !== undefined || ext.owner !== undefined) parts.push(...itemId.value, 0);
    if (ext.owner !== undefined) parts.push(...owner.value, 0);
    payload = Uint8Array.from(parts);
  } else {
    if (!Number.isInteger(ext.id) || ext.id < 1 || ext.id > 0xffff) return fieldError(`extension block id must be 1–65535, got ${ext.id}`);
    if (ext.id === PART3_EXTENSION_ID.TITLE) return fieldError('a title block (id 4) must be given as { kind: "title" }');
    if (ext.id === PART3_EXTENSION_ID.LIBRARY) return fieldError('a library block (id 1) must be given as { kind: "library" }');
    id = ext.id;
    payload = ext.payload;
  }
  const length = 4 + payload.length;
  if (length > 0xff) return fieldError(`extension block ${id} needs ${length} bytes; a block holds at most 255`);
  const block = new Uint8Array(length);
  block[0] = length;
  block[1] = id & 0xff;
  block[2] = id >> 8;
  block.set(payload, 4);
  let x = 0;
  for (const b of block) x ^= b;
  block[3] = x;
  return ok(block);
}

export function encodePart3(data: Part3Data, options: Part3EncodeOptions = {}): Result<Uint8Array, Part3Error> {
  const nibble = (name: string, v: number) => (Number.isInteger(v) && v >= 0 && v <= 15 ? null : `${name} must be 0–15, got ${v}`);
  const problem =
    nibble('version', data.version) ??
    nibble('type of usage', data.typeOfUsage) ??
    (Number.isInteger(data.partsInSet) && data.partsInSet >= 1 && data.partsInSet <= 255 ? null : `parts in set must be 1–255, got ${data.partsInSet}`) ??
    (Number.isInteger(data.ordinalPart) && data.ordinalPart >= 1 && data.ordinalPart <= data.partsInSet
      ? null
      : `ordinal part must be 1–${data.partsInSet}, got ${data.ordinalPart}`);
  if (problem) return fieldError(problem);
  if (data.primaryItemId === '' || data.primaryItemId.includes('\0')) return fieldError('primary item id must be non-empty and free of NUL characters');
  let itemId = utf8Encode(data.primaryItemId);
  if (!itemId.ok) return itemId;
  const tagBytes = options.tagBytes ?? PART3_BASIC_BLOCK_LENGTH;
  if (tagBytes !== PART3_BASIC_BLOCK_LENGTH && tagBytes !== PART3_TRUNCATED_LENGTH) return fieldError(`tag bytes must be 32 or 34, got ${String(tagBytes)}`);
  let extensions = data.extensions;
  if (itemId.value.length > ITEM_ID_LENGTH) {
    if (tagBytes === PART3_TRUNCATED_LENGTH) return fieldError(`primary item id '${data.primaryItemId}' is ${itemId.value.length} bytes; a 32-byte tag holds 16`);
    // ISO 28560-3: byte 3 = 01 and the id goes to the library extension block.
    const library = extensions.find((e) => e.kind === 'library');
    if (library === undefined) extensions = [{ kind: 'library', mediaFormat: 0, primaryItemId: data.primaryItemId }, ...extensions];
    else if (library.primaryItemId !== data.primaryItemId) return fieldError('the library block must carry the long primary item id the basic block points to');
    itemId = { ok: true, value: Uint8Array.of(0x01) };
  }
  if (data.owner.includes('\0')) return fieldError('owner library must not contain NUL characters');
  const owner = splitIsil(data.owner);
  if (!owner.ok) return owner;
  const libraryRoom = OWNER_LENGTH - 2 - (PART3_BASIC_BLOCK_LENGTH - tagBytes);
  if (owner.value.library.length > libraryRoom) return fieldError(`owner library '${data.owner}' has a ${owner.value.library.length}-byte library part; ${libraryRoom} fit`);
  const blocks: Uint8Array[] = [];
  for (const ext of extensions) {
    const block = encodeExtension(ext);
    if (!block.ok) return block;
    blocks.push(block.value);
  }
  if (tagBytes === PART3_TRUNCATED_LENGTH && blocks.length > 0) return fieldError('a 32-byte tag has no room for extension blocks');

  const extLength = blocks.reduce((n, b) => n + b.length, 0) + (blocks.length > 0 ? 1 : 0);
  let total = PART3_BASIC_BLOCK_LENGTH + extLength;
  const blockSize = options.blockSize ?? 1;
  if (!Number.isInteger(blockSize) || blockSize < 1) return fieldError(`block size must be a positive integer, got ${blockSize}`);
  const basic = new Uint8Array(PART3_BASIC_BLOCK_LENGTH);
  basic[0] = (data.version << 4) | data.typeOfUsage;
  basic[1] = data.partsInSet;
  basic[2] = data.ordinalPart;
  basic.set(itemId.value, ITEM_ID_AT);
  basic.set(owner.value.country, OWNER_AT);
  basic.set(owner.value.library, OWNER_AT + 2);
  const crc = part3Crc(basic);
  basic[CRC_AT] = crc & 0xff;
  basic[CRC_AT + 1] = crc >> 8;
  if (tagBytes === PART3_TRUNCATED_LENGTH) total = PART3_TRUNCATED_LENGTH;
  const padded = Math.ceil(total / blockSize) * blockSize;
  const out = new Uint8Array(padded);
  out.set(basic.subarray(0, Math.min(total, PART3_BASIC_BLOCK_LENGTH)), 0);
  let at = PART3_BASIC_BLOCK_LENGTH;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return ok(out);
}

/** "TW-NTTU" → country "TW" (bytes 21–22) and library "NTTU" (23–33); '' → no owner. */
function splitIsil(isil: string): Result<{ country: Uint8Array; library: Uint8Array }, Part3Error> {
  if (isil === '') return ok({ country: new Uint8Array(0), library: new Uint8Array(0) });
  const m = /^([A-Za-z]{2})-(.+)$/.exec(isil);
  if (!m) return fieldError(`owner '${isil}' is not an ISIL with a two-letter country prefix (e.g. TW-NTTU); other prefixes do not fit the basic block`);
  const library = utf8Encode(m[2]!);
  if (!library.ok) return library;
  return ok({ country: Uint8Array.from(m[1]!, (c) => c.charCodeAt(0)), library: library.value });
}

/** Bytes 21–33: country prefix + library part; a stored hyphen (written by some encoders, ours once) is tolerated. */
function decodeOwner(field: Uint8Array, notes: string[]): Result<string, Part3Error> {
  const country = decodeText(field.subarray(0, 2), 'owner country prefix');
  if (!country.ok) return country;
  const library = decodeText(field.subarray(2), 'owner library');
  if (!library.ok) return library;
  if (country.value === '' && library.value === '') return ok('');
  if (library.value.startsWith('-')) {
    notes.push(`owner library part '${library.value}' starts with a hyphen: the ISIL's hyphen was stored (non-standard)`);
    return ok(`${country.value}${library.value}`);
  }
  if (library.value === '') return ok(country.value);
  return ok(`${country.value}-${library.value}`);
}

function decodeText(bytes: Uint8Array, what: string): Result<string, Part3Error> {
  const text = utf8Decode(untilNul(bytes));
  if (!text.ok) return err('BAD_TEXT', `${what} is not valid UTF-8: '${utf8DecodeLenient(untilNul(bytes))}'`);
  return text;
}

function decodeLibraryBlock(payload: Uint8Array, at: number): Result<Part3Extension & { kind: 'library' }, Part3Error> {
  const rest = payload.subarray(1);
  if (rest.length === 0) return ok({ kind: 'library', mediaFormat: payload[0]! });
  const nul = rest.indexOf(0);
  const itemBytes = nul < 0 ? rest : rest.subarray(0, nul);
  const itemId = decodeText(itemBytes, `item id in the library block at byte ${at}`);
  if (!itemId.ok) return itemId;
  const afterItem = nul < 0 ? new Uint8Array(0) : rest.subarray(nul + 1);
  if (afterItem.length === 0) return ok({ kind: 'library', mediaFormat: payload[0]!, primaryItemId: itemId.value });
  const owner = decodeText(afterItem, `owner in the library block at byte ${at}`);
  if (!owner.ok) return owner;
  return ok({ kind: 'library', mediaFormat: payload[0]!, primaryItemId: itemId.value, owner: owner.value });
}

function decodeExtensions(bytes: Uint8Array): { extensions: Part3Extension[]; error: Part3Error | null } {
  const extensions: Part3Extension[] = [];
  let at = PART3_BASIC_BLOCK_LENGTH;
  while (at < bytes.length) {
    const length = bytes[at]!;
    if (length === 0) break;
    if (length < 4) return { extensions, error: { code: 'BAD_EXTENSION', message: `extension block at byte ${at} has LEN ${length}; at least 4 is needed` } };
    if (at + length > bytes.length) {
      return { extensions, error: { code: 'TRUNCATED', message: `extension block at byte ${at} has LEN ${length} but only ${bytes.length - at} bytes remain` } };
    }
    const block = bytes.subarray(at, at + length);
    let x = 0;
    for (const b of block) x ^= b;
    const id = block[1]! | (block[2]! << 8);
    if (x !== 0) return { extensions, error: { code: 'XOR_MISMATCH', message: `extension block ${id} at byte ${at} fails its XOR check (residue 0x${x.toString(16).padStart(2, '0').toUpperCase()})` } };
    const payload = block.slice(4);
    if (id === PART3_EXTENSION_ID.TITLE) {
      const title = decodeText(payload, `title block at byte ${at}`);
      if (!title.ok) return { extensions, error: title.error };
      extensions.push({ kind: 'title', title: title.value });
    } else if (id === PART3_EXTENSION_ID.LIBRARY && payload.length >= 1) {
      const library = decodeLibraryBlock(payload, at);
      if (!library.ok) return { extensions, error: library.error };
      extensions.push(library.value);
    } else {
      extensions.push({ kind: 'block', id, payload });
    }
    at += length;
  }
  return { extensions, error: null };
}

export function decodePart3(input: Uint8Array, options: Part3DecodeOptions = {}): Result<Part3Decoded, Part3Error> {
  if (input.length < PART3_TRUNCATED_LENGTH) {
    return err('TRUNCATED', `an ISO 28560-3 basic block needs at least 32 bytes, got ${input.length}`);
  }
  if (input.every((b) => b === 0)) return err('BLANK', 'the tag holds no data (every byte is 00)');
  const bytes = input.length >= PART3_BASIC_BLOCK_LENGTH ? input : Uint8Array.from([...input, 0, 0]);
  const notes: string[] = [];
  const stored = bytes[CRC_AT]! | (bytes[CRC_AT + 1]! << 8);
  const computed = part3Crc(bytes);
  if (stored !== computed) {
    if (!options.ignoreCrc) return err('CRC_MISMATCH', `stored CRC is ${hexWord(stored)} but the data gives ${hexWord(computed)}`);
    notes.push(`CRC ignored: stored ${hexWord(stored)}, computed ${hexWord(computed)}`);
  }

  const high = bytes[0]! >> 4;
  const low = bytes[0]! & 0x0f;
  const nibbleMode = options.usageNibble ?? 'auto';
  const usageInHighNibble = nibbleMode === 'high' || (nibbleMode === 'auto' && !PART3_VERSIONS.includes(high) && PART3_VERSIONS.includes(low));
  if (usageInHighNibble && nibbleMode === 'auto') notes.push(`byte 0 is 0x${bytes[0]!.toString(16).padStart(2, '0')}: read as usage in the high nibble (vendor variant)`);

  let partsInSet = bytes[1]!;
  let ordinalPart = bytes[2]!;
  const setMode = options.setBytes ?? 'auto';
  const setBytesSwapped = setMode === 'swapped' || (setMode === 'auto' && ordinalPart > partsInSet && partsInSet >= 1);
  if (setBytesSwapped) {
    [partsInSet, ordinalPart] = [ordinalPart, partsInSet];
    if (setMode === 'auto') notes.push(`bytes 1–2 read as swapped: part ${ordinalPart} of ${partsInSet}`);
  }

  const itemField = bytes.subarray(ITEM_ID_AT, ITEM_ID_AT + ITEM_ID_LENGTH);
  const itemInLibraryBlock = itemField[0] === 0x01 && itemField.subarray(1).every((b) => b === 0);
  let itemId = decodeText(itemField, 'primary item id');
  if (!itemId.ok) return itemId;
  const owner = decodeOwner(bytes.subarray(OWNER_AT, OWNER_AT + OWNER_LENGTH), notes);
  if (!owner.ok) return owner;
  const { extensions, error } = decodeExtensions(bytes);
  if (itemInLibraryBlock) {
    const library = extensions.find((e) => e.kind === 'library');
    if (library?.kind === 'library' && library.primaryItemId !== undefined && library.primaryItemId !== '') itemId = ok(library.primaryItemId);
    else return err('BAD_EXTENSION', 'primary item id byte is 01 (the id is in the library extension block) but no library block with an item id follows');
  }

  return ok({
    data: {
      version: usageInHighNibble ? low : high,
      typeOfUsage: usageInHighNibble ? high : low,
      partsInSet,
      ordinalPart,
      primaryItemId: itemId.value,
      owner: owner.value,
      extensions,
    },
    crc: stored,
    quirks: { usageInHighNibble, setBytesSwapped },
    notes,
    extensionError: error,
  });
}

/** Reverses the bytes inside every block: how some readers and writers order tag memory. */
export function reverseBlocks(bytes: Uint8Array, blockSize: number): Uint8Array {
  const out = bytes.slice();
  for (let start = 0; start < out.length; start += blockSize) out.subarray(start, Math.min(start + blockSize, out.length)).reverse();
  return out;
}

export type BlockOrder = 'as-read' | 'reversed-per-block';

/**
 * Decodes raw block data whose per-block byte order is unknown: tries the
 * bytes as read, then reversed within each block, and keeps the order whose
 * CRC holds.
 */
export function decodePart3Blocks(
  raw: Uint8Array,
  options: Omit<Part3DecodeOptions, 'ignoreCrc'> & { readonly blockSize?: number } = {},
): Result<Part3Decoded & { readonly blockOrder: BlockOrder; readonly bytes: Uint8Array }, Part3Error> {
  const blockSize = options.blockSize ?? 4;
  const decodeOptions: Part3DecodeOptions = { usageNibble: options.usageNibble, setBytes: options.setBytes };
  const asRead = decodePart3(raw, decodeOptions);
  if (asRead.ok) return ok({ ...asRead.value, blockOrder: 'as-read', bytes: raw });
  if (asRead.error.code !== 'CRC_MISMATCH' || !Number.isInteger(blockSize) || blockSize < 2) return asRead;
  const reversedBytes = reverseBlocks(raw, blockSize);
  const reversed = decodePart3(reversedBytes, decodeOptions);
  if (reversed.ok) return ok({ ...reversed.value, blockOrder: 'reversed-per-block', bytes: reversedBytes });
  return err('CRC_MISMATCH', `${asRead.error.message}; reversed per ${blockSize}-byte block it does not hold either`);
}
