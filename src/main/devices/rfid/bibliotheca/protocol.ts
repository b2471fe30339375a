// 3M / Bibliotheca pad commands, as captured from the pads' serial traffic by
// open-source readers (Biblio::RFID's 3M810 module, library labelling tools
// for the Model 210). Every command is framed with start byte D6, on the 810
// too; D5 frames only the 810's hardware probe (see HARDWARE_PROBE).
//   inventory   FE 00 05              → FE err 00 05 N UID×N
//   read blocks 02 UID first count    → 02 err UID N {block lock DATA[4]}×N
//               (one byte block number, one lock/error byte — 01 for a locked
//               block — then the 4 data bytes; reading the first two as a
//               16-bit number makes locked block 0 "block 256")
//   write       04 UID first count 00 DATA → 04 err UID N
//   get AFI     0A UID                → 0A err UID AFI
//   write AFI   09 UID AFI            → 09 err UID
// A UID travels as 8 bytes in the order the pad reports it: some firmware
// sends E0 first, some last, so the driver keeps the wire bytes it saw.
// Blocks are 4 bytes.

import { BIBLIOTHECA_ERROR, describeBibliothecaError } from './frame';
import type { BibliothecaReply } from './frame';
import { hexByte } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { ISO15693_UID_MSB, UID_LENGTH, uidFromBytes } from '#main/devices/rfid/tag-data/uid';
import { padError } from '#main/devices/rfid/errors';
import type { PadError } from '#main/devices/rfid/errors';

export const BIBLIOTHECA_BLOCK_SIZE = 4;
/** The fields after FE in an inventory request, echoed in the reply. */
export const INVENTORY_PARAMS: readonly number[] = [0x00, 0x05];

export interface WireUid {
  /** Canonical E0… form. */
  readonly uid: string;
  /** The 8 bytes as the pad sends them. */
  readonly wire: Uint8Array;
}

/** Orients 8 wire bytes: E0 first is kept, E0 last is reversed. */
export function wireUid(bytes: Uint8Array): Result<WireUid, PadError> {
  if (bytes.length !== UID_LENGTH) return err('BAD_REPLY', `a UID has 8 bytes, got ${bytes.length}`);
  if (bytes[0] === ISO15693_UID_MSB) return ok({ uid: uidFromBytes(bytes), wire: bytes.slice() });
  if (bytes[UID_LENGTH - 1] === ISO15693_UID_MSB) return ok({ uid: uidFromBytes(bytes.slice().reverse()), wire: bytes.slice() });
  return err('BAD_REPLY', `UID ${uidFromBytes(bytes)} has E0 neither first nor last`);
}

export function replyError(reply: BibliothecaReply): PadError | null {
  if (reply.error === BIBLIOTHECA_ERROR.OK) return null;
  const message = `pad error ${hexByte(reply.error)}: ${describeBibliothecaError(reply.error)}`;
  switch (reply.error) {
    case BIBLIOTHECA_ERROR.NO_TRANSPONDER:
      return padError('NO_TRANSPONDER', message, { status: reply.error });
    case BIBLIOTHECA_ERROR.LOCKED:
      return padError('TAG_LOCKED', message, { status: reply.error });
    case BIBLIOTHECA_ERROR.READ_FAILED:
      return padError('READ_FAILED', message, { status: reply.error });
    case BIBLIOTHECA_ERROR.WRITE_FAILED:
      return padError('WRITE_FAILED', message, { status: reply.error });
    default:
      return padError('READER_STATUS', message, { status: reply.error });
  }
}

export function parseInventoryReply(reply: BibliothecaReply): Result<WireUid[], PadError> {
  const failed = replyError(reply);
  if (failed) return failed.code === 'NO_TRANSPONDER' ? ok([]) : { ok: false, error: failed };
  const f = reply.fields;
  if (f.length < 3) return err('BAD_REPLY', `inventory reply has ${f.length} field bytes; at least 3 are needed`);
  const count = f[2]!;
  if (f.length !== 3 + count * UID_LENGTH) return err('BAD_REPLY', `inventory reply announces ${count} tags but carries ${f.length - 3} UID bytes`);
  const tags: WireUid[] = [];
  for (let i = 0; i < count; i++) {
    const uid = wireUid(f.subarray(3 + i * UID_LENGTH, 3 + (i + 1) * UID_LENGTH));
    if (!uid.ok) return uid;
    tags.push(uid.value);
  }
  return ok(tags);
}

export interface BibliothecaBlocks {
  readonly firstBlock: number;
  readonly data: Uint8Array;
  /** Per block read, whether the pad reports it locked. */
  readonly locked: readonly boolean[];
}

/** The lock/error byte of a read reply's block record: bit 0 is the lock. */
export const BLOCK_LOCKED = 0x01;

/**
 * The 810's hardware probe, the one frame that starts with D5:
 * D5 00 05 04 00 11 8C 66, answered D5 00 09 04 00 11 + 4 version bytes + check.
 */
export const HARDWARE_PROBE_BODY: readonly number[] = [0x04, 0x00, 0x11];

export function parseReadReply(reply: BibliothecaReply, wire: Uint8Array, firstBlock: number, count: number): Result<BibliothecaBlocks, PadError> {
  const failed = replyError(reply);
  if (failed) return { ok: false, error: failed };
  const f = reply.fields;
  if (f.length < UID_LENGTH + 1) return err('BAD_REPLY', `read reply has ${f.length} field bytes`);
  if (!sameBytes(f.subarray(0, UID_LENGTH), wire)) return err('BAD_REPLY', 'read reply is for another tag');
  const n = f[UID_LENGTH]!;
  const record = 2 + BIBLIOTHECA_BLOCK_SIZE;
  if (f.length !== UID_LENGTH + 1 + n * record) return err('BAD_REPLY', `read reply announces ${n} blocks but carries ${f.length - UID_LENGTH - 1} bytes`);
  if (n !== count) return err('BAD_REPLY', `asked for ${count} blocks, got ${n}`);
  const data = new Uint8Array(n * BIBLIOTHECA_BLOCK_SIZE);
  const locked: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const at = UID_LENGTH + 1 + i * record;
    const block = f[at]!;
    const status = f[at + 1]!;
    if (block !== ((firstBlock + i) & 0xff)) return err('BAD_REPLY', `read reply record ${i} is block ${block}, expected ${firstBlock + i}`);
    if ((status & ~BLOCK_LOCKED) !== 0) return err('READ_FAILED', `the pad reports error ${hexByte(status)} for block ${block}`);
    locked.push((status & BLOCK_LOCKED) !== 0);
    data.set(f.subarray(at + 2, at + record), i * BIBLIOTHECA_BLOCK_SIZE);
  }
  return ok({ firstBlock, data, locked });
}

/** The 810's answer to the hardware probe: the four version bytes as a dotted string. */
export function parseHardwareProbeReply(reply: BibliothecaReply): Result<string, PadError> {
  const failed = replyError(reply);
  if (failed) return { ok: false, error: failed };
  const f = reply.fields;
  if (f.length !== 5 || f[0] !== HARDWARE_PROBE_BODY[2]) return err('BAD_REPLY', `hardware probe reply has fields ${[...f].map(hexByte).join(' ')}; 11 and 4 version bytes expected`);
  return ok([...f.subarray(1)].join('.'));
}

export function parseAfiReply(reply: BibliothecaReply, wire: Uint8Array): Result<number, PadError> {
  const failed = replyError(reply);
  if (failed) return { ok: false, error: failed };
  const f = reply.fields;
  if (f.length !== UID_LENGTH + 1) return err('BAD_REPLY', `AFI reply has ${f.length} field bytes; 9 expected`);
  if (!sameBytes(f.subarray(0, UID_LENGTH), wire)) return err('BAD_REPLY', 'AFI reply is for another tag');
  return ok(f[UID_LENGTH]!);
}

export function parseWriteAck(reply: BibliothecaReply, wire: Uint8Array): Result<true, PadError> {
  const failed = replyError(reply);
  if (failed) return { ok: false, error: failed };
  if (reply.fields.length < UID_LENGTH || !sameBytes(reply.fields.subarray(0, UID_LENGTH), wire)) return err('BAD_REPLY', 'write acknowledgement is for another tag');
  return ok(true);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
