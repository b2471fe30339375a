// ISO 28560-2 library tag data: ISO/IEC 15962 "no directory" data sets.
//
//   element: precursor [OID extension] [offset] length data [offset × 00]
//   precursor: bit 7 offset flag, bits 6–4 compaction, bits 3–0 relative OID
//              (15: the next byte holds OID − 15)
//   length: one byte below 128; longer values use 7-bit groups, high bit = more
//   a 00 precursor ends the data
//
// The primary item id comes first and is padded with an offset so that it
// ends on a block boundary: it can then be locked on its own. Other elements
// follow in OID order, unpadded.
//
// Two elements are not text in a 15962 compaction (ISO 28560-2 Annex C/D):
// the owner institution is an ISIL in the ISIL compaction under precursor
// compaction code 0 (Annex D: 83 02 07 AC C0 9E BA A0 6F 6B 00 00 =
// "US-InU-Mu"), and the type of usage is one byte, also code 0 (05 01 80 =
// 0x80, a patron card). Older tags of ours wrote the type of usage as a
// compacted number string ("80" → 15 01 50); those still decode, with a note.

import { COMPACTION, COMPACTION_NAMES, chooseCompaction, decompact } from './iso15962-compaction';
import { compactIsil, decompactIsil } from './isil-compaction';
import type { Compaction } from './iso15962-compaction';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export const PART2_DSFID = 0x06;

export const PART2_OID = {
  PRIMARY_ITEM_ID: 1,
  CONTENT_PARAMETER: 2,
  OWNER_INSTITUTION: 3,
  SET_INFORMATION: 4,
  TYPE_OF_USAGE: 5,
  SHELF_LOCATION: 6,
  ILL_BORROWING_INSTITUTION: 11,
  ILL_TRANSACTION_NUMBER: 12,
  TITLE: 17,
} as const;

export interface Part2Fields {
  readonly primaryItemId: string;
  readonly ownerInstitution?: string;
  /** Parts in the set and this part's number, e.g. "1203" = part 3 of 12. */
  readonly setInformation?: string;
  /** One byte: high nibble the main use (1 circulating, 2 reference, 8 patron card…), low nibble a refinement. */
  readonly typeOfUsage?: number;
  readonly shelfLocation?: string;
  readonly illBorrowingInstitution?: string;
  readonly illTransactionNumber?: string;
  readonly title?: string;
}

type TextField = Exclude<keyof Part2Fields, 'primaryItemId' | 'typeOfUsage'>;

const FIELD_BY_OID: ReadonlyMap<number, keyof Part2Fields> = new Map<number, keyof Part2Fields>([
  [PART2_OID.PRIMARY_ITEM_ID, 'primaryItemId'],
  [PART2_OID.OWNER_INSTITUTION, 'ownerInstitution'],
  [PART2_OID.SET_INFORMATION, 'setInformation'],
  [PART2_OID.TYPE_OF_USAGE, 'typeOfUsage'],
  [PART2_OID.SHELF_LOCATION, 'shelfLocation'],
  [PART2_OID.ILL_BORROWING_INSTITUTION, 'illBorrowingInstitution'],
  [PART2_OID.ILL_TRANSACTION_NUMBER, 'illTransactionNumber'],
  [PART2_OID.TITLE, 'title'],
]);

const OPTIONAL_FIELDS: readonly [number, Exclude<keyof Part2Fields, 'primaryItemId'>][] = [...FIELD_BY_OID.entries()].filter(
  (e): e is [number, Exclude<keyof Part2Fields, 'primaryItemId'>] => e[1] !== 'primaryItemId',
);

export interface Part2Element {
  readonly oid: number;
  readonly compaction: Compaction;
  /** Pad bytes after the data; null when the precursor has no offset flag. */
  readonly offset: number | null;
  readonly data: Uint8Array;
  /** The decompacted text (the ISIL for an ISIL-compacted owner); null for other application-defined data. */
  readonly value: string | null;
}

export interface Part2Decoded {
  readonly fields: Part2Fields;
  /** OIDs the content parameter says are present, or null when there is none. */
  readonly contentParameter: readonly number[] | null;
  readonly elements: readonly Part2Element[];
  /** Bytes used, terminator included. */
  readonly length: number;
  readonly notes: readonly string[];
}

export type Part2ErrorCode = 'EMPTY' | 'TRUNCATED' | 'BAD_PRECURSOR' | 'BAD_COMPACTED_DATA' | 'MISSING_PRIMARY_ITEM_ID' | 'BAD_FIELD';
export type Part2Error = CodecError<Part2ErrorCode>;

export interface Part2EncodeOptions {
  readonly blockSize?: number;
  /** Append the 00 terminator (default true). */
  readonly terminator?: boolean;
  /** Write the content parameter (OID 2) when other elements follow the item id (default true). */
  readonly contentParameter?: boolean;
  /**
   * 'locked-last' writes the owner after the other elements, padded to end on
   * a block boundary so its blocks can be locked, as ISO 28560-2 Annex D does
   * (… 83 02 07 AC C0 9E BA A0 6F 6B 00 00). Default: in OID order, unpadded.
   */
  readonly owner?: 'in-order' | 'locked-last';
}

function headerBytes(oid: number, compaction: number, offset: number | null, length: number): Result<number[], Part2Error> {
  if (!Number.isInteger(oid) || oid < 1 || oid > 15 + 255) return err('BAD_FIELD', `relative OID must be 1–270, got ${oid}`);
  const out: number[] = [(offset === null ? 0 : 0x80) | (compaction << 4) | Math.min(oid, 15)];
  if (oid >= 15) out.push(oid - 15);
  if (offset !== null) out.push(offset);
  const groups: number[] = [];
  let rest = length;
  do {
    groups.unshift(rest & 0x7f);
    rest >>= 7;
  } while (rest > 0);
  for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
  out.push(...groups);
  return ok(out);
}

export interface ElementPlacement {
  /** Where the element starts in tag memory; needed to align it. */
  readonly start: number;
  /** Pad the element with an offset so it ends on a multiple of this block size. */
  readonly alignTo?: number;
}

function buildElement(oid: number, compaction: number, data: Uint8Array, placement: ElementPlacement | null): Result<Uint8Array, Part2Error> {
  const aligned = placement !== null && placement.alignTo !== undefined;
  const head = headerBytes(oid, compaction, aligned ? 0 : null, data.length);
  if (!head.ok) return head;
  let pad = 0;
  if (aligned) {
    const block = placement.alignTo!;
    if (!Number.isInteger(block) || block < 1) return err('BAD_FIELD', `block size must be a positive integer, got ${block}`);
    const end = placement.start + head.value.length + data.length;
    pad = (block - (end % block)) % block;
    head.value[oid >= 15 ? 2 : 1] = pad;
  }
  const out = new Uint8Array(head.value.length + data.length + pad);
  out.set(head.value, 0);
  out.set(data, head.value.length);
  return ok(out);
}

/** One data element with the most compact scheme. */
export function encodePart2Element(oid: number, value: string, placement: ElementPlacement | null = null): Result<Uint8Array, Part2Error> {
  if (value === '') return err('BAD_FIELD', `OID ${oid} has an empty value`);
  const chosen = chooseCompaction(value);
  if (!chosen.ok) return err('BAD_FIELD', `OID ${oid}: ${chosen.error.message}`);
  return buildElement(oid, chosen.value.scheme, chosen.value.bytes, placement);
}

/** OID 3 in the ISIL compaction (Annex C), or the best 15962 scheme when the ISIL has ':' or '/'. */
export function encodeOwnerElement(isil: string, placement: ElementPlacement | null = null): Result<Uint8Array, Part2Error> {
  const packed = compactIsil(isil);
  if (!packed.ok) return encodePart2Element(PART2_OID.OWNER_INSTITUTION, isil, placement);
  return buildElement(PART2_OID.OWNER_INSTITUTION, COMPACTION.APPLICATION_DEFINED, packed.value, placement);
}

/** OID 5: one byte, application-defined compaction. */
export function encodeTypeOfUsageElement(usage: number): Result<Uint8Array, Part2Error> {
  if (!Number.isInteger(usage) || usage < 0 || usage > 0xff) return err('BAD_FIELD', `type of usage must be a byte 0–255, got ${usage}`);
  return buildElement(PART2_OID.TYPE_OF_USAGE, COMPACTION.APPLICATION_DEFINED, Uint8Array.of(usage), null);
}

/** OID 2: bitmap of the OIDs ≥ 3 present, MSB of the first byte = OID 3. */
export function encodeContentParameter(oids: readonly number[]): Result<Uint8Array, Part2Error> {
  const present = oids.filter((o) => o >= 3);
  if (present.length === 0) return err('BAD_FIELD', 'a content parameter needs at least one OID of 3 or more');
  const bitmap = new Uint8Array(Math.floor((Math.max(...present) - 3) / 8) + 1);
  for (const oid of present) bitmap[(oid - 3) >> 3]! |= 0x80 >> ((oid - 3) & 7);
  return buildElement(PART2_OID.CONTENT_PARAMETER, COMPACTION.APPLICATION_DEFINED, bitmap, null);
}

export function decodeContentParameter(bitmap: Uint8Array): number[] {
  const oids: number[] = [];
  bitmap.forEach((byte, i) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) oids.push(3 + i * 8 + bit);
  });
  return oids;
}

export function encodePart2(fields: Part2Fields, options: Part2EncodeOptions = {}): Result<Uint8Array, Part2Error> {
  const blockSize = options.blockSize ?? 4;
  const parts: Uint8Array[] = [];
  const item = encodePart2Element(PART2_OID.PRIMARY_ITEM_ID, fields.primaryItemId, { start: 0, alignTo: blockSize });
  if (!item.ok) return item;
  parts.push(item.value);
  const present = OPTIONAL_FIELDS.filter(([, name]) => fields[name] !== undefined);
  if (present.length > 0 && options.contentParameter !== false) {
    const cp = encodeContentParameter(present.map(([oid]) => oid));
    if (!cp.ok) return cp;
    parts.push(cp.value);
  }
  const ownerLast = options.owner === 'locked-last';
  for (const [oid, name] of present) {
    if (ownerLast && name === 'ownerInstitution') continue;
    const element =
      name === 'typeOfUsage'
        ? encodeTypeOfUsageElement(fields.typeOfUsage!)
        : name === 'ownerInstitution'
          ? encodeOwnerElement(fields.ownerInstitution!)
          : encodePart2Element(oid, fields[name as TextField]!);
    if (!element.ok) return element;
    parts.push(element.value);
  }
  if (ownerLast && fields.ownerInstitution !== undefined) {
    const start = parts.reduce((n, p) => n + p.length, 0);
    const owner = encodeOwnerElement(fields.ownerInstitution, { start, alignTo: blockSize });
    if (!owner.ok) return owner;
    parts.push(owner.value);
  }
  if (options.terminator !== false) parts.push(Uint8Array.of(0));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return ok(out);
}

function typeOfUsageOf(e: Part2Element): { value: number | null; note?: string } {
  if (e.compaction === COMPACTION.APPLICATION_DEFINED) {
    if (e.data.length === 1) return { value: e.data[0]! };
    return { value: null, note: `type of usage has ${e.data.length} bytes; ISO 28560-2 gives it one` };
  }
  // A compacted string (how older writers, ours included, stored it): read as the byte's hex digits.
  if (e.value !== null && /^[0-9A-Fa-f]{1,2}$/.test(e.value)) {
    const n = parseInt(e.value, 16);
    return { value: e.value.length === 1 ? n << 4 : n, note: `type of usage written as the text '${e.value}', not as one byte` };
  }
  return { value: null, note: `type of usage '${e.value ?? ''}' is not understood` };
}

export function decodePart2(bytes: Uint8Array): Result<Part2Decoded, Part2Error> {
  const elements: Part2Element[] = [];
  const notes: string[] = [];
  let at = 0;
  const need = (n: number, what: string): Part2Error | null =>
    at + n <= bytes.length ? null : { code: 'TRUNCATED', message: `${what} at byte ${at} runs past the end of the ${bytes.length} bytes` };

  while (at < bytes.length && bytes[at] !== 0) {
    const start = at;
    const precursor = bytes[at++]!;
    const compaction = ((precursor >> 4) & 0x07) as Compaction;
    let oid = precursor & 0x0f;
    if (oid === 0) return err('BAD_PRECURSOR', `precursor 0x${precursor.toString(16).padStart(2, '0').toUpperCase()} at byte ${start} has relative OID 0`);
    if (oid === 15) {
      const short = need(1, 'OID extension byte');
      if (short) return { ok: false, error: short };
      oid = 15 + bytes[at++]!;
    }
    let offset: number | null = null;
    if (precursor & 0x80) {
      const short = need(1, 'offset byte');
      if (short) return { ok: false, error: short };
      offset = bytes[at++]!;
    }
    let length = 0;
    for (let groups = 0; ; groups++) {
      const short = need(1, 'length byte');
      if (short) return { ok: false, error: short };
      if (groups === 3) return err('BAD_PRECURSOR', `length at byte ${at} uses more than 3 bytes`);
      const b = bytes[at++]!;
      length = length * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    const short = need(length + (offset ?? 0), `OID ${oid} data (${length} bytes + ${offset ?? 0} pad)`);
    if (short) return { ok: false, error: short };
    const data = bytes.slice(at, at + length);
    at += length + (offset ?? 0);
    let value: string | null = null;
    if (compaction === COMPACTION.APPLICATION_DEFINED && oid === PART2_OID.OWNER_INSTITUTION) {
      const isil = decompactIsil(data);
      if (isil.ok) value = isil.value;
      else notes.push(`owner institution (ISIL compaction) at byte ${start} does not decode: ${isil.error.message}`);
    } else if (compaction !== COMPACTION.APPLICATION_DEFINED) {
      const text = decompact(data, compaction);
      if (!text.ok) return err('BAD_COMPACTED_DATA', `OID ${oid} (${COMPACTION_NAMES[compaction]}) at byte ${start}: ${text.error.message}`);
      value = text.value;
    }
    elements.push({ oid, compaction, offset, data, value });
  }
  const length = at < bytes.length ? at + 1 : at;

  const first = elements[0];
  if (first === undefined) return err('EMPTY', 'no ISO 28560-2 data: the first byte is 00 or there are no bytes');
  if (first.oid !== PART2_OID.PRIMARY_ITEM_ID || first.value === null) {
    return err('MISSING_PRIMARY_ITEM_ID', `the first element is OID ${first.oid}; ISO 28560-2 requires the primary item id (OID 1) first`);
  }
  const fields: { -readonly [K in keyof Part2Fields]: Part2Fields[K] } = { primaryItemId: first.value };
  let contentParameter: number[] | null = null;
  const seen = new Set<number>([first.oid]);
  for (const e of elements.slice(1)) {
    if (seen.has(e.oid)) {
      notes.push(`OID ${e.oid} appears more than once; the first is used`);
      continue;
    }
    seen.add(e.oid);
    if (e.oid === PART2_OID.CONTENT_PARAMETER) {
      contentParameter = decodeContentParameter(e.data);
      continue;
    }
    const name = FIELD_BY_OID.get(e.oid);
    if (name === undefined) continue;
    if (name === 'typeOfUsage') {
      const usage = typeOfUsageOf(e);
      if (usage.note) notes.push(usage.note);
      if (usage.value !== null) fields.typeOfUsage = usage.value;
      continue;
    }
    if (e.value === null) {
      if (!(e.oid === PART2_OID.OWNER_INSTITUTION && e.compaction === COMPACTION.APPLICATION_DEFINED)) notes.push(`OID ${e.oid} uses application-defined compaction; left as bytes`);
    } else fields[name] = e.value;
  }
  if (contentParameter !== null) {
    const listed = new Set(contentParameter);
    for (const oid of listed) if (!seen.has(oid)) notes.push(`content parameter lists OID ${oid} but no such element is present`);
    for (const oid of seen) if (oid >= 3 && !listed.has(oid)) notes.push(`OID ${oid} is present but not listed in the content parameter`);
  }
  return ok({ fields, contentParameter, elements, length, notes });
}
