// Parsers in this folder never throw on input from the wire: a line from an
// ILS is data, and a malformed one must become a value the caller can log
// and act on (request a resend, report a protocol error), not a crash.

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export type Sip2ParseErrorCode =
  | 'EMPTY'
  | 'BAD_CHARACTER'
  | 'BAD_ERROR_DETECTION'
  | 'BAD_CHECKSUM'
  | 'UNKNOWN_MESSAGE'
  | 'TOO_SHORT'
  | 'BAD_FIXED_FIELD'
  | 'BAD_FIELD'
  | 'BAD_DATE';

export interface Sip2ParseError {
  code: Sip2ParseErrorCode;
  message: string;
  /** Character offset in the decoded line (byte offset for framing errors), when one applies. */
  offset?: number;
}

export type Sip2ParseResult<T> = Result<T, Sip2ParseError>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: Sip2ParseErrorCode, message: string, offset?: number): { ok: false; error: Sip2ParseError } {
  return { ok: false, error: offset === undefined ? { code, message } : { code, message, offset } };
}
