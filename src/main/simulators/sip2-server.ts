// A SIP2 ACS (the ILS side) for tests and demos. It speaks the protocol byte
// for byte over TCP — checksums, echoed sequence numbers, 18-character dates,
// CR or CRLF — and has switches for the failures a desk must survive: the
// server going away, slow answers, refusals, corrupted checksums, and
// replies lost after the transaction was applied. It can listen with TLS.
import net from 'node:net';
import tls from 'node:tls';
import { buildSip2Message, decodeFrame, encodeFrame, maskSip2Line, parseSip2Message } from '#shared/sip2';
import type { Sip2Message } from '#shared/sip2';
import { itemInformationResponseText, parseItemInformationText } from '../ils/sip2-item-information';
import { LineFramer } from '#node/line-framer';
import { SIP2_MAX_LINE_BYTES } from '#node/sip2/limits';
import { Sip2SimLibrary } from './sip2-library';
import type { Sip2RefusalRule, Sip2SimLibraryOptions } from './sip2-library';

export type { Sip2RefusalRule, Sip2SimItem, Sip2SimLoan, Sip2SimPatron, Sip2SimItemStatus } from './sip2-library';
export { Sip2SimLibrary } from './sip2-library';

export interface Sip2SimAccount {
  userId: string;
  password: string;
}

export interface Sip2ServerOptions extends Sip2SimLibraryOptions {
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
}

interface ConnectionState {
  loggedIn: boolean;
  lastReply: { line: string; checksummed: boolean } | null;
  /** Replies go out in order even when latency is changed between them. */
  chain: Promise<void>;
}

export class Sip2ServerSimulator {
  readonly library: Sip2SimLibrary;
  readonly stats: Sip2ServerStats = {
    connections: 0,
    logins: 0,
    failedLogins: 0,
    requests: 0,
    resendsServed: 0,
    resendsRequested: 0,
    droppedBeforeLogin: 0,
    unreadable: 0,
    repliesDropped: 0,
  };
  /** Every line received, masked, without terminator. */
  readonly received: string[] = [];

  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** TCP sockets under TLS ones, including handshakes still in progress, so goDown() can drop them. */
  private readonly rawSockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort: number;
  private latencyMs: number;
  private lineEnding: '\r' | '\r\n';
  private corruptCount = 0;
  private drop: { count: number; code: string | undefined } = { count: 0, code: undefined };
  private rejectChecksum: { count: number; code: string | undefined } = { count: 0, code: undefined };

  constructor(private readonly options: Sip2ServerOptions = {}) {
    this.library = new Sip2SimLibrary(options);
    this.boundPort = options.port ?? 0;
    this.latencyMs = options.latencyMs ?? 0;
    this.lineEnding = options.lineEnding ?? '\r';
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  /** Starts listening; resolves with the port. */
  async start(): Promise<number> {
    await this.listen();
    return this.boundPort;
  }

  /** Stops accepting connections and drops the open ones; the port is kept for comeUp(). */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const socket of this.rawSockets) socket.destroy();
    this.rawSockets.clear();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async comeUp(): Promise<void> {
    if (this.server === null) await this.listen();
  }

  async stop(): Promise<void> {
    await this.goDown();
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setLineEnding(ending: '\r' | '\r\n'): void {
    this.lineEnding = ending;
  }

  /** The next `count` replies carrying a checksum go out with a wrong one; a 97 then gets the correct line. */
  corruptNextChecksum(count = 1): void {
    this.corruptCount = count;
  }

  /**
   * The lost-reply case: the next `count` requests (only those with message code
   * `code`, e.g. '11', when given; never login, SC status or resends) are applied
   * to the library, then the connection is closed without a reply.
   */
  dropNextReply(count = 1, code?: string): void {
    this.drop = { count, code };
  }

  /**
   * The next `count` checksummed requests (only code `code`, e.g. '11', when given)
   * are answered 96 as if their checksum were wrong, without being applied; the
   * client's resend is then handled normally. Counted in stats.resendsRequested.
   */
  rejectNextChecksum(count = 1, code?: string): void {
    this.rejectChecksum = { count, code };
  }

  refuse(rule: Sip2RefusalRule): () => void {
    return this.library.refuse(rule);
  }

  // ------------------------------------------------------------ internals

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const tlsOptions = this.options.tls;
      const server =
        tlsOptions === undefined
          ? net.createServer((socket) => this.onConnection(socket))
          : tls.createServer({ key: tlsOptions.key, cert: tlsOptions.cert }, (socket) => this.onConnection(socket));
      if (tlsOptions !== undefined) {
        server.on('connection', (raw: net.Socket) => {
          this.rawSockets.add(raw);
          raw.on('close', () => this.rawSockets.delete(raw));
        });
        // A client that does not trust the certificate (or speaks plain TCP) ends here; nothing to do.
        server.on('tlsClientError', () => undefined);
      }
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.removeListener('error', reject);
        const address = server.address();
        if (address !== null && typeof address === 'object') this.boundPort = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  private onConnection(socket: net.Socket): void {
    this.stats.connections++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new LineFramer(SIP2_MAX_LINE_BYTES);
    const state: ConnectionState = { loggedIn: this.options.accounts === undefined, lastReply: null, chain: Promise.resolve() };
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.kind === 'overflow') {
          socket.destroy();
          return;
        }
        this.onLine(socket, state, Buffer.from(event.bytes.buffer, event.bytes.byteOffset, event.bytes.length));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onLine(socket: net.Socket, state: ConnectionState, line: Buffer): void {
    this.received.push(maskSip2Line(line.toString('utf8')));
    const parsed = parseSip2Message(line);
    if (!parsed.ok) {
      if (parsed.error.code === 'UNKNOWN_MESSAGE' && this.onTextMessage(socket, state, line)) return;
      if (parsed.error.code === 'BAD_CHECKSUM' || parsed.error.code === 'BAD_ERROR_DETECTION') {
        this.stats.resendsRequested++;
        this.reply(socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
      } else {
        this.stats.unreadable++;
      }
      return;
    }
    const { message, sequence, checksum } = parsed.value;
    const framing = { errorDetection: sequence !== null || checksum !== null, seq: sequence ?? 0 };
    if (checksum !== null && message.type !== 'requestAcsResend' && this.takeRejectChecksum(line)) {
      this.stats.resendsRequested++;
      this.reply(socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
      return;
    }

    if (message.type === 'requestAcsResend') {
      if (state.lastReply !== null) {
        this.stats.resendsServed++;
        this.send(socket, state, this.maybeCorrupt(state.lastReply.line, state.lastReply.checksummed));
      }
      return;
    }
    if (message.type === 'login') {
      const account = this.options.accounts?.find((a) => a.userId === message.loginUserId);
      const accepted = this.options.accounts === undefined || (account !== undefined && account.password === message.loginPassword);
      if (accepted) this.stats.logins++;
      else this.stats.failedLogins++;
      state.loggedIn = accepted;
      this.reply(socket, state, { type: 'loginResponse', ok: accepted }, framing);
      return;
    }
    if (!state.loggedIn && message.type !== 'scStatus') {
      this.stats.droppedBeforeLogin++;
      socket.destroy();
      return;
    }
    const answer = this.library.handle(message);
    if (answer === null) {
      this.stats.unreadable++;
      return;
    }
    this.stats.requests++;
    if (this.dropsReplyTo(line)) {
      socket.destroy();
      return;
    }
    this.reply(socket, state, answer, framing);
  }

  /** Messages the shared codec has no layout for (17 Item Information). False when it is not one of them. */
  private onTextMessage(socket: net.Socket, state: ConnectionState, line: Buffer): boolean {
    const frame = decodeFrame(line);
    if (!frame.ok || !frame.value.text.startsWith('17')) return false;
    const request = parseItemInformationText(frame.value.text);
    if (!request.ok) return false;
    if (!state.loggedIn) {
      this.stats.droppedBeforeLogin++;
      socket.destroy();
      return true;
    }
    const text = itemInformationResponseText(this.library.itemInformation(request.value.itemId));
    if (!text.ok) return false;
    this.stats.requests++;
    if (this.dropsReplyTo(line)) {
      socket.destroy();
      return true;
    }
    const { sequence, checksum } = frame.value;
    const errorDetection = sequence !== null || checksum !== null;
    const replyLine = encodeFrame(text.value, { errorDetection, seq: sequence ?? 0, terminator: this.lineEnding });
    state.lastReply = { line: replyLine, checksummed: errorDetection };
    this.send(socket, state, this.maybeCorrupt(replyLine, errorDetection));
    return true;
  }

  private takeRejectChecksum(line: Buffer): boolean {
    const rule = this.rejectChecksum;
    if (rule.count === 0 || (rule.code !== undefined && rule.code !== line.subarray(0, 2).toString('latin1'))) return false;
    rule.count--;
    return true;
  }

  private dropsReplyTo(line: Buffer): boolean {
    if (this.drop.count === 0) return false;
    const code = line.subarray(0, 2).toString('latin1');
    if (code === '99' || (this.drop.code !== undefined && this.drop.code !== code)) return false;
    this.drop.count--;
    this.stats.repliesDropped++;
    return true;
  }

  private reply(
    socket: net.Socket,
    state: ConnectionState,
    message: Sip2Message,
    framing: { errorDetection: boolean; seq: number },
    remember = true,
  ): void {
    const line = buildSip2Message(message, { ...framing, terminator: this.lineEnding });
    // 97 must get the correct line back, never the deliberately corrupted one.
    if (remember) state.lastReply = { line, checksummed: framing.errorDetection };
    this.send(socket, state, this.maybeCorrupt(line, framing.errorDetection));
  }

  private maybeCorrupt(line: string, checksummed: boolean): string {
    if (this.corruptCount === 0 || !checksummed) return line;
    this.corruptCount--;
    return corruptChecksum(line);
  }

  private send(socket: net.Socket, state: ConnectionState, line: string): void {
    const latency = this.latencyMs;
    state.chain = state.chain.then(
      () =>
        new Promise<void>((resolve) => {
          const write = (): void => {
            if (!socket.destroyed) socket.write(line, 'utf8');
            resolve();
          };
          if (latency <= 0) {
            write();
            return;
          }
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            write();
          }, latency);
          this.timers.add(timer);
        }),
    );
  }
}

function corruptChecksum(line: string): string {
  const at = line.lastIndexOf('AZ');
  const good = Number.parseInt(line.slice(at + 2, at + 6), 16);
  const bad = ((good + 1) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return line.slice(0, at + 2) + bad + line.slice(at + 6);
}
