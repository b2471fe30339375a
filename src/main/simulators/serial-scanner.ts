// A serial / USB-COM barcode scanner: sends a code as an ASCII line on
// demand, with the prefix, AIM identifier and suffix it is programmed with,
// over a pseudo-terminal or an in-memory link.

import type { SimulatorLink } from '#main/link/memory-transport';
import { SimulatorPort } from './simulator-port';

export interface SerialScannerSimOptions {
  readonly prefix?: string;
  readonly suffix?: '\r' | '\n' | '\r\n';
}

export class SerialScannerSimulator {
  readonly port: SimulatorPort;

  constructor(private readonly options: SerialScannerSimOptions = {}) {
    // Scanners ignore what the host sends (configuration is by programming barcodes).
    this.port = new SimulatorPort(() => undefined);
  }

  attach(link: SimulatorLink): Promise<void> {
    return this.port.attach(link);
  }

  detach(): Promise<void> {
    return this.port.detach();
  }

  unplug(): Promise<void> {
    return this.port.unplug();
  }

  plugBack(): Promise<void> {
    return this.port.plugBack();
  }

  /** The bytes a scan of `code` puts on the line (AIM id like "]F0" when given). */
  bytesFor(code: string, aimId?: string): Uint8Array {
    const line = `${this.options.prefix ?? ''}${aimId ?? ''}${code}${this.options.suffix ?? '\r\n'}`;
    return Uint8Array.from(line, (c) => c.charCodeAt(0) & 0xff);
  }

  scan(code: string, aimId?: string): Promise<void> {
    return this.port.send(this.bytesFor(code, aimId));
  }
}
