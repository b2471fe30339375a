// A SIP2 ACS (the ILS side) for tests and demos. It speaks the protocol byte
// for byte over TCP — checksums, echoed sequence numbers, 18-character dates,
// CR or CRLF — and has switches for the failures a desk must survive: the
// server going away, slow answers, refusals, and corrupted checksums.
import net from 'node:net';
import { buildSip2Message, maskSip2Line, parseSip2Message } from '../../shared/sip2';
import type { Sip2Message } from '../../shared/sip2';
import { Sip2LineSplitter } from '../sip2/line-splitter';
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
  };
  /** Every line received, masked, without terminator. */
  readonly received: string[] = [];

  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort: number;
  private latencyMs: number;
  private lineEnding: '\r' | '\r\n';
  private corruptCount = 0;

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

  refuse(rule: Sip2RefusalRule): () => void {
    return this.library.refuse(rule);
  }

  // ------------------------------------------------------------ internals

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.onConnection(socket));
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
    const splitter = new Sip2LineSplitter();
    const state: ConnectionState = { loggedIn: this.options.accounts === undefined, lastReply: null, chain: Promise.resolve() };
    socket.on('data', (chunk: Buffer) => {
      let lines: Buffer[];
      try {
        lines = splitter.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const line of lines) this.onLine(socket, state, line);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onLine(socket: net.Socket, state: ConnectionState, line: Buffer): void {
    this.received.push(maskSip2Line(line.toString('utf8')));
    const parsed = parseSip2Message(line);
    if (!parsed.ok) {
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
    this.reply(socket, state, answer, framing);
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
