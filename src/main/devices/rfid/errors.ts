// Typed failures of pad operations. Drivers return these in a Result; the
// reader turns them into per-tag or reader events; nothing here throws.

import type { CodecError } from '#shared/codecs/result';

export type PadErrorCode =
  /** No reply within the request timeout. */
  | 'TIMEOUT'
  /** The link to the pad is gone (unplugged, closed); the request was not answered. */
  | 'DISCONNECTED'
  /** The addressed tag did not answer (it left the pad, or sits badly). */
  | 'NO_TRANSPONDER'
  /** The block or AFI is locked. */
  | 'TAG_LOCKED'
  | 'WRITE_FAILED'
  | 'READ_FAILED'
  /** The reader could not talk to the tag over the air. */
  | 'RF_ERROR'
  /** Any other status the reader reported. */
  | 'READER_STATUS'
  /** The reply did not parse (length, layout). */
  | 'BAD_REPLY'
  /** The request could not be built (bad UID, out-of-range field). */
  | 'BAD_REQUEST'
  /** A write was acknowledged but reading back gave another value. */
  | 'VERIFY_FAILED';

export interface PadError extends CodecError<PadErrorCode> {
  /** The reader's status byte, when it sent one. */
  readonly status?: number;
  /** The ISO 15693 error code after FEIG status 0x95. */
  readonly isoError?: number;
}

export function padError(code: PadErrorCode, message: string, extra: { status?: number; isoError?: number } = {}): PadError {
  return { code, message, ...extra };
}

/** Errors that mean "try again on the next round" rather than "this tag is bad". */
export function isTransient(error: PadError): boolean {
  return error.code === 'TIMEOUT' || error.code === 'NO_TRANSPONDER' || error.code === 'RF_ERROR';
}
