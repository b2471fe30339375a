// A SIP2 ACS (the ILS side) for tests and demos. It speaks the protocol byte
// for byte over TCP — checksums, echoed sequence numbers, 18-character dates,
// CR or CRLF — and has switches for the failures a desk must survive: the
// server going away, slow answers, refusals, corrupted checksums, and
// replies lost after the transaction was applied. It can listen with TLS.
// Where real servers differ, it behaves as its profile says (sip2-profiles.ts):
// character set, checksum style, what it does with messages it does not
// support and with idle connections, how it answers a 97.
import net from 'node:net';
import tls from 'node:tls';
import { buildSip2Message, characterChecksum, decodeFrame, maskSip2Line, parseSip2Message, sip2Checksum } from '#shared/sip2';
import type { Sip2Message, SupportedMessages } from '#shared/sip2';
import { itemInformationResponseText, parseItemInformationText } from '../ils/sip2-item-information';
import { LineFramer } from '#node/line-framer';
import { SIP2_MAX_LINE_BYTES } from '#node/sip2/limits';
import { sip2Codec, type Sip2Codec } from '#node/sip2/charset';
import { Sip2SimLibrary } from './sip2-library';
import type { Sip2RefusalRule, Sip2SimLibraryOptions } from './sip2-library';
import { SIP2_SERVER_PROFILES } from './sip2-profiles';
import type { Sip2ProfileName, Sip2ServerProfile } from './sip2-profiles';

export type { Sip2ProfileName, Sip2ServerProfile } from './sip2-profiles';
export { SIP2_PROFILE_NAMES, SIP2_SERVER_PROFILES } from './sip2-profiles';

/** Which BX flag a request needs; messages not listed (login, 99, 97) are always handled. */
const NEEDS: Readonly<Record<string, keyof SupportedMessages>> = {
  '23': 'patronStatusRequest',
  '11': 'checkout',
  '09': 'checkin',
  '63': 'patronInformation',
  '35': 'endPatronSession',
  '37': 'feePaid',
  '17': 'itemInformation',
  '29': 'renew',
};
const NO_BLOCK_AT: Readonly<Record<string, number>> = { '11': 3, '09': 2, '29': 3 };

export type { Sip2RefusalRule, Sip2SimItem, Sip2SimLoan, Sip2SimPatron, Sip2SimItemStatus } from './sip2-library';
export { Sip2SimLibrary } from './sip2-library';

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

interface ConnectionState {
  loggedIn: boolean;
  /** The last reply's text (no AY/AZ), for 97: rebuilt with the profile's resend sequence. */
  lastReply: { text: string; checksummed: boolean; seq: number; sequenced: boolean } | null;
  idleTimer: NodeJS.Timeout | null;
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
    unsupported: 0,
    idleClosed: 0,
  };
  readonly profile: Sip2ServerProfile;
  private readonly codec: Sip2Codec;
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
    const base = typeof options.profile === 'object' ? options.profile : SIP2_SERVER_PROFILES[options.profile ?? 'strict'];
    this.profile = { ...base, ...options.overrides };
    this.codec = sip2Codec(this.profile.charset);
    this.library = new Sip2SimLibrary({
      ...options,
      noBlock: this.profile.noBlock,
      supportedMessages: this.profile.supportedMessages,
      announcedMessages: this.profile.announcedMessages,
      blankCounts: this.profile.blankCounts,
      timeZone: this.profile.timeZone,
    });
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
    const state: ConnectionState = { loggedIn: this.options.accounts === undefined, lastReply: null, idleTimer: null, chain: Promise.resolve() };
    this.armIdle(socket, state);
    socket.on('data', (chunk: Buffer) => {
      this.armIdle(socket, state);
      for (const event of framer.push(chunk)) {
        if (event.kind === 'overflow') {
          socket.destroy();
          return;
        }
        this.onLine(socket, state, Buffer.from(event.bytes.buffer, event.bytes.byteOffset, event.bytes.length));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (state.idleTimer !== null) clearTimeout(state.idleTimer);
      this.sockets.delete(socket);
    });
  }

  /** SIPServer closes a connection that stays quiet past its timeout; the client must reconnect, not fail. */
  private armIdle(socket: net.Socket, state: ConnectionState): void {
    const idle = this.profile.idleTimeoutMs;
    if (idle === null) return;
    if (state.idleTimer !== null) clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      this.stats.idleClosed++;
      socket.end();
      socket.destroySoon?.();
    }, idle);
    state.idleTimer.unref();
  }

  /** A message this server has no handler for: per profile, close the connection or say nothing. */
  private unsupported(socket: net.Socket): void {
    this.stats.unsupported++;
    if (this.profile.onUnsupported === 'close') socket.destroy();
  }

  private onLine(socket: net.Socket, state: ConnectionState, line: Buffer): void {
    const text = this.codec.decode(line);
    this.received.push(maskSip2Line(text));
    const code = text.slice(0, 2);
    const parseOptions = { decode: this.codec.decode, checksum: this.profile.checksum === 'characters' ? ('tolerant' as const) : ('bytes' as const), fieldDelimiter: this.profile.fieldDelimiter };
    const needs = NEEDS[code];
    if (state.loggedIn && needs !== undefined && !this.library.supports(needs)) {
      this.unsupported(socket);
      return;
    }
    const parsed = parseSip2Message(line, parseOptions);
    if (!parsed.ok) {
      if (parsed.error.code === 'UNKNOWN_MESSAGE') {
        if (this.onTextMessage(socket, state, line)) return;
        if (!state.loggedIn && this.options.accounts !== undefined) {
          this.stats.droppedBeforeLogin++;
          socket.destroy();
          return;
        }
        this.unsupported(socket);
        return;
      }
      if (parsed.error.code === 'BAD_CHECKSUM' || parsed.error.code === 'BAD_ERROR_DETECTION') {
        this.stats.resendsRequested++;
        this.reply(socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
      } else {
        this.stats.unreadable++;
      }
      return;
    }
    const { sequence, checksum } = parsed.value;
    let message = parsed.value.message;
    const framing = { errorDetection: sequence !== null || checksum !== null, seq: sequence ?? 0 };
    if (checksum !== null && message.type !== 'requestAcsResend' && this.takeRejectChecksum(line)) {
      this.stats.resendsRequested++;
      this.reply(socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
      return;
    }

    if (message.type === 'requestAcsResend') {
      const last = state.lastReply;
      if (last !== null) {
        this.stats.resendsServed++;
        // SIPServer rebuilds its last message with sequence 0 rather than repeating the line.
        const seq = this.profile.resendSequence === 'zero' ? 0 : last.seq;
        this.send(socket, state, this.maybeCorrupt(this.frame(last.text, last.checksummed, seq, last.sequenced), last.checksummed));
      }
      return;
    }
    if (message.type === 'login') {
      const userId = message.loginUserId;
      const account = this.options.accounts?.find((a) => a.userId === userId);
      const accepted = this.options.accounts === undefined || (account !== undefined && account.password === message.loginPassword);
      if (accepted) this.stats.logins++;
      else this.stats.failedLogins++;
      state.loggedIn = accepted;
      this.reply(socket, state, { type: 'loginResponse', ok: accepted }, framing);
      return;
    }
    if (!state.loggedIn) {
      // Koha's and Evergreen's SIPServer read nothing but a login on a new connection (SC Status included).
      this.stats.droppedBeforeLogin++;
      socket.destroy();
      return;
    }
    const flagAt = NO_BLOCK_AT[code];
    if (flagAt !== undefined && 'noBlock' in message && this.profile.noBlockFlag === '10') {
      // A system that reads the flag as a digit: only '1' means no-block.
      message = { ...message, noBlock: text[flagAt] === '1' } as Sip2Message;
    }
    let answer = this.library.handle(message);
    if (answer === null) {
      this.unsupported(socket);
      return;
    }
    const institution = (message as { institutionId?: unknown }).institutionId;
    if (typeof institution === 'string' && institution !== '' && 'institutionId' in answer) {
      // Servers answer with the institution the request named (the account's), not one of their own.
      answer = { ...answer, institutionId: institution } as Sip2Message;
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
    const frame = decodeFrame(line, { decode: this.codec.decode, checksum: this.profile.checksum === 'characters' ? 'tolerant' : 'bytes' });
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
    const seq = sequence ?? 0;
    state.lastReply = { text: text.value, checksummed: errorDetection, seq, sequenced: true };
    this.send(socket, state, this.maybeCorrupt(this.frame(text.value, errorDetection, seq, true), errorDetection));
    return true;
  }

  /** Text → wire line: AY/AZ with this server's checksum style, and its line ending. */
  private frame(text: string, errorDetection: boolean, seq: number, sequenced: boolean): string {
    if (!errorDetection) return text + this.lineEnding;
    const head = `${text}${sequenced ? `AY${seq}` : ''}AZ`;
    const sum = this.profile.checksum === 'characters' ? characterChecksum(head) : sip2Checksum(this.codec.encode(head));
    return head + sum + this.lineEnding;
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
    const text = buildSip2Message(message, { errorDetection: false, terminator: '', fieldDelimiter: this.profile.fieldDelimiter });
    const sequenced = message.type !== 'requestScResend';
    // 97 must get the correct line back, never the deliberately corrupted one.
    if (remember) state.lastReply = { text, checksummed: framing.errorDetection, seq: framing.seq, sequenced };
    this.send(socket, state, this.maybeCorrupt(this.frame(text, framing.errorDetection, framing.seq, sequenced), framing.errorDetection));
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
            if (!socket.destroyed) socket.write(this.codec.encode(line));
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
