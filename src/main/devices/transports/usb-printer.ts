// USB printer class device file (/dev/usb/lp0 on Linux): the kernel's usblp
// driver moves bytes to the bulk-out endpoint on write() and returns what the
// printer sends on its bulk-in endpoint (DLE EOT replies) on read().
//
// usblp allows one open at a time, so reading and writing share one file
// descriptor, opened non-blocking: a blocking read() would hold a libuv
// thread-pool thread for as long as the printer is silent (four such threads
// serve the whole process). Reads are therefore polled (EAGAIN = nothing yet),
// and writes that meet EAGAIN (the previous transfer is still in flight) are
// retried. Writes are chained so that a status query never lands in the
// middle of a job's bytes. The same code drives a pseudo-terminal, which is
// how it is tested.
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Transport, TransportCloseReason, TransportHandlers, TransportOpener } from '#main/link/transport';

export interface UsbPrinterTransportOptions {
  /** e.g. /dev/usb/lp0 */
  readonly path: string;
  /** Read poll interval; default 15 ms. */
  readonly pollMs?: number;
  /** Give up a write that makes no progress for this long; default 10 s. */
  readonly writeStallMs?: number;
}

export class UsbPrinterOpenError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'PERMISSION' | 'BUSY' | 'OTHER',
    override readonly cause?: Error,
  ) {
    super(message);
    this.name = 'UsbPrinterOpenError';
  }
}

const GONE = new Set(['ENODEV', 'ENXIO', 'EIO', 'ENOENT', 'EBADF', 'ESHUTDOWN']);
const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

function openError(path: string, error: NodeJS.ErrnoException): UsbPrinterOpenError {
  switch (error.code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return new UsbPrinterOpenError(`no printer at ${path} (${error.code}): is it plugged in and switched on?`, 'NOT_FOUND', error);
    case 'EACCES':
    case 'EPERM':
      return new UsbPrinterOpenError(`no permission to open ${path} (${error.code}): add the desk's user to the 'lp' group`, 'PERMISSION', error);
    case 'EBUSY':
      return new UsbPrinterOpenError(`${path} is in use by another program (${error.code}), often the system print service (CUPS)`, 'BUSY', error);
    default:
      return new UsbPrinterOpenError(`cannot open ${path}: ${error.message}`, 'OTHER', error);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function usbPrinterTransport(options: UsbPrinterTransportOptions): TransportOpener {
  const { path } = options;
  const pollMs = options.pollMs ?? 15;
  const stallMs = options.writeStallMs ?? 10_000;

  return async (handlers: TransportHandlers) => {
    let handle: FileHandle;
    try {
      handle = await fsp.open(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      throw openError(path, error as NodeJS.ErrnoException);
    }

    let open = true;
    let closing = false;
    let chain: Promise<void> = Promise.resolve();
    let pollTimer: NodeJS.Timeout | null = null;
    const buffer = Buffer.alloc(4096);
    let zeroReads = 0;

    const finish = async (reason: TransportCloseReason, error?: Error) => {
      if (!open) return;
      open = false;
      if (pollTimer) clearTimeout(pollTimer);
      await handle.close().catch(() => undefined);
      handlers.close(reason, error);
    };

    const failure = (error: NodeJS.ErrnoException) => {
      if (closing) return;
      void finish(error.code && GONE.has(error.code) ? 'unplugged' : 'error', error);
    };

    const poll = async () => {
      pollTimer = null;
      if (!open) return;
      let got = 0;
      try {
        // Drain everything waiting before sleeping again.
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
          if (!open) return;
          if (bytesRead === 0) {
            // "Nothing yet" is EAGAIN; a 0-byte read is end of file (a tty hung up), or at most once a
            // zero-length USB packet. Several in a row mean the other end is gone.
            if (++zeroReads >= 3) {
              failure(Object.assign(new Error(`${path} reached end of file: the device went away`), { code: 'ENODEV' }));
              return;
            }
            break;
          }
          zeroReads = 0;
          got += bytesRead;
          handlers.data(Uint8Array.from(buffer.subarray(0, bytesRead)));
        }
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (!e.code || !RETRY.has(e.code)) {
          failure(e);
          return;
        }
        zeroReads = 0;
      }
      if (open) pollTimer = setTimeout(() => void poll(), got > 0 ? 0 : pollMs);
    };
    pollTimer = setTimeout(() => void poll(), 0);

    const writeAll = async (bytes: Uint8Array) => {
      let offset = 0;
      let lastProgress = Date.now();
      while (offset < bytes.length) {
        if (!open) throw new Error(`printer link ${path} is closed`);
        try {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
          offset += bytesWritten;
          if (bytesWritten > 0) lastProgress = Date.now();
          else await delay(5);
        } catch (error) {
          const e = error as NodeJS.ErrnoException;
          if (!e.code || !RETRY.has(e.code)) {
            failure(e);
            throw new Error(`writing to ${path} failed: ${e.message}`);
          }
          // The printer has not taken the previous transfer: paper out or a full buffer.
          if (Date.now() - lastProgress > stallMs) throw new Error(`printer at ${path} accepted no data for ${stallMs} ms`);
          await delay(5);
        }
      }
    };

    const transport: Transport = {
      info: { kind: 'usb-printer', address: path },
      get isOpen() {
        return open;
      },
      write(bytes: Uint8Array): Promise<void> {
        if (!open) return Promise.reject(new Error(`printer link ${path} is closed`));
        const copy = bytes.slice();
        const run = chain.then(() => writeAll(copy));
        chain = run.catch(() => undefined);
        return run;
      },
      async close(): Promise<void> {
        if (!open) return;
        closing = true;
        await chain;
        await finish('requested');
      },
    };
    return transport;
  };
}
