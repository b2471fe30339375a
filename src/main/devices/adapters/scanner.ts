// The device manager's adapter over a serial-line or HID POS barcode scanner
// (devices/scanner); scans become bridge scan events.
import type { DeviceAdapter, DeviceAdapterFactory } from '../manager';
import type { TransportOpener } from '#main/link/transport';
import { createScanner, type ScannerConfig } from '../scanner';
import { mirrorLink, optionString, unsupported } from './common';

/** `opener` replaces the configured transport (a simulator's end of a link). */
export const scannerAdapter = (...[config, hooks, opener]: [...Parameters<DeviceAdapterFactory>, TransportOpener?]): DeviceAdapter => {
  const t = config.transport;
  let sc: ScannerConfig;
  if (config.driver === 'hid-pos') {
    if (t.kind !== 'hid') throw unsupported(config, t);
    sc = { kind: 'hid-pos', device: t.path ? { path: t.path } : { vendorId: t.vendorId, productId: t.productId } };
  } else if (t.kind === 'serial') {
    const prefix = optionString(config, 'prefix');
    sc = { kind: 'serial-scanner', transport: { kind: 'serial', path: t.path, baudRate: t.baudRate ?? 9600 }, ...(prefix ? { prefix } : {}) };
  } else if (t.kind === 'tcp') {
    sc = { kind: 'serial-scanner', transport: { kind: 'tcp', host: t.host, port: t.port } };
  } else throw unsupported(config, t);
  const device = createScanner(sc, opener ? { opener } : {});
  const offs: Array<() => void> = [];
  return {
    reconnects: true,
    async start() {
      offs.push(
        device.on('status', (s) => mirrorLink(hooks, s)),
        device.on('scan', (e) => hooks.scan(e.symbology ? { code: e.text, symbology: e.symbology } : { code: e.text })),
      );
      device.start();
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      await device.stop();
    },
    async test() {
      const s = device.status;
      return s.status === 'connected' ? { ok: true, message: `Scanner connected on ${s.address ?? '?'}; scan a barcode to check it.` } : { ok: false, message: s.error?.message ?? `Scanner is ${s.status}.` };
    },
  };
};
