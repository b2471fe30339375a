// SIP2 client over TCP (optionally TLS). SIP2 is strictly one request, one
// reply, so requests are queued and run one at a time. A SIP2 session is
// bound to its TCP connection: after a reconnect the client logs in again
// with the last credentials that succeeded, before the queued request.
import type net from 'node:net';
import { BLANK_SIP_DATE, buildSip2Message, encodeFrame, formatSipDate, formatSipDateIn, maskSip2Line, stripTerminator } from '#shared/sip2';
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
import { openSip2Socket } from './open-socket';
import { ReplyInbox } from './reply-inbox';
import { replyOfType, replyWithCode, runRoundTrip, type ReplyReading } from './round-trip';
import type { CheckinOptions, CheckoutOptions, FeePaidOptions, PatronInformationOptions, RenewOptions, Sip2ClientOptions, Sip2LogEvent, Sip2LoginCredentials } from './client-options';
import { LineFramer } from '#node/line-framer';
import { SIP2_MAX_LINE_BYTES } from './limits';
import { sip2Codec, type Sip2Codec } from './charset';

export type { CheckinOptions, CheckoutOptions, FeePaidOptions, PatronInformationOptions, RenewOptions, Sip2ClientOptions, Sip2LogEvent, Sip2LoginCredentials } from './client-options';
export type { Sip2Charset } from './charset';
export { SIP2_CHARSETS } from './charset';

/** A whole error-detected SIP2 frame ends in AZ and four hex digits: only then may a bare LF end it. */
function endsWithChecksum(line: Uint8Array): boolean {
  const n = line.length;
  if (n < 6 || line[n - 6] !== 0x41 || line[n - 5] !== 0x5a) return false;
  for (let i = n - 4; i < n; i++) {
    const b = line[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

/** Where the no-block flag sits in the messages that carry one (code + fixed fields before it). */
const NO_BLOCK_AT: Readonly<Record<string, number>> = { '11': 3, '09': 2, '29': 3 };

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESENDS = 3;

export class Sip2Client {
  private socket: net.Socket | null = null;
  private readonly framer: LineFramer;
  private readonly codec: Sip2Codec;
  private lastStyle: Sip2ChecksumStyle | null = null;
  private readonly inbox = new ReplyInbox();
  private nextSequence = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private session: Sip2LoginCredentials | null;
  private closed = false;
  /** A login succeeded on the current connection. */
  private authenticated = false;

  constructor(private readonly options: Sip2ClientOptions) {
    this.session = options.credentials ?? null;
    this.codec = sip2Codec(options.charset ?? 'utf-8');
    // With error detection a whole reply ends in AZxxxx, so an LF anywhere else is data. Without it nothing tells
    // a field's LF from a server's bare-LF terminator: LF ends the line, as it always did.
    this.framer = new LineFramer(SIP2_MAX_LINE_BYTES, { lfEndsLine: (options.errorDetection ?? true) ? endsWithChecksum : () => true });
  }

  /** Which sum the last checksummed reply matched ('characters' only in tolerant mode); null before one arrived. */
  get lastChecksumStyle(): Sip2ChecksumStyle | null {
    return this.lastStyle;
  }

  /** An 18-character SIP2 date as this connection sends them (in the system's zone when one is set). */
  sipDate(date: Date): string {
    return this.options.timeZone === undefined ? formatSipDate(date) : formatSipDateIn(date, this.options.timeZone);
  }

  /** True while a TCP connection is open (it is opened on demand). */
  get connected(): boolean {
    return this.socket !== null;
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
    return this.request(
      { type: 'scStatus', statusCode: options.statusCode ?? 0, maxPrintWidth: options.maxPrintWidth ?? 80, protocolVersion: options.protocolVersion ?? '2.00' },
      'acsStatus',
    );
  }

  patronStatus(patronId: string, patronPassword = ''): Promise<PatronStatusResponse> {
    return this.request(
      {
        type: 'patronStatus',
        language: this.language,
        transactionDate: this.transactionDate(),
        institutionId: this.options.institutionId,
        patronId,
        terminalPassword: this.options.terminalPassword ?? '',
        patronPassword,
      },
      'patronStatusResponse',
    );
  }

  /** 63 → 64. With a patronPassword, CQ in the reply tells whether the PIN is right; BL whether the patron exists. */
  patronInformation(patronId: string, options: PatronInformationOptions = {}): Promise<PatronInformationResponse> {
    return this.request(
      {
        type: 'patronInformation',
        language: this.language,
        transactionDate: this.transactionDate(),
        summary: options.summary ?? 'none',
        institutionId: this.options.institutionId,
        patronId,
        terminalPassword: this.options.terminalPassword,
        patronPassword: options.patronPassword,
        startItem: options.startItem,
        endItem: options.endItem,
      },
      'patronInformationResponse',
    );
  }

  /** 11 → 12. A refusal is a reply with ok=false and the ILS's reason in screenMessage, not an error. */
  checkout(patronId: string, itemId: string, options: CheckoutOptions = {}): Promise<CheckoutResponse> {
    return this.request(
      {
        type: 'checkout',
        scRenewalPolicy: options.scRenewalPolicy ?? false,
        noBlock: options.noBlock ?? false,
        transactionDate: this.transactionDate(),
        nbDueDate: options.nbDueDate ?? BLANK_SIP_DATE,
        institutionId: this.options.institutionId,
        patronId,
        itemId,
        terminalPassword: this.options.terminalPassword ?? '',
        itemProperties: options.itemProperties,
        patronPassword: options.patronPassword,
        feeAcknowledged: options.feeAcknowledged,
        cancel: options.cancel,
      },
      'checkoutResponse',
    );
  }

  checkin(itemId: string, options: CheckinOptions = {}): Promise<CheckinResponse> {
    return this.request(
      {
        type: 'checkin',
        noBlock: options.noBlock ?? false,
        transactionDate: this.transactionDate(),
        returnDate: this.sipDate(options.returnDate ?? this.now()),
        currentLocation: options.currentLocation ?? '',
        institutionId: this.options.institutionId,
        itemId,
        terminalPassword: this.options.terminalPassword ?? '',
        itemProperties: options.itemProperties,
        cancel: options.cancel,
      },
      'checkinResponse',
    );
  }

  renew(patronId: string, itemId: string, options: RenewOptions = {}): Promise<RenewResponse> {
    return this.request(
      {
        type: 'renew',
        thirdPartyAllowed: options.thirdPartyAllowed ?? false,
        noBlock: options.noBlock ?? false,
        transactionDate: this.transactionDate(),
        nbDueDate: options.nbDueDate ?? BLANK_SIP_DATE,
        institutionId: this.options.institutionId,
        patronId,
        patronPassword: options.patronPassword,
        itemId,
        terminalPassword: this.options.terminalPassword,
        itemProperties: options.itemProperties,
        feeAcknowledged: options.feeAcknowledged,
      },
      'renewResponse',
    );
  }

  /** 37 → 38: a fee paid at the desk. paymentAccepted=false is the system's answer, not an error. */
  feePaid(patronId: string, feeAmount: string, options: FeePaidOptions = {}): Promise<FeePaidResponse> {
    return this.request(
      {
        type: 'feePaid',
        transactionDate: this.transactionDate(),
        feeType: options.feeType ?? '01',
        paymentType: options.paymentType ?? '00',
        currencyType: options.currencyType ?? 'TWD',
        feeAmount,
        institutionId: this.options.institutionId,
        patronId,
        terminalPassword: this.options.terminalPassword,
        patronPassword: options.patronPassword,
        feeIdentifier: options.feeIdentifier,
        transactionId: options.transactionId,
      },
      'feePaidResponse',
    );
  }

  endSession(patronId: string, patronPassword?: string): Promise<EndSessionResponse> {
    return this.request(
      {
        type: 'endPatronSession',
        transactionDate: this.transactionDate(),
        institutionId: this.options.institutionId,
        patronId,
        terminalPassword: this.options.terminalPassword,
        patronPassword,
      },
      'endSessionResponse',
    );
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
    this.failWaiter(new Sip2ClientError('CLOSED', 'SIP2 client closed'));
    const socket = this.socket;
    this.socket = null;
    if (socket === null || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  // ------------------------------------------------------------ internals

  private get language(): string {
    return this.options.language ?? '000';
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private transactionDate(): string {
    return this.sipDate(this.now());
  }

  private get parseOptions(): Sip2ParseOptions {
    return { decode: this.codec.decode, checksum: this.options.checksumMode ?? 'bytes', fieldDelimiter: this.options.fieldDelimiter };
  }

  /** Notes which sum each reply's checksum matched, for the test-connection report. */
  private observed<R>(read: (raw: Buffer) => ReplyReading<R>): (raw: Buffer) => ReplyReading<R> {
    return (raw) => {
      const reading = read(raw);
      if (reading.kind === 'reply' && reading.checksumStyle) {
        this.lastStyle = reading.checksumStyle;
        try {
          this.options.onChecksumStyle?.(reading.checksumStyle);
        } catch {
          // An observer must not break circulation.
        }
      }
      return reading;
    };
  }

  /** A message as this connection writes it: its delimiter, its character set for the checksum, its no-block spelling. */
  private encodeMessage(message: Sip2Message, framing: Sip2BuildOptions): string {
    const options = { ...framing, fieldDelimiter: this.options.fieldDelimiter, encode: this.codec.encode };
    const at = NO_BLOCK_AT[buildSip2Message(message, { errorDetection: false, terminator: '' }).slice(0, 2)];
    if (this.options.noBlockFlag !== '10' || at === undefined) return buildSip2Message(message, options);
    const text = buildSip2Message(message, { ...options, errorDetection: false, terminator: '' });
    const flag = text[at] === 'Y' ? '1' : '0';
    return encodeFrame(text.slice(0, at) + flag + text.slice(at + 1), options);
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
    if (this.socket === null) {
      const socket = await this.openSocket();
      if (this.closed) {
        socket.destroy();
        throw new Sip2ClientError('CLOSED', 'SIP2 client closed');
      }
      this.attach(socket);
      this.log({ kind: 'info', message: `connected to ${this.options.host}:${this.options.port}` });
    }
    // Until a login succeeds on this connection, every request tries again first:
    // strict ILSs drop connections that send circulation messages unauthenticated.
    if (relogin && this.session !== null && !this.authenticated) await this.loginOnce(this.session);
  }

  private async loginOnce(credentials: Sip2LoginCredentials): Promise<LoginResponse> {
    const reply = await this.exchange(
      {
        type: 'login',
        uidAlgorithm: credentials.uidAlgorithm ?? '0',
        pwdAlgorithm: credentials.pwdAlgorithm ?? '0',
        loginUserId: credentials.userId,
        loginPassword: credentials.password,
        locationCode: credentials.locationCode,
      },
      'loginResponse',
    );
    if (!reply.ok) throw new Sip2ClientError('LOGIN_FAILED', `ACS refused login for user '${credentials.userId}'`);
    this.authenticated = true;
    return reply;
  }

  private openSocket(): Promise<net.Socket> {
    return openSip2Socket(this.options.host, this.options.port, this.options.tls, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    this.authenticated = false;
    this.framer.reset();
    this.inbox.clear();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (error) => this.log({ kind: 'info', message: `socket error: ${error.message}` }));
    // 'end' comes first when the server closes; forget the socket then so the next request reconnects.
    socket.on('end', () => this.onDisconnect(socket, 'server closed the connection'));
    socket.on('close', () => this.onDisconnect(socket, 'connection closed'));
  }

  private onDisconnect(socket: net.Socket, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    this.log({ kind: 'info', message: reason });
    this.failWaiter(new Sip2ClientError('CONNECTION_LOST', `${reason} while waiting for a reply`));
  }

  private dropConnection(reason: string): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.log({ kind: 'info', message: `dropping connection: ${reason}` });
    socket.destroy();
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    const lines: Buffer[] = [];
    for (const event of this.framer.push(chunk)) {
      if (event.kind === 'overflow') {
        // A line that long is a broken peer, not a message.
        this.dropConnection('oversized line');
        this.failWaiter(new Sip2ClientError('PROTOCOL_ERROR', `SIP2 line longer than ${event.maxLength} bytes without a terminator`));
        return;
      }
      // Lines stay bytes so the checksum is verified over what was received.
      lines.push(Buffer.from(event.bytes.buffer, event.bytes.byteOffset, event.bytes.length));
    }
    for (const line of lines) {
      try {
        this.options.onLine?.(line);
      } catch {
        // An observer must not break circulation.
      }
      this.log({ kind: 'receive', line: maskSip2Line(this.codec.decode(line)) });
      this.inbox.deliver(line);
    }
  }

  private failWaiter(error: Sip2ClientError): void {
    this.inbox.fail(error);
  }

  private nextLine(deadline: number): Promise<Buffer> {
    return this.inbox.next(deadline, this.socket !== null, () => {
      // A late reply would be taken for the answer to the next request: start a fresh connection instead.
      this.dropConnection('reply timeout');
      return new Sip2ClientError('TIMEOUT', `no reply within ${this.requestTimeoutMs} ms`);
    });
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private write(line: string): void {
    const socket = this.socket;
    if (socket === null) throw new Sip2ClientError('CONNECTION_LOST', 'connection closed before the request was sent');
    this.log({ kind: 'send', line: maskSip2Line(stripTerminator(line)) });
    socket.write(this.codec.encode(line));
  }

  private protocolError(message: string): Sip2ClientError {
    // After an unexpected reply the stream may be out of step: resynchronise on a new connection.
    this.dropConnection(message);
    return new Sip2ClientError('PROTOCOL_ERROR', message);
  }

  private exchange<T extends Sip2MessageType>(message: Sip2Message, expected: T): Promise<Sip2MessageOf<T>> {
    return this.roundTrip((framing) => this.encodeMessage(message, framing), this.observed(replyOfType(expected, this.parseOptions)));
  }

  /** One request/reply, with 97 on a bad checksum, resends on 96, and the sequence-number check. */
  private roundTrip<R>(encode: (framing: Sip2BuildOptions) => string, read: (raw: Buffer) => ReplyReading<R>): Promise<R> {
    const seq = this.nextSequence;
    this.nextSequence = (seq + 1) % 10;
    return runRoundTrip(
      {
        write: (line) => this.write(line),
        nextLine: (deadline) => this.nextLine(deadline),
        protocolError: (message) => this.protocolError(message),
        discardStale: () => {
          for (const stale of this.inbox.clear()) this.log({ kind: 'info', message: `discarded unsolicited line: ${maskSip2Line(this.codec.decode(stale))}` });
        },
      },
      {
        seq,
        errorDetection: this.options.errorDetection ?? true,
        terminator: this.options.terminator ?? '\r',
        requestTimeoutMs: this.requestTimeoutMs,
        maxResends: this.options.maxResends ?? DEFAULT_MAX_RESENDS,
        encode: this.codec.encode,
      },
      encode,
      read,
    );
  }
}
