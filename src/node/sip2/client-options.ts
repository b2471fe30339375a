// What a SIP2 client is configured with, and the options of its requests.
import type tls from 'node:tls';
import type { PatronSummary, Sip2ChecksumMode, Sip2ChecksumStyle } from '#shared/sip2';
import type { Sip2Charset } from './charset';

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
  /** Character set of the wire, for text and checksums. Default 'utf-8'. */
  charset?: Sip2Charset;
  /** 'tolerant' also accepts replies summed over characters instead of bytes. Default 'bytes'. */
  checksumMode?: Sip2ChecksumMode;
  /** Every received line, raw bytes without terminator (a connection test reads the character set from them). */
  onLine?: (line: Buffer) => void;
  /** Called with the sum each checksummed reply matched (what a test-connection reports). */
  onChecksumStyle?: (style: Sip2ChecksumStyle) => void;
  /** Between variable fields; default '|'. */
  fieldDelimiter?: string;
  /**
   * The library system's IANA zone: dates go out as its wall-clock time with a
   * blank zone field (what servers read as their own zone); 'UTC' sends UTC
   * with 'Z'. Default: the desk's own zone (the behaviour before this option).
   */
  timeZone?: string;
  /**
   * How the no-block flag of 11/09/29 is written: 'Y'/'N' (the standard) or
   * '1'/'0' for systems that read it as a number and take 'Y' for no.
   */
  noBlockFlag?: 'YN' | '10';
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

export interface FeePaidOptions {
  /** Two digits; default '01' (other/unknown). */
  feeType?: string;
  /** Two digits; default '00' (cash). */
  paymentType?: string;
  /** Three letters; default 'TWD'. */
  currencyType?: string;
  feeIdentifier?: string;
  transactionId?: string;
  patronPassword?: string;
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
