// One simulated device = a byte-level simulator + a link + the real adapter
// on that link. The rig opens on the first start() and is torn down by
// stop() (the socat child with it), so a stopped desk leaves no process.
import type { DeviceAdapter } from '#main/devices/manager';
import { openSimLink, type SimLink } from './sim-link';

export interface RigParts {
  readonly link: SimLink;
  readonly inner: DeviceAdapter;
}

export class Rig {
  private opening: Promise<RigParts> | null = null;

  constructor(
    private readonly label: string,
    private readonly build: (link: SimLink) => Promise<DeviceAdapter>,
    private readonly teardown: () => Promise<void>,
    private readonly log: (message: string) => void,
  ) {}

  open(): Promise<RigParts> {
    this.opening ??= (async () => {
      const link = await openSimLink(this.label, this.log);
      try {
        return { link, inner: await this.build(link) };
      } catch (error) {
        await link.close();
        throw error;
      }
    })();
    const opening = this.opening;
    // A failed open is not cached: the manager's next start() tries again.
    opening.catch(() => {
      if (this.opening === opening) this.opening = null;
    });
    return opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (!opening) return;
    const parts = await opening.catch(() => null);
    if (!parts) return;
    await parts.inner.stop();
    await this.teardown();
    await parts.link.close();
  }
}
