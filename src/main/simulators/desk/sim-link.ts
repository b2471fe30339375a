// The wire between a simulated device and its real driver: a socat pair of
// pseudo-terminals when socat is installed (the driver then opens a serial
// device path, exactly as it would a USB-serial adapter), otherwise a memory
// link that carries the same bytes. Either way the driver, the framing and
// the protocol are the production ones; only the device at the far end is
// simulated.
import type { TransportOpener } from '#main/link/transport';
import { MemoryLink, type SimulatorLink } from '#main/link/memory-transport';
import { PtyPair, socatMissingReason } from '../pty-pair';

export interface SimLink {
  readonly kind: 'pty' | 'memory';
  /** The simulator's side. */
  readonly device: SimulatorLink;
  /** The device file the driver opens (a pty symlink), or a label for the memory link. */
  readonly hostPath: string;
  /** Set for the memory link: the driver's opener in place of its configured transport. */
  readonly opener: TransportOpener | undefined;
  /** The pty's device side (for simulators that open a path themselves). */
  readonly devicePath: string | null;
  close(): Promise<void>;
}

let socatChecked: string | null | undefined;

/** Why simulated devices use memory links here, or null when socat is available (checked once). */
export function ptyUnavailable(): string | null {
  if (socatChecked === undefined) socatChecked = process.env['RELAY_SIM_LINK'] === 'memory' ? 'RELAY_SIM_LINK=memory' : socatMissingReason();
  return socatChecked;
}

export async function openSimLink(label: string, log: (message: string) => void = () => undefined): Promise<SimLink> {
  const missing = ptyUnavailable();
  if (missing === null) {
    try {
      const pair = await PtyPair.start();
      return { kind: 'pty', device: pair, hostPath: pair.hostPath, devicePath: pair.devicePath, opener: undefined, close: () => pair.stop() };
    } catch (error) {
      log(`${label}: no pseudo-terminal (${(error as Error).message}); using a memory link`);
    }
  }
  const link = new MemoryLink({ address: `simulated ${label}` });
  return { kind: 'memory', device: link, hostPath: link.address, devicePath: null, opener: link.opener, close: async () => link.unplug() };
}
