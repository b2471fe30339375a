// Every failure of the SIP2 client is one of these codes, so callers (the
// desk's offline queue, the UI) can decide between "retry later", "ask the
// user" and "report a bug" without parsing messages.

export type Sip2ClientErrorCode =
  /** No reply within the request timeout, or the TCP/TLS connect took too long. */
  | 'TIMEOUT'
  /** The host actively refused the connection (nothing listening). */
  | 'CONNECTION_REFUSED'
  /** Any other failure to connect: DNS, unreachable host, TLS handshake. */
  | 'CONNECTION_FAILED'
  /** The connection dropped while a request was waiting for its reply. */
  | 'CONNECTION_LOST'
  /** Every resend (97) still produced a reply with a wrong checksum. */
  | 'BAD_CHECKSUM_EXHAUSTED'
  /** The ACS answered 94 with ok=0, or closed the connection during login. */
  | 'LOGIN_FAILED'
  /** Unparseable reply, unexpected reply type, wrong sequence number, or the ACS kept asking for resends. */
  | 'PROTOCOL_ERROR'
  /** The request could not be encoded (e.g. a '|' inside a barcode). */
  | 'INVALID_REQUEST'
  /** close() was called. */
  | 'CLOSED';

export class Sip2ClientError extends Error {
  override readonly name = 'Sip2ClientError';

  constructor(
    readonly code: Sip2ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSip2ClientError(error: unknown, code?: Sip2ClientErrorCode): error is Sip2ClientError {
  return error instanceof Sip2ClientError && (code === undefined || error.code === code);
}
