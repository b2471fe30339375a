// Which driver factories this build has, by device kind and driver name:
// the real drivers (FEIG and 3M pads, serial and HID POS scanners, ESC/POS
// printers) and the simulated devices used when simulate is on.
import type { DriverRegistry } from '../devices/manager';
import { realDrivers } from './real-drivers';
import { createSimulatedPrinter, simulatedRfid, simulatedScanner } from './simulated-devices';

export function defaultDrivers(dataDir?: string): DriverRegistry {
  const real = dataDir ? realDrivers(dataDir) : {};
  return {
    rfid: { ...real.rfid, simulated: simulatedRfid },
    scanner: { ...real.scanner, simulated: simulatedScanner },
    printer: { ...real.printer, simulated: createSimulatedPrinter() },
  };
}
