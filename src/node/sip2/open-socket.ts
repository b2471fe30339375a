// Opening the TCP (or TLS) connection to a library system's SIP2 port, with a
// connect timeout and errors that say which of refused / unreachable it was.
import net from 'node:net';
import tls from 'node:tls';
import { Sip2ClientError } from './errors';

export function openSip2Socket(host: string, port: number, tlsOption: boolean | tls.ConnectionOptions | undefined, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
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
