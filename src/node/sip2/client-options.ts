// What a SIP2 client is configured with, and the options of its requests.
import type tls from 'node:tls';
import type { PatronSummary } from '#shared/sip2';

export interface Sip2LoginCredentials {
  userId: string;
  password: string;
  locationCode?: string;
  /** '0' (clear text) unless the ILS says otherwise. */
  uidAlgorithm?: string;
  pwdAlgorithm?: string;
}

export type Sip2LogEvent =
  | { kind: 'send' | 'receive'; /** masked, without terminator */ line: string }
  | { kind: 'info'; message: string };

export interface Sip2ClientOptions {
  host: string;
  port: number;
  /** true for TLS with default options, or node:tls options (ca, servername, rejectUnauthorized…). */
  tls?: boolean | tls.ConnectionOptions;
  /** AO in every request. */
  institutionId: string;
  /** AC in requests that carry it; '' when unset. */
  terminalPassword?: string;
  /** Logged in with automatically after every (re)connect. */
  credentials?: Sip2LoginCredentials;
  /** Send AY/AZ and verify them on replies. Default true. */
  errorDetection?: boolean;
  /** Per request, covering resends. Default 10 000 ms. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How many 97 (or replies to 96) per request before giving up. Default 3. */
  maxResends?: number;
  terminator?: '\r' | '\r\n';
  /** Three-digit SIP2 language code; default '000' (unknown). */
  language?: string;
  logger?: (event: Sip2LogEvent) => void;
  /** Clock for transaction dates (tests). */
  now?: () => Date;
}

export interface PatronInformationOptions {
  patronPassword?: string;
  summary?: PatronSummary;
  startItem?: number;
  endItem?: number;
}

export interface CheckoutOptions {
  patronPassword?: string;
  /** Let the ACS treat checking out an item the patron already has as a renewal. */
  scRenewalPolicy?: boolean;
  /** The transaction already happened offline: the ACS must not block it. */
  noBlock?: boolean;
  /** 18-character SIP2 date for no-block transactions. */
  nbDueDate?: string;
  feeAcknowledged?: boolean;
  itemProperties?: string;
  cancel?: boolean;
}

export interface CheckinOptions {
  currentLocation?: string;
  /** When the item was actually returned (offline checkins); default now. */
  returnDate?: Date;
  noBlock?: boolean;
  itemProperties?: string;
  cancel?: boolean;
}

export interface RenewOptions {
  patronPassword?: string;
  thirdPartyAllowed?: boolean;
  noBlock?: boolean;
  nbDueDate?: string;
  feeAcknowledged?: boolean;
  itemProperties?: string;
}
