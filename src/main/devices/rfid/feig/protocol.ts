// Requests and replies of the FEIG ISO host commands a library desk needs.
// Builders return frames for encodeFeigRequest; parsers take decoded
// response frames. Command 0xB0 replies do not echo the sub-command, so each
// sub-command has its own parser.
//
// Block data (DB) travels MSB first in host mode: a 4-byte block whose
// memory holds b0 b1 b2 b3 is sent b3 b2 b1 b0, in Read and in Write Multiple
// Blocks alike. toHostBlockOrder / fromHostBlockOrder convert; the driver
// works in memory order so the tag data codecs see what the tag stores.
//
// Security: the library desk keeps item security in the AFI (Write AFI
// 0x27, never locked). Blocks are locked with Lock Multiple Blocks (0x22,
// STATUS 0x03 / 0x95 replies carry DB-ADR-E, the block that failed) and their
// lock state read with Get Multiple Block Security Status (0x2C) or with the
// SEC bit of Read Multiple Blocks (MODE bit 3; without it SEC-STATUS is 00).

import type { FeigRequestFrame, FeigResponseFrame } from './frame';
import { FEIG_BROADCAST_ADDRESS } from './frame';
import { hexByte } from '#main/devices/bytes/hex';
import { err, errWith, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';
import { uidFromBytes, uidToBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';

export const FEIG_CMD = {
  ISO_HOST: 0xb0,
  SOFTWARE_VERSION: 0x65,
  READER_INFO: 0x66,
  CPU_RESET: 0x63,
  RF_RESET: 0x69,
} as const;

export const ISO_HOST_CMD = {
  INVENTORY: 0x01,
  LOCK_MULTIPLE_BLOCKS: 0x22,
  READ_MULTIPLE_BLOCKS: 0x23,
  WRITE_MULTIPLE_BLOCKS: 0x24,
  WRITE_AFI: 0x27,
  LOCK_AFI: 0x28,
  WRITE_DSFID: 0x29,
  LOCK_DSFID: 0x2a,
  GET_SYSTEM_INFORMATION: 0x2b,
  GET_MULTIPLE_BLOCK_SECURITY_STATUS: 0x2c,
} as const;

export const FEIG_STATUS = {
  OK: 0x00,
  NO_TRANSPONDER: 0x01,
  DATA_FALSE: 0x02,
  WRITE_ERROR: 0x03,
  ADDRESS_ERROR: 0x04,
  WRONG_TRANSPONDER_TYPE: 0x05,
  GENERAL_ERROR: 0x0e,
  PARAMETER_RANGE: 0x11,
  UNKNOWN_COMMAND: 0x80,
  LENGTH_ERROR: 0x81,
  NOT_AVAILABLE: 0x82,
  RF_COMMUNICATION_ERROR: 0x83,
  BUFFER_OVERFLOW: 0x93,
  MORE_DATA: 0x94,
  ISO_ERROR: 0x95,
} as const;

export type FeigStatusName = keyof typeof FEIG_STATUS;

const STATUS_MESSAGES: Readonly<Record<FeigStatusName, string>> = {
  OK: 'OK',
  NO_TRANSPONDER: 'no transponder in the reader field',
  DATA_FALSE: 'the transponder answered with false data',
  WRITE_ERROR: 'the transponder could not be written',
  ADDRESS_ERROR: 'the block address is outside the transponder memory',
  WRONG_TRANSPONDER_TYPE: 'the command does not suit this transponder type',
  GENERAL_ERROR: 'the reader reported a general error',
  PARAMETER_RANGE: 'a parameter is out of range',
  UNKNOWN_COMMAND: 'the reader does not know this command',
  LENGTH_ERROR: 'the reader rejected the frame length',
  NOT_AVAILABLE: 'the command is not available on this reader',
  RF_COMMUNICATION_ERROR: 'RF communication with the transponder failed',
  BUFFER_OVERFLOW: 'the reader data buffer overflowed',
  MORE_DATA: 'more data: repeat the command with MORE set',
  ISO_ERROR: 'the transponder returned an ISO 15693 error',
};

/** ISO/IEC 15693-3 error codes, sent after STATUS 0x95. */
export const ISO15693_ERROR = {
  NOT_SUPPORTED: 0x01,
  NOT_RECOGNISED: 0x02,
  OPTION_NOT_SUPPORTED: 0x03,
  UNKNOWN: 0x0f,
  NO_SUCH_BLOCK: 0x10,
  ALREADY_LOCKED: 0x11,
  LOCKED: 0x12,
  PROGRAM_FAILED: 0x13,
  LOCK_FAILED: 0x14,
} as const;

const ISO_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0x01: 'command not supported',
  0x02: 'command not recognised',
  0x03: 'option not supported',
  0x0f: 'unknown error',
  0x10: 'the block does not exist',
  0x11: 'the block is already locked',
  0x12: 'the block is locked and cannot be changed',
  0x13: 'programming the block failed',
  0x14: 'locking the block failed',
};

export interface FeigStatusInfo {
  readonly status: number;
  readonly name: FeigStatusName | 'UNKNOWN_STATUS';
  readonly message: string;
}

export function describeFeigStatus(status: number): FeigStatusInfo {
  for (const [name, code] of Object.entries(FEIG_STATUS) as [FeigStatusName, number][]) {
    if (code === status) return { status, name, message: STATUS_MESSAGES[name] };
  }
  return { status, name: 'UNKNOWN_STATUS', message: `unknown reader status ${hexByte(status)}` };
}

export function describeIsoError(code: number): string {
  return ISO_ERROR_MESSAGES[code] ?? `ISO 15693 error ${hexByte(code)}`;
}

export type FeigProtocolErrorCode = 'READER_STATUS' | 'ISO_ERROR' | 'UNEXPECTED_COMMAND' | 'BAD_LENGTH' | 'BAD_FIELD' | 'BAD_UID';

export interface FeigProtocolError extends CodecError<FeigProtocolErrorCode> {
  readonly status?: number;
  readonly isoError?: number;
  /** DB-ADR-E: the block where a write or lock failed, when the reader says. */
  readonly failedBlock?: number;
}

export type Addressing =
  | { readonly mode: 'non-addressed' }
  | { readonly mode: 'addressed'; readonly uid: string }
  | { readonly mode: 'selected' };

export interface RequestOptions {
  readonly comAdr?: number;
}

const MODE_ADDRESSED = 0x01;
const MODE_SELECTED = 0x02;
const MODE_MORE = 0x80;
/** Read Multiple Blocks: ask for each block's security status (else SEC-STATUS is 00). */
export const MODE_SEC = 0x08;
/** Transponders answer at most this many data bytes per read call. */
export const MAX_READ_BYTES = 128;

function field(name: string, value: number, min: number, max: number): FeigProtocolError | null {
  if (!Number.isInteger(value) || value < min || value > max) return { code: 'BAD_FIELD', message: `${name} must be an integer ${min}–${max}, got ${value}` };
  return null;
}

function isoRequest(
  sub: number,
  addressing: Addressing,
  tail: readonly number[] | Uint8Array,
  options: RequestOptions,
  modeFlags = 0,
): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  let mode = 0;
  let uid: Uint8Array = new Uint8Array(0);
  if (addressing.mode === 'addressed') {
    const bytes = uidToBytes(addressing.uid);
    if (!bytes.ok) return err('BAD_UID', bytes.error.message);
    uid = bytes.value;
    mode = MODE_ADDRESSED;
  } else if (addressing.mode === 'selected') {
    mode = MODE_SELECTED;
  }
  const data = new Uint8Array(2 + uid.length + tail.length);
  data[0] = sub;
  data[1] = mode | modeFlags;
  data.set(uid, 2);
  data.set(tail, 2 + uid.length);
  return ok({ comAdr, cmd: FEIG_CMD.ISO_HOST, data });
}

export function inventoryRequest(options: RequestOptions & { readonly more?: boolean } = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  return ok({ comAdr, cmd: FEIG_CMD.ISO_HOST, data: Uint8Array.of(ISO_HOST_CMD.INVENTORY, options.more ? MODE_MORE : 0) });
}

export function readMultipleBlocksRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions & { readonly securityStatus?: boolean } = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('first block', firstBlock, 0, 255) ?? field('block count', blockCount, 1, 255);
  if (bad) return errWith(bad);
  return isoRequest(ISO_HOST_CMD.READ_MULTIPLE_BLOCKS, addressing, [firstBlock, blockCount], options, options.securityStatus ? MODE_SEC : 0);
}

export function lockMultipleBlocksRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('first block', firstBlock, 0, 255) ?? field('block count', blockCount, 1, 255);
  if (bad) return errWith(bad);
  return isoRequest(ISO_HOST_CMD.LOCK_MULTIPLE_BLOCKS, addressing, [firstBlock, blockCount], options);
}

export function getMultipleBlockSecurityStatusRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('first block', firstBlock, 0, 255) ?? field('block count', blockCount, 1, 255);
  if (bad) return errWith(bad);
  return isoRequest(ISO_HOST_CMD.GET_MULTIPLE_BLOCK_SECURITY_STATUS, addressing, [firstBlock, blockCount], options);
}

/** Block security status bit 0: the block is locked (ISO/IEC 15693-3). */
export const BLOCK_LOCKED = 0x01;

export function parseBlockSecurityStatusResponse(frame: FeigResponseFrame): Result<number[], FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  const count = frame.data[0];
  if (count === undefined) return err('BAD_LENGTH', 'security status reply has no DB-N byte');
  if (frame.data.length !== 1 + count) return err('BAD_LENGTH', `security status reply announces ${count} blocks but carries ${frame.data.length - 1} status bytes`);
  return ok([...frame.data.subarray(1)]);
}

/** Memory order → the MSB-first order of host mode (and back: the operation is its own inverse). */
export function toHostBlockOrder(data: Uint8Array, blockSize: number): Uint8Array {
  const out = data.slice();
  for (let at = 0; at < out.length; at += blockSize) out.subarray(at, Math.min(at + blockSize, out.length)).reverse();
  return out;
}

export const fromHostBlockOrder = toHostBlockOrder;

/** Splits a read of `blockCount` blocks into calls of at most MAX_READ_BYTES data bytes. */
export function planBlockReads(firstBlock: number, blockCount: number, blockSize: number): { firstBlock: number; blockCount: number }[] {
  const perCall = Math.max(1, Math.floor(MAX_READ_BYTES / Math.max(1, blockSize)));
  const plan: { firstBlock: number; blockCount: number }[] = [];
  for (let b = 0; b < blockCount; b += perCall) plan.push({ firstBlock: firstBlock + b, blockCount: Math.min(perCall, blockCount - b) });
  return plan;
}

export function writeMultipleBlocksRequest(
  addressing: Addressing,
  firstBlock: number,
  blockSize: number,
  data: Uint8Array,
  options: RequestOptions = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('first block', firstBlock, 0, 255) ?? field('block size', blockSize, 1, 32);
  if (bad) return errWith(bad);
  if (data.length === 0 || data.length % blockSize !== 0) {
    return err('BAD_FIELD', `data length ${data.length} is not a positive multiple of the ${blockSize}-byte block size`);
  }
  const blockCount = data.length / blockSize;
  if (blockCount > 255) return err('BAD_FIELD', `${blockCount} blocks cannot be written in one call (at most 255)`);
  const tail = new Uint8Array(3 + data.length);
  tail[0] = firstBlock;
  tail[1] = blockCount;
  tail[2] = blockSize;
  tail.set(data, 3);
  return isoRequest(ISO_HOST_CMD.WRITE_MULTIPLE_BLOCKS, addressing, tail, options);
}

export function writeAfiRequest(addressing: Addressing, afi: number, options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('AFI', afi, 0, 255);
  if (bad) return errWith(bad);
  return isoRequest(ISO_HOST_CMD.WRITE_AFI, addressing, [afi], options);
}

export function getSystemInformationRequest(addressing: Addressing, options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  return isoRequest(ISO_HOST_CMD.GET_SYSTEM_INFORMATION, addressing, [], options);
}

export function softwareVersionRequest(options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  return ok({ comAdr, cmd: FEIG_CMD.SOFTWARE_VERSION, data: new Uint8Array(0) });
}

function statusError(frame: FeigResponseFrame): FeigProtocolError {
  const info = describeFeigStatus(frame.status);
  if (frame.status === FEIG_STATUS.ISO_ERROR) {
    const iso = frame.data[0];
    if (iso === undefined) return { code: 'ISO_ERROR', status: frame.status, message: `${info.message} (no ISO error byte was sent)` };
    const failedBlock = frame.data[1];
    const where = failedBlock === undefined ? '' : ` at block ${failedBlock}`;
    return { code: 'ISO_ERROR', status: frame.status, isoError: iso, failedBlock, message: `${info.message}: ${hexByte(iso)} ${describeIsoError(iso)}${where}` };
  }
  if (frame.status === FEIG_STATUS.WRITE_ERROR && frame.data[0] !== undefined) {
    return { code: 'READER_STATUS', status: frame.status, failedBlock: frame.data[0], message: `reader status ${hexByte(frame.status)} ${info.name}: ${info.message} at block ${frame.data[0]}` };
  }
  return { code: 'READER_STATUS', status: frame.status, message: `reader status ${hexByte(frame.status)} ${info.name}: ${info.message}` };
}

function expectCommand(frame: FeigResponseFrame, cmd: number): FeigProtocolError | null {
  if (frame.cmd === cmd) return null;
  return { code: 'UNEXPECTED_COMMAND', status: frame.status, message: `expected a reply to command ${hexByte(cmd)}, got ${hexByte(frame.cmd)}` };
}

export interface InventoryTag {
  readonly trType: number;
  readonly dsfid: number;
  readonly uid: string;
}

export interface InventoryResult {
  readonly tags: InventoryTag[];
  /** STATUS 0x94: more tags are waiting; repeat the inventory with `more: true`. */
  readonly more: boolean;
}

const INVENTORY_RECORD = 2 + UID_LENGTH;

export function parseInventoryResponse(frame: FeigResponseFrame): Result<InventoryResult, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status === FEIG_STATUS.NO_TRANSPONDER) return ok({ tags: [], more: false });
  if (frame.status !== FEIG_STATUS.OK && frame.status !== FEIG_STATUS.MORE_DATA) return errWith(statusError(frame));
  const count = frame.data[0];
  if (count === undefined) return err('BAD_LENGTH', 'inventory reply has no DATA-SETS byte');
  const expected = 1 + count * INVENTORY_RECORD;
  if (frame.data.length !== expected) {
    return err('BAD_LENGTH', `inventory reply announces ${count} tags (${expected} bytes) but carries ${frame.data.length} bytes`);
  }
  const tags: InventoryTag[] = [];
  for (let i = 0; i < count; i++) {
    const at = 1 + i * INVENTORY_RECORD;
    tags.push({ trType: frame.data[at]!, dsfid: frame.data[at + 1]!, uid: uidFromBytes(frame.data.subarray(at + 2, at + INVENTORY_RECORD)) });
  }
  return ok({ tags, more: frame.status === FEIG_STATUS.MORE_DATA });
}

export interface BlockData {
  readonly securityStatus: number;
  readonly data: Uint8Array;
}

export interface ReadBlocksResult {
  readonly blockSize: number;
  readonly blocks: BlockData[];
}

export function parseReadMultipleBlocksResponse(frame: FeigResponseFrame): Result<ReadBlocksResult, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  if (frame.data.length < 2) return err('BAD_LENGTH', `read reply needs DB-N and DB-SIZE, got ${frame.data.length} bytes`);
  const count = frame.data[0]!;
  const blockSize = frame.data[1]!;
  const expected = 2 + count * (1 + blockSize);
  if (frame.data.length !== expected) {
    return err('BAD_LENGTH', `read reply announces ${count} blocks of ${blockSize} bytes (${expected} bytes) but carries ${frame.data.length}`);
  }
  const blocks: BlockData[] = [];
  for (let i = 0; i < count; i++) {
    const at = 2 + i * (1 + blockSize);
    blocks.push({ securityStatus: frame.data[at]!, data: frame.data.slice(at + 1, at + 1 + blockSize) });
  }
  return ok({ blockSize, blocks });
}

export function joinBlocks(blocks: readonly BlockData[]): Uint8Array {
  const size = blocks.reduce((n, b) => n + b.data.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const b of blocks) {
    out.set(b.data, at);
    at += b.data.length;
  }
  return out;
}

/** For commands whose reply is only a STATUS (write blocks, write AFI, lock…). */
export function parseAcknowledgement(frame: FeigResponseFrame): Result<true, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  return ok(true);
}

export interface SystemInformation {
  readonly dsfid: number;
  readonly uid: string;
  readonly afi: number;
  /** MEM-SIZE as sent (high byte first). */
  readonly memSize: number;
  /** From MEM-SIZE: bits 12–8 block size − 1, bits 7–0 block count − 1. */
  readonly blockSize: number;
  readonly blockCount: number;
  readonly icReference: number;
}

const SYSTEM_INFO_LENGTH = 1 + UID_LENGTH + 1 + 2 + 1;

export function parseSystemInformationResponse(frame: FeigResponseFrame): Result<SystemInformation, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  const d = frame.data;
  if (d.length !== SYSTEM_INFO_LENGTH) return err('BAD_LENGTH', `system information reply must be ${SYSTEM_INFO_LENGTH} bytes, got ${d.length}`);
  const memSize = (d[10]! << 8) | d[11]!;
  return ok({
    dsfid: d[0]!,
    uid: uidFromBytes(d.subarray(1, 9)),
    afi: d[9]!,
    memSize,
    blockSize: ((memSize >> 8) & 0x1f) + 1,
    blockCount: (memSize & 0xff) + 1,
    icReference: d[12]!,
  });
}

export interface SoftwareVersion {
  /** SW-REV, high byte first (shown by FEIG as major.minor). */
  readonly softwareRevision: number;
  readonly developmentRevision?: number;
  readonly hardwareType?: number;
  readonly softwareType?: number;
  readonly transponderTypes?: number;
  readonly raw: Uint8Array;
}

export function parseSoftwareVersionResponse(frame: FeigResponseFrame): Result<SoftwareVersion, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.SOFTWARE_VERSION);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  const d = frame.data;
  if (d.length < 2) return err('BAD_LENGTH', `software version reply needs at least 2 bytes, got ${d.length}`);
  const softwareRevision = (d[0]! << 8) | d[1]!;
  if (d.length < 7) return ok({ softwareRevision, raw: d.slice() });
  return ok({
    softwareRevision,
    developmentRevision: d[2]!,
    hardwareType: d[3]!,
    softwareType: d[4]!,
    transponderTypes: (d[5]! << 8) | d[6]!,
    raw: d.slice(),
  });
}
