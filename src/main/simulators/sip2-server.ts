// A SIP2 ACS (the ILS side) for tests and demos. It speaks the protocol byte
// for byte over TCP — checksums, echoed sequence numbers, 18-character dates,
// CR or CRLF — and has switches for the failures a desk must survive: the
// server going away, slow answers, refusals, corrupted checksums, and
// replies lost after the transaction was applied. It can listen with TLS.
// Where real servers differ, it behaves as its profile says (sip2-profiles.ts):
// character set, checksum style, what it does with messages it does not
// support and with idle connections, how it answers a 97.//
// Beside it: sip2-server-options.ts (options, stats, per-connection state),
// sip2-server-messages.ts (answering each line), sip2-reply-framing.ts
// (AY/AZ, line endings, corrupted checksums). This file is the server's
// public face, its failure switches and its connection handling.
import net from 'node:net';
import tls from 'node:tls';
import { LineFramer } from '#node/line-framer';
import { SIP2_MAX_LINE_BYTES } from '#node/sip2/limits';
import { sip2Codec, type Sip2Codec } from '#node/sip2/charset';
import { Sip2SimLibrary } from './sip2-library';
import type { Sip2RefusalRule } from './sip2-library';
import { SIP2_SERVER_PROFILES } from './sip2-profiles';
import type { Sip2ServerProfile } from './sip2-profiles';
import { corruptChecksum, frameReply } from './sip2-reply-framing';
import { handleLine } from './sip2-server-messages';
import type { Sip2MessageHost } from './sip2-server-messages';
import type { Sip2ConnectionState, Sip2ServerOptions, Sip2ServerStats } from './sip2-server-options';

export type { Sip2ProfileName, Sip2ServerProfile } from './sip2-profiles';
export { SIP2_PROFILE_NAMES, SIP2_SERVER_PROFILES } from './sip2-profiles';
export type { Sip2ServerOptions, Sip2ServerStats, Sip2SimAccount } from './sip2-server-options';

export type { Sip2RefusalRule, Sip2SimItem, Sip2SimLoan, Sip2SimPatron, Sip2SimItemStatus } from './sip2-library';
export { Sip2SimLibrary } from './sip2-library';

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
  /** What answering a line may touch here. */
  private readonly messageHost: Sip2MessageHost;

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
    this.messageHost = {
      library: this.library,
      stats: this.stats,
      profile: this.profile,
      codec: this.codec,
      received: this.received,
      accounts: options.accounts,
      sendText: (socket, state, text, checksummed, seq, sequenced) => this.sendText(socket, state, text, checksummed, seq, sequenced),
      takeRejectChecksum: (line) => this.takeRejectChecksum(line),
      dropsReplyTo: (line) => this.dropsReplyTo(line),
    };
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
    const state: Sip2ConnectionState = { loggedIn: this.options.accounts === undefined, lastReply: null, idleTimer: null, chain: Promise.resolve() };
    this.armIdle(socket, state);
    socket.on('data', (chunk: Buffer) => {
      this.armIdle(socket, state);
      for (const event of framer.push(chunk)) {
        if (event.kind === 'overflow') {
          socket.destroy();
          return;
        }
        handleLine(this.messageHost, socket, state, Buffer.from(event.bytes.buffer, event.bytes.byteOffset, event.bytes.length));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (state.idleTimer !== null) clearTimeout(state.idleTimer);
      this.sockets.delete(socket);
    });
  }

  /** SIPServer closes a connection that stays quiet past its timeout; the client must reconnect, not fail. */
  private armIdle(socket: net.Socket, state: Sip2ConnectionState): void {
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

  /** Text → wire line (see frameReply), with a wrong checksum when a test asked for one, sent in order. */
  private sendText(socket: net.Socket, state: Sip2ConnectionState, text: string, checksummed: boolean, seq: number, sequenced: boolean): void {
    const line = frameReply(text, checksummed, seq, sequenced, { checksum: this.profile.checksum, encode: this.codec.encode, lineEnding: this.lineEnding });
    this.send(socket, state, this.maybeCorrupt(line, checksummed));
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

  private maybeCorrupt(line: string, checksummed: boolean): string {
    if (this.corruptCount === 0 || !checksummed) return line;
    this.corruptCount--;
    return corruptChecksum(line);
  }

  private send(socket: net.Socket, state: Sip2ConnectionState, line: string): void {
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
