// Two transports joined in memory, for unit tests and the bench: the desk's
// driver on one end, a simulator speaking the real bytes on the other. Bytes
// are delivered on a later turn of the event loop, as real I/O would be, and
// can be cut into arbitrary chunks to exercise frame reassembly. unplug()
// closes both ends with 'unplugged' and makes opens fail until plugBack().

import type { Transport, TransportCloseReason, TransportHandlers, TransportOpener } from './transport';

export interface MemoryLinkOptions {
  /** Splits each write into the chunks the other end receives (default: one chunk). */
  readonly chunker?: (bytes: Uint8Array) => Uint8Array[];
  readonly address?: string;
}

/** What a simulator needs to sit on the device end of a link, and to come back after a replug. */
export interface SimulatorLink {
  readonly device: TransportOpener;
  onRestart(listener: () => void): () => void;
  /** Pull the cable: both ends see the line drop. */
  unplug(): void | Promise<void>;
  /** Put it back: the device path works again and onRestart listeners run. */
  plugBack(): void | Promise<void>;
}

class MemoryEnd implements Transport {
  readonly info;
  peer: MemoryEnd | null = null;
  private open = true;

  constructor(
    address: string,
    private readonly handlers: TransportHandlers,
    private readonly chunker: (bytes: Uint8Array) => Uint8Array[],
    private readonly onGone: (end: MemoryEnd) => void,
  ) {
    this.info = { kind: 'serial' as const, address };
  }

  get isOpen(): boolean {
    return this.open;
  }

  deliver(bytes: Uint8Array): void {
    if (this.open) this.handlers.data(bytes);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new Error(`${this.info.address} is closed`));
    const copy = bytes.slice();
    const peer = this.peer;
    return new Promise((resolve) => {
      setImmediate(() => {
        // Nobody on the other end: the bytes go down the wire and are lost, as on a serial line.
        if (peer?.open) for (const chunk of this.chunker(copy)) peer.deliver(chunk);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.end('requested');
    return Promise.resolve();
  }

  end(reason: TransportCloseReason, error?: Error): void {
    if (!this.open) return;
    this.open = false;
    this.onGone(this);
    this.handlers.close(reason, error);
  }
}

export class MemoryLink implements SimulatorLink {
  private plugged = true;
  private host: MemoryEnd | null = null;
  private deviceEnd: MemoryEnd | null = null;
  private readonly restartListeners = new Set<() => void>();
  private readonly chunker: (bytes: Uint8Array) => Uint8Array[];
  readonly address: string;

  constructor(options: MemoryLinkOptions = {}) {
    this.chunker = options.chunker ?? ((bytes) => [bytes]);
    this.address = options.address ?? 'memory';
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  readonly opener: TransportOpener = (handlers) => this.openEnd('host', handlers);
  readonly device: TransportOpener = (handlers) => this.openEnd('device', handlers);

  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Both ends see the line drop; opening fails until plugBack(). */
  unplug(): void {
    this.plugged = false;
    const error = new Error(`${this.address} disappeared`);
    this.host?.end('unplugged', error);
    this.deviceEnd?.end('unplugged', error);
  }

  plugBack(): void {
    this.plugged = true;
    for (const listener of [...this.restartListeners]) listener();
  }

  private openEnd(side: 'host' | 'device', handlers: TransportHandlers): Promise<Transport> {
    if (!this.plugged) return Promise.reject(Object.assign(new Error(`${this.address} does not exist: is the device plugged in?`), { code: 'ABSENT' }));
    if ((side === 'host' ? this.host : this.deviceEnd)?.isOpen) {
      return Promise.reject(Object.assign(new Error(`${this.address} is busy: already open`), { code: 'BUSY' }));
    }
    const end = new MemoryEnd(`${this.address}:${side}`, handlers, this.chunker, (gone) => {
      if (this.host === gone) this.host = null;
      if (this.deviceEnd === gone) this.deviceEnd = null;
      if (this.host) this.host.peer = this.deviceEnd;
      if (this.deviceEnd) this.deviceEnd.peer = this.host;
    });
    if (side === 'host') this.host = end;
    else this.deviceEnd = end;
    if (this.host) this.host.peer = this.deviceEnd;
    if (this.deviceEnd) this.deviceEnd.peer = this.host;
    return Promise.resolve(end);
  }
}
