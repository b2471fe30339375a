// Which driver factories this build has, by device kind and driver name:
// the real drivers (FEIG and 3M pads, serial and HID POS scanners, ESC/POS
// printers) and 'simulated', which runs a byte-level simulator under the
// real driver. The simulators are imported dynamically, on the first start
// of a simulated device, so they never load on a desk that does not use one.
import type { DeviceKind } from '#shared/bridge';
import type { DeviceAdapter, DeviceAdapterFactory, DriverRegistry } from '#main/devices/manager';
import { realDrivers } from '#main/devices/adapters';

export { SIM_PRINTER_ID, SIM_READER_ID, SIM_SCANNER_ID, simulatedDeviceConfigs } from '#main/devices/simulated-configs';

function lazySimulated(kind: DeviceKind, dataDir: string | undefined): DeviceAdapterFactory {
  return (config, hooks) => {
    let loaded: DeviceAdapter | null = null;
    let loading: Promise<DeviceAdapter> | null = null;
    const inner = () =>
      (loading ??= import('#main/simulators/desk').then((m) => {
        loaded = m.simulatedAdapter(kind, config, hooks, dataDir ? { dataDir } : {});
        return loaded;
      }));
    const adapter: DeviceAdapter = {
      reconnects: true,
      start: async () => (await inner()).start(),
      stop: async () => (loading ? (await inner()).stop() : undefined),
      test: async () => (await inner()).test(),
      sim: {
        placeTags: async (tags) => (await inner()).sim!.placeTags!(tags),
        removeTags: async (uids) => (await inner()).sim!.removeTags!(uids),
        scan: async (code, symbology) => (await inner()).sim!.scan!(code, symbology),
        printerState: async (state) => (await inner()).sim!.printerState!(state),
        printed: async (since) => (await inner()).sim!.printed!(since),
      },
    };
    if (kind === 'rfid') return { ...adapter, rfid: { setSecurity: async (uids, secured) => (await inner()).rfid!.setSecurity(uids, secured) } };
    if (kind === 'printer') return { ...adapter, printer: { submit: async (key, slip) => (await inner()).printer!.submit(key, slip), jobs: () => loaded?.printer?.jobs() ?? [] } };
    return adapter;
  };
}

export function defaultDrivers(dataDir?: string): DriverRegistry {
  const real = dataDir ? realDrivers(dataDir) : {};
  return {
    rfid: { ...real.rfid, simulated: lazySimulated('rfid', dataDir) },
    scanner: { ...real.scanner, simulated: lazySimulated('scanner', dataDir) },
    printer: { ...real.printer, simulated: lazySimulated('printer', dataDir) },
  };
}
