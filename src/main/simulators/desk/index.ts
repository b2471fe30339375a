// The devices a desk runs when simulate is on (demos, Playwright specs, the
// bench): byte-level simulators of a FEIG pad, a serial scanner and an
// ESC/POS printer, each driven by the real driver over a pseudo-terminal (or
// a memory/TCP link carrying the same bytes). Loaded only by a dynamic
// import from desk-runtime/drivers.ts, so no production code path pulls the
// simulators in.
import type { DeviceConfig, DeviceKind } from '#shared/bridge';
import type { AdapterHooks, DeviceAdapter, DeviceAdapterFactory, DriverRegistry } from '#main/devices/manager';
import { simulatedPrinter, type SimulatedPrinterOptions } from './printer';
import { simulatedPad } from './rfid-pad';
import { simulatedScanner } from './scanner';

export { SIM_PRINTER_ID, SIM_READER_ID, SIM_SCANNER_ID, simulatedDeviceConfigs } from '#main/devices/simulated-configs';
export { simulatedPad, simulatedPrinter, simulatedScanner, type SimulatedPrinterOptions };

export interface SimulatedDeviceOptions {
  readonly dataDir?: string;
  readonly log?: (message: string) => void;
}

export function simulatedAdapter(kind: DeviceKind, config: DeviceConfig, hooks: AdapterHooks, options: SimulatedDeviceOptions = {}): DeviceAdapter {
  if (kind === 'rfid') return simulatedPad(config, hooks, options.log);
  if (kind === 'scanner') return simulatedScanner(config, hooks, options.log);
  return simulatedPrinter(config, hooks, options);
}

/** The simulated drivers as a registry (tests that build a device manager themselves). */
export function simulatedDrivers(options: SimulatedDeviceOptions = {}): DriverRegistry {
  const of = (kind: DeviceKind): DeviceAdapterFactory => (config, hooks) => simulatedAdapter(kind, config, hooks, options);
  return { rfid: { simulated: of('rfid') }, scanner: { simulated: of('scanner') }, printer: { simulated: of('printer') } };
}

/**
 * `registry` with its 'simulated' drivers replaced by the simulators loaded
 * here: for hosts that import this module statically (Playwright workers,
 * whose loader does not take a dynamic import of TypeScript).
 */
export function withSimulatedDrivers(registry: DriverRegistry, options: SimulatedDeviceOptions = {}): DriverRegistry {
  const sims = simulatedDrivers(options);
  return {
    rfid: { ...registry.rfid, ...sims.rfid },
    scanner: { ...registry.scanner, ...sims.scanner },
    printer: { ...registry.printer, ...sims.printer },
  };
}
