// SIP2 client over TCP (optionally TLS). SIP2 is strictly one request, one
// reply, so requests are queued and run one at a time. A SIP2 session is
// bound to its TCP connection: after a reconnect the client logs in again
// with the last credentials that succeeded, before the queued request.
import net from 'node:net';
import tls from 'node:tls';
import {
  BLANK_SIP_DATE,
  buildSip2Message,
  decodeFrame,
  encodeFrame,
  formatSipDate,
  maskSip2Line,
  parseSip2Message,
  stripTerminator,
} from '../../shared/sip2';
import type {
  AcsStatusResponse,
  CheckinResponse,
  CheckoutResponse,
  EndSessionResponse,
  LoginResponse,
  PatronInformationResponse,
  PatronStatusResponse,
  PatronSummary,
  RenewResponse,
  Sip2BuildOptions,
  Sip2Frame,
  Sip2Message,
  Sip2MessageOf,
  Sip2MessageType,
} from '../../shared/sip2';
import { Sip2ClientError } from './errors';
import { LineFramer } from '#main/link/line-framer';
import { SIP2_MAX_LINE_BYTES } from './limits';

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

/** How a round trip reads one received line. */
type ReplyReading<R> =
  | { kind: 'reply'; value: R; sequence: number | null }
  | { kind: 'badChecksum'; message: string }
  | { kind: 'resend' }
  | { kind: 'error'; message: string };

interface LineWaiter {
  resolve(line: Buffer): void;
  reject(error: Sip2ClientError): void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESENDS = 3;

export class Sip2Client {
  private socket: net.Socket | null = null;
  private readonly framer = new LineFramer(SIP2_MAX_LINE_BYTES);
  private readonly inbox: Buffer[] = [];
  private waiter: LineWaiter | null = null;
  private nextSequence = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private session: Sip2LoginCredentials | null;
  private closed = false;
  /** A login succeeded on the current connection. */
  private authenticated = false;

  constructor(private readonly options: Sip2ClientOptions) {
    this.session = options.credentials ?? null;
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
        returnDate: formatSipDate(options.returnDate ?? this.now()),
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
      return this.roundTrip(
        (framing) => encodeFrame(text, framing),
        (raw): ReplyReading<Sip2Frame> => {
          const frame = decodeFrame(raw);
          if (!frame.ok) {
            return frame.error.code === 'BAD_CHECKSUM'
              ? { kind: 'badChecksum', message: frame.error.message }
              : { kind: 'error', message: `unreadable reply: ${frame.error.message}` };
          }
          if (frame.value.text.startsWith('96')) return { kind: 'resend' };
          if (!frame.value.text.startsWith(replyCode)) {
            return { kind: 'error', message: `expected a '${replyCode}' reply, got '${frame.value.text.slice(0, 2)}'` };
          }
          return { kind: 'reply', value: frame.value, sequence: frame.value.sequence };
        },
      );
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
    return formatSipDate(this.now());
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
    const { host, port } = this.options;
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const tlsOption = this.options.tls;
      const socket =
        tlsOption === undefined || tlsOption === false
          ? net.connect({ host, port })
          : tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, ...(tlsOption === true ? {} : tlsOption) });
      const readyEvent = socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Sip2ClientError('TIMEOUT', `connecting to ${host}:${port} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        const code = error.code === 'ECONNREFUSED' ? 'CONNECTION_REFUSED' : 'CONNECTION_FAILED';
        reject(new Sip2ClientError(code, `cannot connect to ${host}:${port}: ${error.message}`, { cause: error }));
      };
      socket.once('error', onError);
      socket.once(readyEvent, () => {
        clearTimeout(timer);
        socket.removeListener('error', onError);
        resolve(socket);
      });
    });
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    this.authenticated = false;
    this.framer.reset();
    this.inbox.length = 0;
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
      this.log({ kind: 'receive', line: maskSip2Line(line.toString('utf8')) });
      const waiter = this.waiter;
      if (waiter !== null) {
        this.waiter = null;
        waiter.resolve(line);
      } else {
        this.inbox.push(line);
      }
    }
  }

  private failWaiter(error: Sip2ClientError): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  private nextLine(deadline: number): Promise<Buffer> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.socket === null) return Promise.reject(new Sip2ClientError('CONNECTION_LOST', 'connection closed while waiting for a reply'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter !== waiter) return;
        this.waiter = null;
        // A late reply would be taken for the answer to the next request: start a fresh connection instead.
        this.dropConnection('reply timeout');
        reject(new Sip2ClientError('TIMEOUT', `no reply within ${this.requestTimeoutMs} ms`));
      }, Math.max(0, deadline - Date.now()));
      const waiter: LineWaiter = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiter = waiter;
    });
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private write(line: string): void {
    const socket = this.socket;
    if (socket === null) throw new Sip2ClientError('CONNECTION_LOST', 'connection closed before the request was sent');
    this.log({ kind: 'send', line: maskSip2Line(stripTerminator(line)) });
    socket.write(line, 'utf8');
  }

  private protocolError(message: string): Sip2ClientError {
    // After an unexpected reply the stream may be out of step: resynchronise on a new connection.
    this.dropConnection(message);
    return new Sip2ClientError('PROTOCOL_ERROR', message);
  }

  private async exchange<T extends Sip2MessageType>(message: Sip2Message, expected: T): Promise<Sip2MessageOf<T>> {
    return this.roundTrip(
      (framing) => buildSip2Message(message, framing),
      (raw): ReplyReading<Sip2MessageOf<T>> => {
        const parsed = parseSip2Message(raw);
        if (!parsed.ok) {
          return parsed.error.code === 'BAD_CHECKSUM'
            ? { kind: 'badChecksum', message: parsed.error.message }
            : { kind: 'error', message: `unreadable reply: ${parsed.error.message}` };
        }
        const reply = parsed.value;
        if (reply.message.type === 'requestScResend') return { kind: 'resend' };
        if (reply.message.type !== expected) return { kind: 'error', message: `expected a '${expected}' reply, got '${reply.message.type}'` };
        return { kind: 'reply', value: reply.message as Sip2MessageOf<T>, sequence: reply.sequence };
      },
    );
  }

  /** One request/reply, with 97 on a bad checksum, resends on 96, and the sequence-number check. */
  private async roundTrip<R>(encode: (framing: Sip2BuildOptions) => string, read: (raw: Buffer) => ReplyReading<R>): Promise<R> {
    const errorDetection = this.options.errorDetection ?? true;
    const terminator = this.options.terminator ?? '\r';
    const seq = this.nextSequence;
    this.nextSequence = (seq + 1) % 10;
    let line: string;
    let resendRequest: string;
    try {
      line = encode({ errorDetection, seq, terminator });
      resendRequest = buildSip2Message({ type: 'requestAcsResend' }, { errorDetection, terminator });
    } catch (error) {
      throw new Sip2ClientError('INVALID_REQUEST', (error as Error).message, { cause: error });
    }
    for (const stale of this.inbox.splice(0)) {
      this.log({ kind: 'info', message: `discarded unsolicited line: ${maskSip2Line(stale.toString('utf8'))}` });
    }

    const deadline = Date.now() + this.requestTimeoutMs;
    const maxResends = this.options.maxResends ?? DEFAULT_MAX_RESENDS;
    let resends = 0;
    this.write(line);
    for (;;) {
      const raw = await this.nextLine(deadline);
      const reading = read(raw);
      switch (reading.kind) {
        case 'badChecksum':
          if (resends >= maxResends) {
            throw new Sip2ClientError('BAD_CHECKSUM_EXHAUSTED', `reply checksum still wrong after ${resends} resend request(s): ${reading.message}`);
          }
          resends++;
          this.write(resendRequest);
          continue;
        case 'resend':
          if (resends >= maxResends) throw this.protocolError(`ACS still asks for a resend after ${resends} resend(s)`);
          resends++;
          this.write(line);
          continue;
        case 'error':
          throw this.protocolError(reading.message);
        case 'reply':
          if (errorDetection && reading.sequence !== null && reading.sequence !== seq) {
            throw this.protocolError(`reply sequence number ${reading.sequence} does not match request ${seq}`);
          }
          return reading.value;
      }
    }
  }
}
