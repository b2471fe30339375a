// The device end of a simulator: opens the link's device side, hands the
// bytes to the simulator, and opens it again whenever the link is plugged
// back, so tests can pull and reinsert a virtual cable while everything runs.

import type { Transport } from '#main/link/transport';
import type { SimulatorLink } from '#main/link/memory-transport';

export class SimulatorPort {
  private transport: Transport | null = null;
  private link: SimulatorLink | null = null;
  private offRestart: (() => void) | null = null;
  private opening: Promise<void> | null = null;

  constructor(private readonly onBytes: (chunk: Uint8Array) => void) {}

  get connected(): boolean {
    return this.transport?.isOpen ?? false;
  }

  async attach(link: SimulatorLink): Promise<void> {
    await this.detach();
    this.link = link;
    this.offRestart = link.onRestart(() => {
      this.opening = this.open().catch((error: unknown) => console.error('simulator could not reopen its port:', error));
    });
    await this.open();
  }

  /** Waits for the reopen that follows a plugBack(). */
  async reopened(): Promise<void> {
    await this.opening;
  }

  async detach(): Promise<void> {
    this.offRestart?.();
    this.offRestart = null;
    this.link = null;
    const transport = this.transport;
    this.transport = null;
    await transport?.close();
  }

  async unplug(): Promise<void> {
    await this.link?.unplug();
  }

  async plugBack(): Promise<void> {
    await this.link?.plugBack();
    await this.opening;
  }

  send(bytes: Uint8Array): Promise<void> {
    const transport = this.transport;
    if (!transport?.isOpen) return Promise.resolve();
    return transport.write(bytes).catch(() => undefined);
  }

  private async open(): Promise<void> {
    const link = this.link;
    if (!link) return;
    let opened: Transport | null = null;
    opened = await link.device({
      data: (chunk) => this.onBytes(chunk),
      close: () => {
        if (this.transport === opened) this.transport = null;
      },
    });
    this.transport = opened;
  }
}
