// How the simulated SIP2 server behaves where real servers differ from each
// other and from the letter of the standard. Each profile is written from the
// servers' documentation, not from what the desk's client happens to expect:
//
// - Koha's and Evergreen's SIPServer (C4::SIP / SIPServer.pm): a connection
//   must log in (93) before anything else, or it is dropped; a message the
//   server has no handler for ends the connection; an idle connection is
//   closed after the service's timeout; a 97 is answered by sending the last
//   response again, rebuilt with sequence number 0; field delimiter and
//   character set are per-account settings (UTF-8 by default).
// - Systems that checksum their text before encoding it (character sums):
//   every reply carrying a non-ASCII name fails a byte-sum check.
// - Older Taiwanese installations speak Big5 and run on Asia/Taipei time,
//   reading a blank zone field as their own zone.
// - Systems without Item Information (17) say so in BX and stay silent when
//   it is sent anyway; some systems read the no-block flag as a digit.
import type { SupportedMessages } from '#shared/sip2';
import type { Sip2Charset } from '#node/sip2/charset';

export type Sip2ProfileName = 'strict' | 'closing' | 'char-checksum' | 'big5' | 'no-item-info';

export interface Sip2ServerProfile {
  readonly name: Sip2ProfileName;
  readonly description: string;
  readonly charset: Sip2Charset;
  /** What the server's checksums are the sum of. */
  readonly checksum: 'bytes' | 'characters';
  /** A message the server has no handler for (or does not support): close the connection, or say nothing. */
  readonly onUnsupported: 'close' | 'silent';
  /** Close a connection that sent nothing for this long; null: never. */
  readonly idleTimeoutMs: number | null;
  /** The sequence number of a reply sent again for a 97. */
  readonly resendSequence: 'zero' | 'original';
  /** How the no-block flag is read: 'Y' (the standard) or '1' (a digit; 'Y' then means no). */
  readonly noBlockFlag: 'YN' | '10';
  /** Whether no-block transactions skip the system's checks. */
  readonly noBlock: 'honoured' | 'ignored';
  readonly supportedMessages: readonly (keyof SupportedMessages)[];
  /** What BX claims, when a server claims more than it answers; default supportedMessages. */
  readonly announcedMessages?: readonly (keyof SupportedMessages)[];
  /** Counts not kept by the system go out as four blanks. */
  readonly blankCounts: boolean;
  /** Zone of the system's clock (IANA); blank-zone dates are read in it. */
  readonly timeZone: string;
  readonly fieldDelimiter: string;
}

/** Every message the desk and the portal use: what a full-featured server (and the simulator by default) supports. */
export const ALL_USED: readonly (keyof SupportedMessages)[] = [
  'patronStatusRequest',
  'checkout',
  'checkin',
  'scAcsStatus',
  'requestScAcsResend',
  'login',
  'patronInformation',
  'endPatronSession',
  'feePaid',
  'itemInformation',
  'renew',
];

const BASE: Omit<Sip2ServerProfile, 'name' | 'description'> = {
  charset: 'utf-8',
  checksum: 'bytes',
  onUnsupported: 'close',
  idleTimeoutMs: null,
  resendSequence: 'zero',
  noBlockFlag: 'YN',
  noBlock: 'honoured',
  supportedMessages: ALL_USED,
  blankCounts: false,
  timeZone: 'Asia/Taipei',
  fieldDelimiter: '|',
};

export const SIP2_SERVER_PROFILES: Readonly<Record<Sip2ProfileName, Sip2ServerProfile>> = {
  strict: {
    ...BASE,
    name: 'strict',
    description: 'by the standard: UTF-8, byte checksums, login before anything, 97 answered with AY0, unknown messages close the connection',
  },
  closing: {
    ...BASE,
    name: 'closing',
    description: 'SIPServer-like: closes on unsupported messages and after 60 s idle, reads no-block as a digit, blank counts it does not keep',
    idleTimeoutMs: 60_000,
    noBlockFlag: '10',
    blankCounts: true,
  },
  'char-checksum': {
    ...BASE,
    name: 'char-checksum',
    description: 'UTF-8 with checksums summed over characters instead of bytes',
    checksum: 'characters',
  },
  big5: {
    ...BASE,
    name: 'big5',
    description: 'Big5 text and byte checksums over Big5, no Fee Paid, blank counts',
    charset: 'big5',
    supportedMessages: ALL_USED.filter((m) => m !== 'feePaid'),
    blankCounts: true,
  },
  'no-item-info': {
    ...BASE,
    name: 'no-item-info',
    description: 'no Item Information (17) or Fee Paid (37): BX says so and the server stays silent when they are sent',
    onUnsupported: 'silent',
    supportedMessages: ALL_USED.filter((m) => m !== 'itemInformation' && m !== 'feePaid'),
  },
};

export const SIP2_PROFILE_NAMES = Object.keys(SIP2_SERVER_PROFILES) as Sip2ProfileName[];
