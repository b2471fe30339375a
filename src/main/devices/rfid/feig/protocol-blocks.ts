// Tag memory blocks: read, write and lock them, and read their lock state.
//
// Block data (DB) travels MSB first in host mode: a 4-byte block whose
// memory holds b0 b1 b2 b3 is sent b3 b2 b1 b0, in Read and in Write Multiple
// Blocks alike. toHostBlockOrder / fromHostBlockOrder convert; the driver
// works in memory order so the tag data codecs see what the tag stores.
//
// Locks: blocks are locked with Lock Multiple Blocks (0x22,
// STATUS 0x03 / 0x95 replies carry DB-ADR-E, the block that failed) and their
// lock state read with Get Multiple Block Security Status (0x2C) or with the
// SEC bit of Read Multiple Blocks (MODE bit 3; without it SEC-STATUS is 00).

import type { FeigRequestFrame, FeigResponseFrame } from './frame';
import { err, errWith, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { FEIG_CMD, FEIG_STATUS, ISO_HOST_CMD } from './protocol-codes';
import { expectCommand, field, statusError } from './protocol-checks';
import type { FeigProtocolError } from './protocol-checks';
import { isoRequest } from './protocol-request';
import type { Addressing, RequestOptions } from './protocol-request';

/** Read Multiple Blocks: ask for each block's security status (else SEC-STATUS is 00). */
export const MODE_SEC = 0x08;
/** Transponders answer at most this many data bytes per read call. */
export const MAX_READ_BYTES = 128;

/** A command on a run of blocks: FIRST-BLOCK then BLOCK-COUNT after the addressing. */
function blockRangeRequest(
  sub: number,
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions,
  modeFlags = 0,
): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('first block', firstBlock, 0, 255) ?? field('block count', blockCount, 1, 255);
  if (bad) return errWith(bad);
  return isoRequest(sub, addressing, [firstBlock, blockCount], options, modeFlags);
}

export function readMultipleBlocksRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions & { readonly securityStatus?: boolean } = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  return blockRangeRequest(ISO_HOST_CMD.READ_MULTIPLE_BLOCKS, addressing, firstBlock, blockCount, options, options.securityStatus ? MODE_SEC : 0);
}

export function lockMultipleBlocksRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  return blockRangeRequest(ISO_HOST_CMD.LOCK_MULTIPLE_BLOCKS, addressing, firstBlock, blockCount, options);
}

export function getMultipleBlockSecurityStatusRequest(
  addressing: Addressing,
  firstBlock: number,
  blockCount: number,
  options: RequestOptions = {},
): Result<FeigRequestFrame, FeigProtocolError> {
  return blockRangeRequest(ISO_HOST_CMD.GET_MULTIPLE_BLOCK_SECURITY_STATUS, addressing, firstBlock, blockCount, options);
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
