export { Sip2Client } from './client';
export type {
  CheckinOptions,
  CheckoutOptions,
  PatronInformationOptions,
  RenewOptions,
  Sip2ClientOptions,
  Sip2LogEvent,
  Sip2LoginCredentials,
} from './client';
export { isSip2ClientError, Sip2ClientError } from './errors';
export type { Sip2ClientErrorCode } from './errors';
