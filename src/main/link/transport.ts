// The byte link to a device, kept apart from framing and protocol (as
// jsmodbus and node-serialport do): a transport only opens, writes, delivers
// chunks and reports that it closed. Serial ports, HID devices, TCP sockets
// and printer device files all implement it; drivers never know which one
// they talk through, so tests swap in a pseudo-terminal or a socket that a
// simulator speaks the real protocol over.

export type TransportKind = 'serial' | 'hid' | 'tcp' | 'usb-printer';

export interface TransportInfo {
  readonly kind: TransportKind;
  /** What staff see in the device list: a port path, host:port or device file. */
  readonly address: string;
}

export type TransportCloseReason = 'requested' | 'unplugged' | 'error';

export interface TransportHandlers {
  data(chunk: Uint8Array): void;
  /** Called once when the link ends for any reason; the transport is then dead and a new one must be opened. */
  close(reason: TransportCloseReason, error?: Error): void;
}

export interface Transport {
  readonly info: TransportInfo;
  readonly isOpen: boolean;
  /** Resolves when the bytes were handed to the OS; rejects (never throws synchronously) when the link is gone. */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Opens a transport; rejects with a specific message when the device is absent or busy. */
export type TransportOpener = (handlers: TransportHandlers) => Promise<Transport>;
