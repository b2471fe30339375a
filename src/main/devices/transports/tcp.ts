// TCP transport: network receipt printers listen on port 9100 (raw / "JetDirect")
// and answer status queries on the same connection. A connect timeout
// bounds how long a desk waits for a printer that is switched off (a SYN to a
// silent address otherwise waits for the OS's ~2 minutes), and the common
// failures get messages staff can act on.
import net from 'node:net';
import type { Transport, TransportCloseReason, TransportHandlers, TransportOpener } from '#main/link/transport';

export interface TcpTransportOptions {
  readonly host: string;
  /** Default 9100. */
  readonly port?: number;
  /** Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** TCP keep-alive probe delay, so a printer that lost power is noticed; default 10 s. */
  readonly keepAliveMs?: number;
}

export class TcpConnectError extends Error {
  constructor(
    message: string,
    readonly code: 'REFUSED' | 'TIMEOUT' | 'UNREACHABLE' | 'NOT_FOUND' | 'OTHER',
    override readonly cause?: Error,
  ) {
    super(message);
    this.name = 'TcpConnectError';
  }
}

function connectError(address: string, error: NodeJS.ErrnoException): TcpConnectError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new TcpConnectError(`printer at ${address} refused the connection (ECONNREFUSED): the address answers but nothing listens on that port — check the port (usually 9100) and that no other program holds the printer`, 'REFUSED', error);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TcpConnectError(`printer at ${address} is unreachable (${error.code}): check the network cable and the address`, 'UNREACHABLE', error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TcpConnectError(`printer host name in ${address} does not resolve (${error.code})`, 'NOT_FOUND', error);
    default:
      return new TcpConnectError(`cannot connect to printer at ${address}: ${error.message}`, 'OTHER', error);
  }
}

export function tcpTransport(options: TcpTransportOptions): TransportOpener {
  const port = options.port ?? 9100;
  const address = `${options.host}:${port}`;
  const timeoutMs = options.connectTimeoutMs ?? 5000;

  return (handlers: TransportHandlers) =>
    new Promise<Transport>((resolve, reject) => {
      const socket = net.createConnection({ host: options.host, port });
      let connected = false;
      let closed = false;
      let requested = false;
      let lastError: Error | undefined;

      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TcpConnectError(`printer at ${address} did not answer within ${timeoutMs} ms: is it switched on and on this network?`, 'TIMEOUT'));
      }, timeoutMs);

      socket.on('error', (error: NodeJS.ErrnoException) => {
        lastError = error;
        if (!connected) {
          clearTimeout(timer);
          reject(connectError(address, error));
        }
      });

      socket.on('close', () => {
        const wasConnected = connected;
        connected = false;
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        if (!wasConnected) return;
        // A printer that drops the link (power, cable, its own idle timeout) looks the same from here: unplugged.
        const reason: TransportCloseReason = requested ? 'requested' : 'unplugged';
        handlers.close(reason, requested ? undefined : lastError);
      });

      socket.on('data', (chunk: Buffer) => {
        handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });

      socket.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        socket.setNoDelay(true);
        socket.setKeepAlive(true, options.keepAliveMs ?? 10_000);
        const transport: Transport = {
          info: { kind: 'tcp', address },
          get isOpen() {
            return connected && !socket.destroyed;
          },
          write(bytes: Uint8Array): Promise<void> {
            return new Promise<void>((res, rej) => {
              if (!connected || socket.destroyed || !socket.writable) {
                rej(new Error(`printer link ${address} is closed`));
                return;
              }
              socket.write(bytes, (error) => (error ? rej(error) : res()));
            });
          },
          close(): Promise<void> {
            return new Promise<void>((res) => {
              if (closed || socket.destroyed) {
                res();
                return;
              }
              requested = true;
              socket.once('close', () => res());
              socket.end();
              // A peer that never acknowledges the FIN must not keep close() waiting.
              setTimeout(() => socket.destroy(), 1000).unref();
            });
          },
        };
        resolve(transport);
      });
    });
}
