// HID transport over node-hid's HIDAsync: one input report per data() call,
// output reports written as is (first byte = report id, 0 when the device
// uses none). HID devices cannot be simulated here (no /dev/uhid), so what
// is tested is the report layer above this (src/shared/scan/hid-pos-report.ts)
// and the error mapping below.
import { HIDAsync } from 'node-hid';
import type { Transport, TransportCloseReason, TransportHandlers, TransportOpener } from '#main/link/transport';

export type HidAddress = { readonly path: string } | { readonly vendorId: number; readonly productId: number };

export interface HidOptions {
  readonly device: HidAddress;
  /** Open without exclusive access (macOS); ignored elsewhere. */
  readonly nonExclusive?: boolean;
}

export type HidOpenErrorCode = 'ABSENT' | 'PERMISSION_DENIED' | 'BUSY' | 'OPEN_FAILED';

export class HidOpenError extends Error {
  override readonly name = 'HidOpenError';
  constructor(
    readonly code: HidOpenErrorCode,
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
}

export function hidAddressText(address: HidAddress): string {
  if ('path' in address) return address.path;
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex(address.vendorId)}:${hex(address.productId)}`;
}

export function classifyHidOpenError(address: string, error: unknown): HidOpenError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no such file|no hid devices|not found|ENOENT/i.test(text)) {
    return new HidOpenError('ABSENT', `HID device ${address} is not connected`, address);
  }
  if (/permission denied|EACCES|access denied/i.test(text)) {
    return new HidOpenError(
      'PERMISSION_DENIED',
      `permission denied opening HID device ${address}: on Linux a udev rule must give the desk's user access to the hidraw node`,
      address,
    );
  }
  if (/busy|exclusive|in use/i.test(text)) {
    return new HidOpenError('BUSY', `HID device ${address} is in use by another program`, address);
  }
  return new HidOpenError('OPEN_FAILED', `could not open HID device ${address}: ${text}`, address);
}

/** The part of HIDAsync this transport uses (a test can hand in a fake). */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

class HidTransport implements Transport {
  readonly info;
  private closed = false;

  constructor(
    private readonly device: HidDeviceLike,
    address: string,
    private readonly handlers: TransportHandlers,
  ) {
    this.info = { kind: 'hid' as const, address };
    device.on('data', (data) => {
      if (!this.closed) handlers.data(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    // node-hid reports a read failure once the device is gone; nothing else
    // arrives on this handle afterwards.
    device.on('error', (error) => {
      this.finish('unplugged', error);
      void device.close().catch(() => undefined);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`HID device ${this.info.address} is closed`);
    try {
      await this.device.write(Buffer.from(bytes));
    } catch (error) {
      throw new Error(`writing to HID device ${this.info.address} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.finish('requested');
    this.device.removeAllListeners();
    await this.device.close().catch(() => undefined);
  }

  private finish(reason: TransportCloseReason, error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.close(reason, error);
  }
}

export type HidOpen = (address: HidAddress, nonExclusive: boolean) => Promise<HidDeviceLike>;

const openWithNodeHid: HidOpen = (address, nonExclusive) =>
  'path' in address
    ? HIDAsync.open(address.path, { nonExclusive })
    : HIDAsync.open(address.vendorId, address.productId, { nonExclusive });

/** `open` is replaceable for tests; it defaults to node-hid. Rejects with a HidOpenError. */
export function hidTransport(options: HidOptions, open: HidOpen = openWithNodeHid): TransportOpener {
  const address = hidAddressText(options.device);
  return async (handlers) => {
    let device: HidDeviceLike;
    try {
      device = await open(options.device, options.nonExclusive ?? false);
    } catch (error) {
      throw classifyHidOpenError(address, error);
    }
    return new HidTransport(device, address, handlers);
  };
}
