// FEIG "ISO Host" protocol framing (ID CPR / ID ISC readers).
//   standard: LEN COM-ADR CMD [STATUS] DATA CRC-lo CRC-hi   (LEN counts every byte)
//   advanced: 02 ALEN-hi ALEN-lo COM-ADR CMD [STATUS] DATA CRC-lo CRC-hi
// Requests carry no STATUS byte; responses do. CRC-16/MCRF4XX over every byte
// before the CRC, sent LSB first.
//
// The stream decoders wait until a candidate frame is complete before judging
// it, so a garbage byte that claims a long frame holds back what follows
// until enough bytes arrive: the serial layer should call flush() once the
// line has been idle longer than the inter-frame gap (≥ 5 ms at FEIG speeds).

import { crc16Mcrf4xx } from '#main/devices/bytes/crc';
import { createStreamDecoder } from '#main/link/frame-stream';
import type { FrameProbe, StreamDecoder } from '#main/link/frame-stream';
import { hexByte, hexWord } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export const FEIG_ADVANCED_START = 0x02;
export const FEIG_BROADCAST_ADDRESS = 0xff;

export interface FeigRequestFrame {
  readonly comAdr: number;
  readonly cmd: number;
  readonly data: Uint8Array;
}

export interface FeigResponseFrame {
  readonly comAdr: number;
  readonly cmd: number;
  readonly status: number;
  readonly data: Uint8Array;
}

export type DecodedFeigRequest = FeigRequestFrame & { readonly advanced: boolean };
export type DecodedFeigResponse = FeigResponseFrame & { readonly advanced: boolean };

export type FeigFrameErrorCode = 'BAD_LENGTH' | 'CRC_MISMATCH' | 'TRUNCATED' | 'TRAILING_BYTES' | 'BAD_FIELD' | 'FRAME_TOO_LONG';
export type FeigFrameError = CodecError<FeigFrameErrorCode>;

export interface FeigEncodeOptions {
  /** 'auto' uses the standard frame when it fits in 255 bytes. */
  readonly frame?: 'auto' | 'standard' | 'advanced';
}

export interface FeigDecoderOptions {
  /** Upper bound for an advanced frame's ALEN; guards against a garbage 02 claiming 64 KiB. */
  readonly maxFrameLength?: number;
  readonly maxSkipRun?: number;
}

const DEFAULT_MAX_FRAME = 8192;

function checkByte(name: string, value: number): FeigFrameError | null {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    return { code: 'BAD_FIELD', message: `${name} must be an integer 0–255, got ${value}` };
  }
  return null;
}

function encode(header: readonly number[], data: Uint8Array, options: FeigEncodeOptions): Result<Uint8Array, FeigFrameError> {
  const mode = options.frame ?? 'auto';
  const standardLength = 1 + header.length + data.length + 2;
  const useAdvanced = mode === 'advanced' || (mode === 'auto' && standardLength > 0xff);
  if (!useAdvanced && standardLength > 0xff) {
    return err('FRAME_TOO_LONG', `a standard frame holds at most 255 bytes; this one needs ${standardLength}`);
  }
  const prefix = useAdvanced ? 3 : 1;
  const total = prefix + header.length + data.length + 2;
  if (total > 0xffff) return err('FRAME_TOO_LONG', `an advanced frame holds at most 65535 bytes; this one needs ${total}`);
  const out = new Uint8Array(total);
  if (useAdvanced) {
    out[0] = FEIG_ADVANCED_START;
    out[1] = total >> 8;
    out[2] = total & 0xff;
  } else {
    out[0] = total;
  }
  out.set(header, prefix);
  out.set(data, prefix + header.length);
  const crc = crc16Mcrf4xx(out.subarray(0, total - 2));
  out[total - 2] = crc & 0xff;
  out[total - 1] = crc >> 8;
  return ok(out);
}

export function encodeFeigRequest(frame: FeigRequestFrame, options: FeigEncodeOptions = {}): Result<Uint8Array, FeigFrameError> {
  const bad = checkByte('COM-ADR', frame.comAdr) ?? checkByte('CMD', frame.cmd);
  if (bad) return { ok: false, error: bad };
  return encode([frame.comAdr, frame.cmd], frame.data, options);
}

/** Used by the reader simulator and tests: readers send these. */
export function encodeFeigResponse(frame: FeigResponseFrame, options: FeigEncodeOptions = {}): Result<Uint8Array, FeigFrameError> {
  const bad = checkByte('COM-ADR', frame.comAdr) ?? checkByte('CMD', frame.cmd) ?? checkByte('STATUS', frame.status);
  if (bad) return { ok: false, error: bad };
  return encode([frame.comAdr, frame.cmd, frame.status], frame.data, options);
}

function probe<F>(
  bytes: Uint8Array,
  headerLength: number,
  maxFrameLength: number,
  build: (header: Uint8Array, data: Uint8Array, advanced: boolean) => F,
): FrameProbe<F, 'BAD_LENGTH' | 'CRC_MISMATCH'> {
  const first = bytes[0];
  if (first === undefined) return { kind: 'incomplete' };
  const advanced = first === FEIG_ADVANCED_START;
  let length: number;
  let prefix: number;
  const minimum = headerLength + 2;
  if (advanced) {
    if (bytes.length < 3) return { kind: 'incomplete' };
    length = (bytes[1]! << 8) | bytes[2]!;
    prefix = 3;
    if (length < minimum + 3 || length > maxFrameLength) {
      return {
        kind: 'invalid',
        code: 'BAD_LENGTH',
        message: `advanced frame length ${length} is outside ${minimum + 3}..${maxFrameLength}`,
      };
    }
  } else {
    length = first;
    prefix = 1;
    if (length < minimum + 1) {
      return { kind: 'invalid', code: 'BAD_LENGTH', message: `frame length byte ${hexByte(length)} is shorter than the ${minimum + 1}-byte minimum` };
    }
  }
  if (bytes.length < length) return { kind: 'incomplete', needed: length };
  const expected = crc16Mcrf4xx(bytes.subarray(0, length - 2));
  const received = bytes[length - 2]! | (bytes[length - 1]! << 8);
  if (expected !== received) {
    return {
      kind: 'invalid',
      code: 'CRC_MISMATCH',
      message: `CRC of a ${length}-byte frame is ${hexWord(received)}, expected ${hexWord(expected)}`,
    };
  }
  const header = bytes.slice(prefix, prefix + headerLength);
  const data = bytes.slice(prefix + headerLength, length - 2);
  return { kind: 'frame', length, frame: build(header, data, advanced) };
}

function buildRequest(header: Uint8Array, data: Uint8Array, advanced: boolean): DecodedFeigRequest {
  return { comAdr: header[0]!, cmd: header[1]!, data, advanced };
}

function buildResponse(header: Uint8Array, data: Uint8Array, advanced: boolean): DecodedFeigResponse {
  return { comAdr: header[0]!, cmd: header[1]!, status: header[2]!, data, advanced };
}

function decodeWhole<F>(bytes: Uint8Array, headerLength: number, build: (h: Uint8Array, d: Uint8Array, a: boolean) => F): Result<F, FeigFrameError> {
  const result = probe(bytes, headerLength, 0xffff, build);
  if (result.kind === 'incomplete') {
    const wanted = result.needed === undefined ? '' : ` of ${result.needed}`;
    return err('TRUNCATED', `frame is incomplete: ${bytes.length}${wanted} bytes`);
  }
  if (result.kind === 'invalid') return err(result.code, result.message);
  if (result.length !== bytes.length) {
    return err('TRAILING_BYTES', `${bytes.length - result.length} bytes follow the ${result.length}-byte frame`);
  }
  return ok(result.frame);
}

/** Decodes exactly one complete frame. */
export function decodeFeigResponse(bytes: Uint8Array): Result<DecodedFeigResponse, FeigFrameError> {
  return decodeWhole(bytes, 3, buildResponse);
}

export function decodeFeigRequest(bytes: Uint8Array): Result<DecodedFeigRequest, FeigFrameError> {
  return decodeWhole(bytes, 2, buildRequest);
}

export type FeigStreamDecoder<F> = StreamDecoder<F, 'BAD_LENGTH' | 'CRC_MISMATCH'>;

export function createFeigResponseDecoder(options: FeigDecoderOptions = {}): FeigStreamDecoder<DecodedFeigResponse> {
  const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME;
  return createStreamDecoder((bytes) => probe(bytes, 3, max, buildResponse), options);
}

/** For the reader simulator: splits what the host sends. */
export function createFeigRequestDecoder(options: FeigDecoderOptions = {}): FeigStreamDecoder<DecodedFeigRequest> {
  const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME;
  return createStreamDecoder((bytes) => probe(bytes, 2, max, buildRequest), options);
}
