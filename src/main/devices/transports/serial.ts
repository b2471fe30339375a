// Serial transport over node-serialport, always opened by an explicit path
// (SerialPort.list() needs udevadm on Linux and guesses nothing we need).
// Open failures are mapped to messages staff can act on; a port that goes
// away under us (USB cable pulled, the pty's other side closed) ends with
// close('unplugged') so the owner knows to retry rather than give up.
import { realpathSync, stat } from 'node:fs';
import { SerialPort } from 'serialport';
import type { Transport, TransportCloseReason, TransportHandlers, TransportOpener } from '#main/link/transport';

export type SerialParity = 'none' | 'even' | 'odd';

export interface SerialOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits?: 7 | 8;
  readonly parity?: SerialParity;
  readonly stopBits?: 1 | 2;
  /** Take the port's advisory lock so a second program cannot open it too (default true). */
  readonly lock?: boolean;
  /**
   * How often to check that the device node is still there (default 250 ms;
   * 0 turns it off). node-serialport notices a hang-up only while a read is
   * pending, so an idle port whose cable is pulled (or whose pty peer died)
   * can otherwise look open until the next write fails.
   */
  readonly presenceCheckMs?: number;
}

export type SerialOpenErrorCode = 'ABSENT' | 'PERMISSION_DENIED' | 'BUSY' | 'BAD_SETTINGS' | 'OPEN_FAILED';

export class SerialOpenError extends Error {
  override readonly name = 'SerialOpenError';
  constructor(
    readonly code: SerialOpenErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Turns node-serialport's open error text into one of the cases staff can act on. */
export function classifySerialOpenError(path: string, error: unknown): SerialOpenError {
  const text = error instanceof Error ? error.message : String(error);
  const errno = (error as { code?: unknown } | null)?.code;
  if (errno === 'ENOENT' || /no such file|ENOENT|cannot find|file not found/i.test(text)) {
    return new SerialOpenError('ABSENT', `serial port ${path} does not exist: is the device plugged in and the path right?`, path);
  }
  if (errno === 'EACCES' || errno === 'EPERM' || /permission denied|EACCES|access denied/i.test(text)) {
    return new SerialOpenError(
      'PERMISSION_DENIED',
      `permission denied opening ${path}: the desk's user must be allowed to use serial ports (on Linux, the dialout group)`,
      path,
    );
  }
  if (errno === 'EBUSY' || /cannot lock port|resource temporarily unavailable|EBUSY|device or resource busy|access is denied/i.test(text)) {
    return new SerialOpenError('BUSY', `serial port ${path} is busy: another program (or another desk window) has it open`, path);
  }
  if (/baud|parity|data bits|stop bits|invalid/i.test(text)) {
    return new SerialOpenError('BAD_SETTINGS', `serial port ${path} refused the settings: ${text}`, path);
  }
  return new SerialOpenError('OPEN_FAILED', `could not open serial port ${path}: ${text}`, path);
}

/** Errors that mean the device node is gone rather than a one-off failure. */
const GONE = new Set(['EIO', 'ENXIO', 'ENODEV', 'EBADF', 'ENOENT']);

class SerialTransport implements Transport {
  readonly info;
  private closed = false;
  private closing = false;
  private presenceTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly port: SerialPort,
    path: string,
    private readonly handlers: TransportHandlers,
    presenceCheckMs: number,
  ) {
    this.info = { kind: 'serial' as const, address: path };
    if (presenceCheckMs > 0) this.watchPresence(path, presenceCheckMs);
    port.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      // A view, not a copy: drivers copy what they keep (the frame decoders do).
      handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    port.on('error', (error: Error) => {
      // Errors after open either precede 'close' (disconnect) or are write
      // errors already reported to the writer; a port that is no longer open is gone.
      if (!port.isOpen) this.finish('unplugged', error);
    });
    port.on('close', (error?: Error & { disconnected?: boolean }) => {
      if (this.closing) this.finish('requested');
      else if (error?.disconnected) this.finish('unplugged', error);
      else this.finish(error ? 'error' : 'unplugged', error);
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new Error(`serial port ${this.info.address} is closed`));
    return new Promise((resolve, reject) => {
      try {
        this.port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
          if (!error) {
            resolve();
            return;
          }
          reject(new Error(`writing to ${this.info.address} failed: ${error.message}`));
          if (GONE.has((error as NodeJS.ErrnoException).code ?? '')) this.gone(error);
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        this.finish('requested');
        resolve();
        return;
      }
      this.port.close(() => {
        this.finish('requested');
        resolve();
      });
    });
  }

  private watchPresence(path: string, everyMs: number): void {
    let device: string;
    try {
      device = realpathSync(path);
    } catch {
      return;
    }
    this.presenceTimer = setInterval(() => {
      stat(device, (error) => {
        let same = !error;
        if (same) {
          try {
            // A symlink re-pointed at another node (a replugged adapter, a new pty) is another device.
            same = realpathSync(path) === device;
          } catch {
            same = false;
          }
        }
        if (!same) this.gone(new Error(`${path} disappeared (device unplugged)`));
      });
    }, everyMs);
    this.presenceTimer.unref();
  }

  private gone(error: Error): void {
    if (this.closed) return;
    this.finish('unplugged', error);
    if (this.port.isOpen) this.port.close(() => undefined);
  }

  private finish(reason: TransportCloseReason, error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    this.handlers.close(reason, error);
  }
}

/** Opens the port when called; rejects with a SerialOpenError. */
export function serialTransport(options: SerialOptions): TransportOpener {
  return (handlers) =>
    new Promise<Transport>((resolve, reject) => {
      let port: SerialPort;
      try {
        port = new SerialPort({
          path: options.path,
          baudRate: options.baudRate,
          dataBits: options.dataBits ?? 8,
          parity: options.parity ?? 'none',
          stopBits: options.stopBits ?? 1,
          lock: options.lock ?? true,
          autoOpen: false,
        });
      } catch (error) {
        reject(classifySerialOpenError(options.path, error));
        return;
      }
      port.open((error) => {
        if (error) {
          reject(classifySerialOpenError(options.path, error));
          return;
        }
        resolve(new SerialTransport(port, options.path, handlers, options.presenceCheckMs ?? 250));
      });
    });
}
