// Keeps a device link open: opens it, and when it closes for any reason
// other than our own close(), reports the device disconnected and tries
// again with exponential backoff until it is back. Nobody has to touch
// anything when a cable is pulled and pushed back in.

import { Backoff, type BackoffOptions } from '#shared/backoff';
import type { Transport, TransportCloseReason, TransportOpener } from './transport';

/** Waits 250 ms after the first failure, doubling up to 5 s, unless told otherwise. */
export type { BackoffOptions };

export type LinkStatus = 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface LinkStatusEvent {
  readonly status: LinkStatus;
  /** The port path or host:port (or what the opener reports once open). */
  readonly address: string | null;
  /** Why the link is down: the open error or the close reason. */
  readonly error?: { readonly message: string; readonly code?: string };
  /** When disconnected: how long until the next attempt. */
  readonly retryInMs?: number;
  readonly attempt: number;
}

export interface LinkCallbacks {
  data(chunk: Uint8Array): void;
  /** A new session began; `transport` is open. */
  opened(transport: Transport): void;
  /** The session ended (called once per opened()). */
  closed(reason: TransportCloseReason, error?: Error): void;
  status(event: LinkStatusEvent): void;
}

export class ReconnectingLink {
  private running = false;
  private current: Transport | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private attempts = 0;
  private lastAddress: string | null;

  constructor(
    private readonly opener: TransportOpener,
    private readonly callbacks: LinkCallbacks,
    private readonly backoffOptions: BackoffOptions = {},
    address: string | null = null,
  ) {
    this.lastAddress = address;
  }

  get transport(): Transport | null {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    const transport = this.current;
    if (transport) await transport.close().catch(() => undefined);
    await this.loop;
    this.callbacks.status({ status: 'stopped', address: this.lastAddress, attempt: this.attempts });
  }

  /** Skip the rest of the current backoff wait (e.g. the device manager saw the device reappear). */
  retryNow(): void {
    this.wake?.();
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.backoffOptions);
    while (this.running) {
      this.attempts++;
      this.callbacks.status({ status: 'connecting', address: this.lastAddress, attempt: this.attempts });
      let markEnded!: (value: { reason: TransportCloseReason; error?: Error }) => void;
      const ended = new Promise<{ reason: TransportCloseReason; error?: Error }>((resolve) => (markEnded = resolve));
      let transport: Transport;
      try {
        transport = await this.opener({
          data: (chunk) => this.callbacks.data(chunk),
          close: (reason, error) => markEnded({ reason, error }),
        });
      } catch (error) {
        if (!this.running) break;
        const e = error as Error & { code?: string };
        const retryInMs = backoff.next();
        this.callbacks.status({
          status: 'disconnected',
          address: this.lastAddress,
          error: { message: e?.message ?? String(error), code: typeof e?.code === 'string' ? e.code : undefined },
          retryInMs,
          attempt: this.attempts,
        });
        await this.wait(retryInMs);
        continue;
      }
      if (!this.running) {
        await transport.close().catch(() => undefined);
        break;
      }
      this.current = transport;
      this.lastAddress = transport.info.address;
      backoff.reset();
      this.callbacks.opened(transport);
      this.callbacks.status({ status: 'connected', address: this.lastAddress, attempt: this.attempts });
      const { reason, error } = await ended;
      this.current = null;
      this.callbacks.closed(reason, error);
      if (!this.running) break;
      const retryInMs = backoff.next();
      this.callbacks.status({
        status: 'disconnected',
        address: this.lastAddress,
        error: { message: error?.message ?? `the link closed (${reason})`, code: reason },
        retryInMs,
        attempt: this.attempts,
      });
      await this.wait(retryInMs);
    }
  }
}
