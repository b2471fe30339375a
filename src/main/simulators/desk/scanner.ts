// The demo's barcode scanner: a serial scanner simulator sending each code as
// an ASCII line with its AIM symbology identifier, read by the real serial
// scanner driver.
import type { DeviceConfig } from '#shared/bridge';
import type { AdapterHooks, DeviceAdapter } from '#main/devices/manager';
import { scannerAdapter } from '#main/devices/adapters/scanner';
import { SerialScannerSimulator } from '../serial-scanner';
import { Rig } from './rig';
import { Watch } from './wait-until';

/** AIM identifiers (ISO/IEC 15424) for the symbologies sim.scan names. */
const AIM: Readonly<Record<string, string>> = { codabar: ']F0', code39: ']A0', code128: ']C0', ean13: ']E0', qr: ']Q1' };

const REPORT_WITHIN_MS = 3000;

export function simulatedScanner(config: DeviceConfig, hooks: AdapterHooks, log: (message: string) => void = () => undefined): DeviceAdapter {
  const scanner = new SerialScannerSimulator();
  const watch = new Watch();
  const scanned: string[] = [];
  const seen: AdapterHooks = {
    ...hooks,
    scan: (scan) => {
      scanned.push(scan.code);
      if (scanned.length > 100) scanned.shift();
      hooks.scan(scan);
      watch.changed();
    },
  };
  const rig = new Rig(
    config.id,
    async (link) => {
      await scanner.attach(link.device);
      const real: DeviceConfig = { ...config, driver: 'serial-lines', transport: { kind: 'serial', path: link.hostPath } };
      return scannerAdapter(real, seen, link.opener);
    },
    () => scanner.detach(),
    log,
  );
  return {
    reconnects: true,
    async start() {
      await (await rig.open()).inner.start();
    },
    stop: () => rig.close(),
    async test() {
      return (await rig.open()).inner.test();
    },
    sim: {
      async scan(code, symbology) {
        const before = scanned.length;
        await scanner.scan(code, symbology ? AIM[symbology] : undefined);
        await watch.until(() => scanned.slice(before).includes(code), REPORT_WITHIN_MS);
      },
    },
  };
}
