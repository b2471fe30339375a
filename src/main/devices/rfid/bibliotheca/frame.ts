// 3M / Bibliotheca pad framing (Model 210 and 810 alike: start byte D6 for
// every command; D5 only frames the 810's hardware probe and its answer).
//   request: D6 LEN-hi LEN-lo CMD FIELDS CHECK-hi CHECK-lo
//   reply:   D6 LEN-hi LEN-lo CMD ERROR FIELDS CHECK-hi CHECK-lo
// LEN counts the bytes after itself, check included. CHECK is CRC-16/GENIBUS
// over everything after the start byte, sent MSB first.

import { crc16Genibus } from '#main/devices/bytes/crc';
import { createStreamDecoder } from '#main/link/frame-stream';
import type { FrameProbe, StreamDecoder } from '#main/link/frame-stream';
import { hexByte, hexWord } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export const BIBLIOTHECA_START = { MODEL_210: 0xd6, MODEL_810: 0xd5 } as const;

export const BIBLIOTHECA_CMD = {
  INVENTORY: 0xfe,
  READ_MULTIBLOCK: 0x02,
  WRITE_MULTIBLOCK: 0x04,
  GET_AFI: 0x0a,
  WRITE_AFI: 0x09,
  EAS_CHECK: 0x03,
  EAS_CONTROL: 0x0c,
  VERSION: 0x11,
} as const;

export const BIBLIOTHECA_ERROR = {
  OK: 0x00,
  NO_TRANSPONDER: 0x06,
  LOCKED: 0x12,
  READ_FAILED: 0x15,
  WRITE_FAILED: 0x16,
} as const;

const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [BIBLIOTHECA_ERROR.OK]: 'OK',
  [BIBLIOTHECA_ERROR.NO_TRANSPONDER]: 'no transponder on the pad',
  [BIBLIOTHECA_ERROR.LOCKED]: 'the block or AFI is locked',
  [BIBLIOTHECA_ERROR.READ_FAILED]: 'reading the transponder failed',
  [BIBLIOTHECA_ERROR.WRITE_FAILED]: 'writing the transponder failed',
};

export function describeBibliothecaError(code: number): string {
  return ERROR_MESSAGES[code] ?? `unknown pad error ${hexByte(code)}`;
}

export interface BibliothecaRequest {
  readonly cmd: number;
  readonly fields: Uint8Array;
}

export interface BibliothecaReply {
  readonly cmd: number;
  readonly error: number;
  readonly fields: Uint8Array;
}

export type DecodedBibliothecaRequest = BibliothecaRequest & { readonly startByte: number };
export type DecodedBibliothecaReply = BibliothecaReply & { readonly startByte: number };

export type BibliothecaFrameErrorCode = 'NO_START' | 'BAD_LENGTH' | 'CRC_MISMATCH' | 'TRUNCATED' | 'TRAILING_BYTES' | 'BAD_FIELD' | 'FRAME_TOO_LONG';
export type BibliothecaFrameError = CodecError<BibliothecaFrameErrorCode>;

export interface BibliothecaEncodeOptions {
  readonly startByte?: number;
}

export interface BibliothecaDecoderOptions {
  /** Start bytes to accept; both models by default. */
  readonly startBytes?: readonly number[];
  readonly maxFrameLength?: number;
  readonly maxSkipRun?: number;
}

const DEFAULT_STARTS: readonly number[] = [BIBLIOTHECA_START.MODEL_210, BIBLIOTHECA_START.MODEL_810];
const DEFAULT_MAX_FRAME = 1024;

function byteError(name: string, value: number): BibliothecaFrameError | null {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) return { code: 'BAD_FIELD', message: `${name} must be an integer 0–255, got ${value}` };
  return null;
}

function encode(startByte: number, header: readonly number[], fields: Uint8Array): Result<Uint8Array, BibliothecaFrameError> {
  const len = header.length + fields.length + 2;
  if (len > 0xffff) return err('FRAME_TOO_LONG', `LEN would be ${len}; at most 65535 fits`);
  const out = new Uint8Array(3 + len);
  out[0] = startByte;
  out[1] = len >> 8;
  out[2] = len & 0xff;
  out.set(header, 3);
  out.set(fields, 3 + header.length);
  const check = crc16Genibus(out.subarray(1, out.length - 2));
  out[out.length - 2] = check >> 8;
  out[out.length - 1] = check & 0xff;
  return ok(out);
}

export function encodeBibliothecaRequest(request: BibliothecaRequest, options: BibliothecaEncodeOptions = {}): Result<Uint8Array, BibliothecaFrameError> {
  const start = options.startByte ?? BIBLIOTHECA_START.MODEL_210;
  const bad = byteError('start byte', start) ?? byteError('CMD', request.cmd);
  if (bad) return { ok: false, error: bad };
  return encode(start, [request.cmd], request.fields);
}

/** Used by the pad simulator and tests. */
export function encodeBibliothecaReply(reply: BibliothecaReply, options: BibliothecaEncodeOptions = {}): Result<Uint8Array, BibliothecaFrameError> {
  const start = options.startByte ?? BIBLIOTHECA_START.MODEL_210;
  const bad = byteError('start byte', start) ?? byteError('CMD', reply.cmd) ?? byteError('error', reply.error);
  if (bad) return { ok: false, error: bad };
  return encode(start, [reply.cmd, reply.error], reply.fields);
}

type ProbeCode = 'NO_START' | 'BAD_LENGTH' | 'CRC_MISMATCH';

function probe<F>(
  bytes: Uint8Array,
  starts: readonly number[],
  headerLength: number,
  maxFrameLength: number,
  build: (start: number, header: Uint8Array, fields: Uint8Array) => F,
): FrameProbe<F, ProbeCode> {
  const first = bytes[0];
  if (first === undefined) return { kind: 'incomplete' };
  if (!starts.includes(first)) {
    return { kind: 'invalid', code: 'NO_START', message: `byte ${hexByte(first)} is not a start byte (${starts.map(hexByte).join('/')})` };
  }
  if (bytes.length < 3) return { kind: 'incomplete' };
  const len = (bytes[1]! << 8) | bytes[2]!;
  const minimum = headerLength + 2;
  if (len < minimum || 3 + len > maxFrameLength) {
    return { kind: 'invalid', code: 'BAD_LENGTH', message: `LEN ${len} is outside ${minimum}..${maxFrameLength - 3}` };
  }
  const total = 3 + len;
  if (bytes.length < total) return { kind: 'incomplete', needed: total };
  const expected = crc16Genibus(bytes.subarray(1, total - 2));
  const received = (bytes[total - 2]! << 8) | bytes[total - 1]!;
  if (expected !== received) {
    return { kind: 'invalid', code: 'CRC_MISMATCH', message: `check of a ${total}-byte frame is ${hexWord(received)}, expected ${hexWord(expected)}` };
  }
  return {
    kind: 'frame',
    length: total,
    frame: build(first, bytes.slice(3, 3 + headerLength), bytes.slice(3 + headerLength, total - 2)),
  };
}

const buildRequest = (startByte: number, h: Uint8Array, fields: Uint8Array): DecodedBibliothecaRequest => ({ cmd: h[0]!, fields, startByte });
const buildReply = (startByte: number, h: Uint8Array, fields: Uint8Array): DecodedBibliothecaReply => ({ cmd: h[0]!, error: h[1]!, fields, startByte });

function decodeWhole<F>(bytes: Uint8Array, headerLength: number, build: (s: number, h: Uint8Array, f: Uint8Array) => F): Result<F, BibliothecaFrameError> {
  const result = probe(bytes, DEFAULT_STARTS, headerLength, 0xffff + 3, build);
  if (result.kind === 'incomplete') {
    const wanted = result.needed === undefined ? '' : ` of ${result.needed}`;
    return err('TRUNCATED', `frame is incomplete: ${bytes.length}${wanted} bytes`);
  }
  if (result.kind === 'invalid') return err(result.code, result.message);
  if (result.length !== bytes.length) return err('TRAILING_BYTES', `${bytes.length - result.length} bytes follow the ${result.length}-byte frame`);
  return ok(result.frame);
}

export function decodeBibliothecaRequest(bytes: Uint8Array): Result<DecodedBibliothecaRequest, BibliothecaFrameError> {
  return decodeWhole(bytes, 1, buildRequest);
}

export function decodeBibliothecaReply(bytes: Uint8Array): Result<DecodedBibliothecaReply, BibliothecaFrameError> {
  return decodeWhole(bytes, 2, buildReply);
}

export type BibliothecaStreamDecoder<F> = StreamDecoder<F, ProbeCode>;

export function createBibliothecaReplyDecoder(options: BibliothecaDecoderOptions = {}): BibliothecaStreamDecoder<DecodedBibliothecaReply> {
  const starts = options.startBytes ?? DEFAULT_STARTS;
  const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME;
  return createStreamDecoder((bytes) => probe(bytes, starts, 2, max, buildReply), options);
}

/** For the pad simulator: splits what the host sends. */
export function createBibliothecaRequestDecoder(options: BibliothecaDecoderOptions = {}): BibliothecaStreamDecoder<DecodedBibliothecaRequest> {
  const starts = options.startBytes ?? DEFAULT_STARTS;
  const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME;
  return createStreamDecoder((bytes) => probe(bytes, starts, 1, max, buildRequest), options);
}
