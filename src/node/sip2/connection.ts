// The TCP (or TLS) connection under a SIP2 client: opening it, cutting the byte
// stream into lines, handing replies to whoever waits, and dropping it when the
// stream can no longer be trusted. A SIP2 session is bound to its connection, so
// whether a login succeeded on it is kept here too.
import type net from 'node:net';
import { maskSip2Line, stripTerminator } from '#shared/sip2';
import { Sip2ClientError } from './errors';
import { openSip2Socket } from './open-socket';
import { ReplyInbox } from './reply-inbox';
import type { Sip2ClientOptions, Sip2LogEvent } from './client-options';
import { LineFramer } from '#node/line-framer';
import { SIP2_MAX_LINE_BYTES } from './limits';
import type { Sip2Codec } from './charset';
import { endsWithChecksum } from './reply-checks';

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export class Sip2Connection {
  private socket: net.Socket | null = null;
  private readonly framer: LineFramer;
  private readonly inbox = new ReplyInbox();
  /** A login succeeded on the current connection. */
  authenticated = false;

  constructor(
    private readonly options: Sip2ClientOptions,
    private readonly codec: Sip2Codec,
    private readonly log: (event: Sip2LogEvent) => void,
  ) {
    // With error detection a whole reply ends in AZxxxx, so an LF anywhere else is data. Without it nothing tells
    // a field's LF from a server's bare-LF terminator: LF ends the line, as it always did.
    this.framer = new LineFramer(SIP2_MAX_LINE_BYTES, { lfEndsLine: (options.errorDetection ?? true) ? endsWithChecksum : () => true });
  }

  /** True while a TCP connection is open (it is opened on demand). */
  get open(): boolean {
    return this.socket !== null;
  }

  get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  openSocket(): Promise<net.Socket> {
    return openSip2Socket(this.options.host, this.options.port, this.options.tls, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }

  attach(socket: net.Socket): void {
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

  /** Fails the waiting request with `error` and closes the socket. */
  async close(error: Sip2ClientError): Promise<void> {
    this.failWaiter(error);
    const socket = this.socket;
    this.socket = null;
    if (socket === null || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  dropConnection(reason: string): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.log({ kind: 'info', message: `dropping connection: ${reason}` });
    socket.destroy();
  }

  nextLine(deadline: number): Promise<Buffer> {
    return this.inbox.next(deadline, this.socket !== null, () => {
      // A late reply would be taken for the answer to the next request: start a fresh connection instead.
      this.dropConnection('reply timeout');
      return new Sip2ClientError('TIMEOUT', `no reply within ${this.requestTimeoutMs} ms`);
    });
  }

  write(line: string): void {
    const socket = this.socket;
    if (socket === null) throw new Sip2ClientError('CONNECTION_LOST', 'connection closed before the request was sent');
    this.log({ kind: 'send', line: maskSip2Line(stripTerminator(line)) });
    socket.write(this.codec.encode(line));
  }

  protocolError(message: string): Sip2ClientError {
    // After an unexpected reply the stream may be out of step: resynchronise on a new connection.
    this.dropConnection(message);
    return new Sip2ClientError('PROTOCOL_ERROR', message);
  }

  discardStale(): void {
    for (const stale of this.inbox.clear()) this.log({ kind: 'info', message: `discarded unsolicited line: ${maskSip2Line(this.codec.decode(stale))}` });
  }

  private onDisconnect(socket: net.Socket, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    this.log({ kind: 'info', message: reason });
    this.failWaiter(new Sip2ClientError('CONNECTION_LOST', `${reason} while waiting for a reply`));
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
}
