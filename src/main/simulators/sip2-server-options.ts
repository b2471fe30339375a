// What a test or demo sets up a simulated SIP2 server with, what it counts,
// and what it keeps per connection.
import type { Sip2SimLibraryOptions } from './sip2-library';
import type { Sip2ProfileName, Sip2ServerProfile } from './sip2-profiles';

export interface Sip2SimAccount {
  userId: string;
  password: string;
}

export interface Sip2ServerOptions extends Omit<Sip2SimLibraryOptions, 'noBlock' | 'supportedMessages' | 'announcedMessages' | 'blankCounts' | 'timeZone'> {
  /** How the server behaves where real servers differ; default 'strict'. Single fields may be overridden. */
  profile?: Sip2ProfileName | Sip2ServerProfile;
  /** Overrides of the profile's fields (e.g. a short idleTimeoutMs in tests). */
  overrides?: Partial<Omit<Sip2ServerProfile, 'name' | 'description'>>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: the OS picks a free port; read it from start() or `port`. */
  port?: number;
  /** When set, a connection must log in (93) before anything but 99; otherwise it is dropped, as strict ILSs do. */
  accounts?: Sip2SimAccount[];
  /** Line ending of replies; default CR. */
  lineEnding?: '\r' | '\r\n';
  /** Delay before each reply. */
  latencyMs?: number;
  /** Listen with TLS using this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface Sip2ServerStats {
  connections: number;
  logins: number;
  failedLogins: number;
  requests: number;
  /** 97 requests answered by repeating the last reply. */
  resendsServed: number;
  /** 96 replies sent because a request's checksum was wrong. */
  resendsRequested: number;
  droppedBeforeLogin: number;
  unreadable: number;
  /** Requests applied whose reply was never sent (dropNextReply). */
  repliesDropped: number;
  /** Messages the server does not support (closed on or ignored, per profile). */
  unsupported: number;
  /** Connections closed for idleness. */
  idleClosed: number;
}

export interface Sip2ConnectionState {
  loggedIn: boolean;
  /** The last reply's text (no AY/AZ), for 97: rebuilt with the profile's resend sequence. */
  lastReply: { text: string; checksummed: boolean; seq: number; sequenced: boolean } | null;
  idleTimer: NodeJS.Timeout | null;
  /** Replies go out in order even when latency is changed between them. */
  chain: Promise<void>;
}
