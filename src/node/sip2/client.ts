// SIP2 client over TCP (optionally TLS). SIP2 is strictly one request, one
// reply, so requests are queued and run one at a time. A SIP2 session is
// bound to its TCP connection: after a reconnect the client logs in again
// with the last credentials that succeeded, before the queued request.
//
// This file is the client's public face, its request queue and its session;
// beside it: message-builders.ts (the requests, as this connection writes
// them), connection.ts (socket, line framing, waiting for replies),
// reply-checks.ts (line ends, checksum style), round-trip.ts (97/96, sequence).
import { encodeFrame } from '#shared/sip2';
import type {
  FeePaidResponse,
  Sip2ChecksumStyle,
  Sip2ParseOptions,
  AcsStatusResponse,
  CheckinResponse,
  CheckoutResponse,
  EndSessionResponse,
  LoginResponse,
  PatronInformationResponse,
  PatronStatusResponse,
  RenewResponse,
  Sip2BuildOptions,
  Sip2Frame,
  Sip2Message,
  Sip2MessageOf,
  Sip2MessageType,
} from '#shared/sip2';
import { Sip2ClientError } from './errors';
import { replyOfType, replyWithCode, runRoundTrip, type ReplyReading } from './round-trip';
import type { CheckinOptions, CheckoutOptions, FeePaidOptions, PatronInformationOptions, RenewOptions, Sip2ClientOptions, Sip2LogEvent, Sip2LoginCredentials } from './client-options';
import { sip2Codec, type Sip2Codec } from './charset';
import { Sip2Connection } from './connection';
import { Sip2MessageBuilders } from './message-builders';
import { observeChecksumStyle } from './reply-checks';

export type { CheckinOptions, CheckoutOptions, FeePaidOptions, PatronInformationOptions, RenewOptions, Sip2ClientOptions, Sip2LogEvent, Sip2LoginCredentials } from './client-options';
export type { Sip2Charset } from './charset';
export { SIP2_CHARSETS } from './charset';

const DEFAULT_MAX_RESENDS = 3;

export class Sip2Client {
  private readonly connection: Sip2Connection;
  private readonly messages: Sip2MessageBuilders;
  private readonly codec: Sip2Codec;
  private lastStyle: Sip2ChecksumStyle | null = null;
  private nextSequence = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private session: Sip2LoginCredentials | null;
  private closed = false;

  constructor(private readonly options: Sip2ClientOptions) {
    this.session = options.credentials ?? null;
    this.codec = sip2Codec(options.charset ?? 'utf-8');
    this.messages = new Sip2MessageBuilders(options, this.codec);
    this.connection = new Sip2Connection(options, this.codec, (event) => this.log(event));
  }

  /** Which sum the last checksummed reply matched ('characters' only in tolerant mode); null before one arrived. */
  get lastChecksumStyle(): Sip2ChecksumStyle | null {
    return this.lastStyle;
  }

  /** An 18-character SIP2 date as this connection sends them (in the system's zone when one is set). */
  sipDate(date: Date): string {
    return this.messages.sipDate(date);
  }

  /** True while a TCP connection is open (it is opened on demand). */
  get connected(): boolean {
    return this.connection.open;
  }

  /** Opens the connection (and logs in when credentials are configured). Requests do this on their own. */
  connect(): Promise<void> {
    return this.enqueue(() => this.ensureConnected());
  }

  /** Logs in; rejects with LOGIN_FAILED when the ACS says no. The credentials are reused after reconnects. */
  login(credentials?: Sip2LoginCredentials): Promise<LoginResponse> {
    return this.enqueue(async () => {
      const creds = credentials ?? this.options.credentials;
      if (creds === undefined) throw new Sip2ClientError('INVALID_REQUEST', 'login: no credentials given or configured');
      await this.ensureConnected(false);
      const reply = await this.loginOnce(creds);
      this.session = creds;
      return reply;
    });
  }

  scStatus(options: { statusCode?: number; maxPrintWidth?: number; protocolVersion?: string } = {}): Promise<AcsStatusResponse> {
    return this.request(this.messages.scStatus(options), 'acsStatus');
  }

  patronStatus(patronId: string, patronPassword = ''): Promise<PatronStatusResponse> {
    return this.request(this.messages.patronStatus(patronId, patronPassword), 'patronStatusResponse');
  }

  /** 63 → 64. With a patronPassword, CQ in the reply tells whether the PIN is right; BL whether the patron exists. */
  patronInformation(patronId: string, options: PatronInformationOptions = {}): Promise<PatronInformationResponse> {
    return this.request(this.messages.patronInformation(patronId, options), 'patronInformationResponse');
  }

  /** 11 → 12. A refusal is a reply with ok=false and the ILS's reason in screenMessage, not an error. */
  checkout(patronId: string, itemId: string, options: CheckoutOptions = {}): Promise<CheckoutResponse> {
    return this.request(this.messages.checkout(patronId, itemId, options), 'checkoutResponse');
  }

  checkin(itemId: string, options: CheckinOptions = {}): Promise<CheckinResponse> {
    return this.request(this.messages.checkin(itemId, options), 'checkinResponse');
  }

  renew(patronId: string, itemId: string, options: RenewOptions = {}): Promise<RenewResponse> {
    return this.request(this.messages.renew(patronId, itemId, options), 'renewResponse');
  }

  /** 37 → 38: a fee paid at the desk. paymentAccepted=false is the system's answer, not an error. */
  feePaid(patronId: string, feeAmount: string, options: FeePaidOptions = {}): Promise<FeePaidResponse> {
    return this.request(this.messages.feePaid(patronId, feeAmount, options), 'feePaidResponse');
  }

  endSession(patronId: string, patronPassword?: string): Promise<EndSessionResponse> {
    return this.request(this.messages.endSession(patronId, patronPassword), 'endSessionResponse');
  }

  /** Sends any message and waits for a reply of the expected type (queued like the named methods). */
  request<T extends Sip2MessageType>(message: Sip2Message, expected: T): Promise<Sip2MessageOf<T>> {
    return this.enqueue(async () => {
      await this.ensureConnected();
      return this.exchange(message, expected);
    });
  }

  /**
   * Sends a message the shared codec has no layout for yet (17 Item Information):
   * `text` is the message without AY/AZ and terminator; the reply must start with
   * `replyCode`. Framing, 97/96 resends, sequence check, reconnect and login work as
   * for the typed requests. Resolves with the reply's frame (checksum verified).
   */
  requestText(text: string, replyCode: string): Promise<Sip2Frame> {
    return this.enqueue(async () => {
      if (/[\r\n]/.test(text) || !/^[0-9]{2}/.test(text)) {
        throw new Sip2ClientError('INVALID_REQUEST', 'requestText: the message must start with its 2-digit code and contain no CR or LF');
      }
      await this.ensureConnected();
      return this.roundTrip((framing) => encodeFrame(text, { ...framing, encode: this.codec.encode }), this.observed(replyWithCode(replyCode, this.parseOptions)));
    });
  }

  /** Drops the connection; pending and queued requests reject with CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    await this.connection.close(new Sip2ClientError('CLOSED', 'SIP2 client closed'));
  }

  // ------------------------------------------------------------ internals

  private get parseOptions(): Sip2ParseOptions {
    return { decode: this.codec.decode, checksum: this.options.checksumMode ?? 'bytes', fieldDelimiter: this.options.fieldDelimiter };
  }

  private observed<R>(read: (raw: Buffer) => ReplyReading<R>): (raw: Buffer) => ReplyReading<R> {
    return observeChecksumStyle(read, (style) => {
      this.lastStyle = style;
      try {
        this.options.onChecksumStyle?.(style);
      } catch {
        // An observer must not break circulation.
      }
    });
  }

  private log(event: Sip2LogEvent): void {
    try {
      this.options.logger?.(event);
    } catch {
      // A failing logger must not break circulation.
    }
  }

  private enqueue<R>(job: () => Promise<R>): Promise<R> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Sip2ClientError('CLOSED', 'SIP2 client closed');
      return job();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureConnected(relogin = true): Promise<void> {
    if (!this.connection.open) {
      const socket = await this.connection.openSocket();
      if (this.closed) {
        socket.destroy();
        throw new Sip2ClientError('CLOSED', 'SIP2 client closed');
      }
      this.connection.attach(socket);
      this.log({ kind: 'info', message: `connected to ${this.options.host}:${this.options.port}` });
    }
    // Until a login succeeds on this connection, every request tries again first:
    // strict ILSs drop connections that send circulation messages unauthenticated.
    if (relogin && this.session !== null && !this.connection.authenticated) await this.loginOnce(this.session);
  }

  private async loginOnce(credentials: Sip2LoginCredentials): Promise<LoginResponse> {
    const reply = await this.exchange(this.messages.login(credentials), 'loginResponse');
    if (!reply.ok) throw new Sip2ClientError('LOGIN_FAILED', `ACS refused login for user '${credentials.userId}'`);
    this.connection.authenticated = true;
    return reply;
  }

  private exchange<T extends Sip2MessageType>(message: Sip2Message, expected: T): Promise<Sip2MessageOf<T>> {
    return this.roundTrip((framing) => this.messages.encode(message, framing), this.observed(replyOfType(expected, this.parseOptions)));
  }

  /** One request/reply, with 97 on a bad checksum, resends on 96, and the sequence-number check. */
  private roundTrip<R>(encode: (framing: Sip2BuildOptions) => string, read: (raw: Buffer) => ReplyReading<R>): Promise<R> {
    const seq = this.nextSequence;
    this.nextSequence = (seq + 1) % 10;
    return runRoundTrip(
      {
        write: (line) => this.connection.write(line),
        nextLine: (deadline) => this.connection.nextLine(deadline),
        protocolError: (message) => this.connection.protocolError(message),
        discardStale: () => this.connection.discardStale(),
      },
      {
        seq,
        errorDetection: this.options.errorDetection ?? true,
        terminator: this.options.terminator ?? '\r',
        requestTimeoutMs: this.connection.requestTimeoutMs,
        maxResends: this.options.maxResends ?? DEFAULT_MAX_RESENDS,
        encode: this.codec.encode,
      },
      encode,
      read,
    );
  }
}
