// The demo's receipt printer: an ESC/POS printer simulator (real-time status,
// paper and cover, decoding what it printed), driven by the real ESC/POS
// driver and its journaled print queue. On a pty the driver opens the
// printer as a device file (the USB printer class transport); without socat
// it prints over TCP loopback, as to a network printer's port 9100.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceConfig, PrintedText } from '#shared/bridge';
import type { AdapterHooks, DeviceAdapter } from '#main/devices/manager';
import { escposPrinterAdapter } from '#main/devices/adapters/escpos-printer';
import { usbPrinterTransport } from '#main/devices/transports/usb-printer';
import { EscPosPrinterSimulator, type PrintedDocument } from '../escpos-printer';
import { PtyPair } from '../pty-pair';
import { ptyUnavailable } from './sim-link';
import { Watch } from './wait-until';

/** Status polls this often, so paper-out shows within a fraction of a second in a demo. */
const POLL_MS = 100;

export interface SimulatedPrinterOptions {
  /** Where the print queue keeps its journal; a temporary directory when absent. */
  readonly dataDir?: string;
  /** Told about every document the simulator printed (tests read receipts as text). */
  readonly printed?: (doc: PrintedDocument) => void;
  readonly log?: (message: string) => void;
}

export function simulatedPrinter(config: DeviceConfig, hooks: AdapterHooks, options: SimulatedPrinterOptions = {}): DeviceAdapter {
  const watch = new Watch();
  let reports = 0;
  const seen: AdapterHooks = {
    ...hooks,
    status: (state, message) => {
      reports++;
      hooks.status(state, message);
      watch.changed();
    },
  };
  let sim: EscPosPrinterSimulator | null = null;
  let inner: Promise<DeviceAdapter> | null = null;
  let current: DeviceAdapter | null = null;
  let stopLink: (() => Promise<void>) | null = null;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relay-sim-printer-'));
  const open = () =>
    (inner ??= (async () => {
      let transport: DeviceConfig['transport'];
      if (ptyUnavailable() === null) {
        const pair = await PtyPair.start();
        sim = await EscPosPrinterSimulator.start({ tcp: false });
        await sim.attach(usbPrinterTransport({ path: pair.devicePath, pollMs: 5 }));
        stopLink = () => pair.stop();
        transport = { kind: 'usb-printer', path: pair.hostPath };
      } else {
        sim = await EscPosPrinterSimulator.start({ host: '127.0.0.1' });
        transport = { kind: 'tcp', host: '127.0.0.1', port: sim.port! };
      }
      if (options.printed) sim.onDocument(options.printed);
      const real: DeviceConfig = { ...config, driver: 'escpos', transport, options: { pollIntervalMs: POLL_MS, ...config.options } };
      current = escposPrinterAdapter(dataDir)(real, seen);
      return current;
    })());
  return {
    reconnects: true,
    async start() {
      await (await open()).start();
    },
    async stop() {
      const was = inner;
      inner = null;
      current = null;
      if (!was) return;
      const adapter = await was.catch(() => null);
      await adapter?.stop();
      await sim?.stop();
      await stopLink?.();
      stopLink = null;
    },
    async test() {
      return (await open()).test();
    },
    printer: {
      async submit(key, slip) {
        return (await open()).printer!.submit(key, slip);
      },
      jobs: () => current?.printer?.jobs() ?? [],
    },
    sim: {
      async printerState(state) {
        const before = reports;
        sim?.setState(state);
        // The driver polls the status; wait for its report so the desk shows the change.
        await watch.until(() => reports > before, POLL_MS * 5);
      },
      async printed(since): Promise<PrintedText[]> {
        return (sim?.documents ?? []).filter((d) => d.index >= since).map((d) => ({ index: d.index, text: d.text, cut: d.cut }));
      },
    },
  };
}
