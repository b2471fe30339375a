// Failures as staff need them: the SIP2 client says CONNECTION_FAILED for a
// DNS error and for a certificate the desk does not trust alike, but the fix
// differs (the host name vs. the CA certificate), so TLS failures get their
// own codes, read from the underlying Node error.
import { isSip2ClientError } from '#node/sip2/errors';
import type { Sip2ClientErrorCode } from '#node/sip2/errors';

export type IlsFailureCode =
  | Sip2ClientErrorCode
  /** The server's certificate is not trusted: unknown CA, self-signed, expired, or made out to another name. */
  | 'TLS_CERTIFICATE'
  /** TLS could not be negotiated (the server does not speak TLS, or no common protocol). */
  | 'TLS_HANDSHAKE'
  | 'DISABLED'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export interface IlsFailure {
  readonly code: IlsFailureCode;
  readonly message: string;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeFailure(error: unknown): IlsFailure {
  if (isSip2ClientError(error)) {
    if (error.code === 'CONNECTION_FAILED') {
      const cause = causeCode(error);
      if (cause !== undefined && CERTIFICATE_CODES.has(cause)) {
        return { code: 'TLS_CERTIFICATE', message: `the ILS's TLS certificate is not trusted (${cause}): check the CA certificate and the host name` };
      }
      if (cause !== undefined && (cause.startsWith('ERR_SSL_') || cause === 'EPROTO' || cause.startsWith('ERR_TLS_'))) {
        return { code: 'TLS_HANDSHAKE', message: `TLS handshake with the ILS failed (${cause}): is TLS enabled on that port?` };
      }
    }
    return { code: error.code, message: error.message };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
