// Framing: terminators and the optional error-detection suffix
// `AY<seq>AZ<checksum>`. Works on bytes so that a checksum received from an
// ILS is verified over exactly the bytes it was computed on, in whatever
// character set the connection uses (the caller passes the decoder: this
// folder stays pure and knows no Big5 tables).
//
// Only CR ends a SIP2 message (the standard's terminator). An LF inside the
// line is data: servers put multi-line patron notes in AF/AE unescaped, and
// treating that LF as the end cut the message in two (the first half taken
// without its checksum). A trailing CR/LF run is still stripped.
import { characterChecksum, sip2Checksum, utf8Bytes } from './checksum';
import { fail, ok } from './result';
import type { Sip2ParseResult } from './result';

const CR = 0x0d;
const LF = 0x0a;
const A = 0x41;
const Y = 0x59;
const Z = 0x5a;

export type Sip2Terminator = '\r' | '\r\n' | '';

/**
 * How a received checksum is checked.
 * - 'bytes': the standard: the sum of the bytes as received.
 * - 'tolerant': also accept the sum of the decoded characters' code points,
 *   which servers that checksum their (Perl/Java) strings before encoding
 *   them as UTF-8 send; the frame says which one matched.
 */
export type Sip2ChecksumMode = 'bytes' | 'tolerant';

/** Which sum a received checksum matched. */
export type Sip2ChecksumStyle = 'bytes' | 'characters';

export interface Sip2DecodeOptions {
  /** Bytes → text in the connection's character set; default UTF-8. */
  decode?: (bytes: Uint8Array) => string;
  /** Default 'bytes'. */
  checksum?: Sip2ChecksumMode;
}

export interface Sip2FrameOptions {
  /** Append `AY<seq>AZ<checksum>`. Default false. */
  errorDetection?: boolean;
  /** Sequence number 0–9; default 0. Ignored for messages that carry no sequence (96, 97). */
  seq?: number;
  /** Default '\r' (what the standard specifies); '' leaves the line unterminated. */
  terminator?: Sip2Terminator;
  /** Text → bytes in the connection's character set, for the checksum; default UTF-8. The caller must write the line with the same encoder. */
  encode?: (text: string) => Uint8Array;
}

export interface Sip2Frame {
  /** Message text without terminator and error-detection suffix. */
  text: string;
  sequence: number | null;
  /** The checksum as received (upper-cased), already verified; null when absent. */
  checksum: string | null;
  /** Which sum the checksum matched; null when there was none. */
  checksumStyle?: Sip2ChecksumStyle | null;
}

const decoder = new TextDecoder('utf-8');

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && (isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

function hasAsciiPair(bytes: Uint8Array, at: number, first: number, second: number): boolean {
  return at >= 0 && bytes[at] === first && bytes[at + 1] === second;
}

export function decodeFrame(input: string | Uint8Array, options: Sip2DecodeOptions = {}): Sip2ParseResult<Sip2Frame> {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input;
  const decode = typeof input === 'string' ? (b: Uint8Array) => decoder.decode(b) : (options.decode ?? ((b: Uint8Array) => decoder.decode(b)));
  let start = 0;
  let end = bytes.length;
  // Servers differ (CR, CRLF, occasionally LF): any run of them ends the line; an LF left over from a CRLF may start it.
  while (end > 0 && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--;
  while (start < end && bytes[start] === LF) start++;
  if (end === start) return fail('EMPTY', 'empty line: no SIP2 message before the terminator');
  for (let i = start; i < end; i++) {
    if (bytes[i] === CR) {
      return fail('BAD_CHARACTER', `CR inside the message at byte ${i}: two messages were joined`, i);
    }
  }
  const body = start === 0 ? bytes : bytes.subarray(start);
  return decodeBody(body, end - start, decode, options.checksum ?? 'bytes');
}

function decodeBody(bytes: Uint8Array, end: number, decode: (bytes: Uint8Array) => string, mode: Sip2ChecksumMode): Sip2ParseResult<Sip2Frame> {
  let checksumStyle: Sip2ChecksumStyle | null = null;

  let bodyEnd = end;
  let checksum: string | null = null;
  let sequence: number | null = null;

  if (hasAsciiPair(bytes, end - 6, A, Z)) {
    const hex = bytes.subarray(end - 4, end);
    if (!hex.every((b) => isHex(b))) {
      return fail('BAD_ERROR_DETECTION', `AZ must be followed by 4 hex digits, got '${decoder.decode(hex)}'`, end - 4);
    }
    checksum = decoder.decode(hex).toUpperCase();
    const expected = sip2Checksum(bytes, end - 4);
    if (expected === checksum) checksumStyle = 'bytes';
    else if (mode === 'tolerant' && characterChecksum(decode(bytes.subarray(0, end - 4))) === checksum) checksumStyle = 'characters';
    else {
      const also = mode === 'tolerant' ? ', characters to ' + characterChecksum(decode(bytes.subarray(0, end - 4))) : '';
      return fail('BAD_CHECKSUM', `checksum mismatch: message carries ${checksum}, bytes sum to ${expected}${also}`, end - 4);
    }
    bodyEnd = end - 6;
  } else if (end >= 2 && bytes[end - 2] === A && bytes[end - 1] === Z) {
    return fail('BAD_ERROR_DETECTION', 'AZ at the end of the message is not followed by 4 hex digits', end - 2);
  }

  if (hasAsciiPair(bytes, bodyEnd - 3, A, Y)) {
    const digit = bytes[bodyEnd - 1];
    if (!isDigit(digit)) {
      return fail('BAD_ERROR_DETECTION', `AY must be followed by one digit 0-9, got byte 0x${(digit ?? 0).toString(16)}`, bodyEnd - 1);
    }
    sequence = (digit ?? 0x30) - 0x30;
    bodyEnd -= 3;
  } else if (checksum !== null && hasAsciiPair(bytes, bodyEnd - 2, A, Y)) {
    return fail('BAD_ERROR_DETECTION', 'AY directly before AZ has no sequence digit', bodyEnd - 2);
  }

  return ok({ text: decode(bytes.subarray(0, bodyEnd)), sequence, checksum, checksumStyle });
}

/** Adds error detection and the terminator to a message text. */
export function encodeFrame(text: string, options: Sip2FrameOptions & { withSequence?: boolean } = {}): string {
  const terminator = options.terminator ?? '\r';
  if (!options.errorDetection) return text + terminator;
  const seq = options.seq ?? 0;
  if (!Number.isInteger(seq) || seq < 0 || seq > 9) throw new RangeError(`SIP2 sequence number must be 0-9, got ${seq}`);
  const head = `${text}${options.withSequence === false ? '' : `AY${seq}`}AZ`;
  return head + sip2Checksum(options.encode === undefined ? utf8Bytes(head) : options.encode(head)) + terminator;
}

/** Removes trailing CR/LF characters; for logging and comparisons. */
export function stripTerminator(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}
