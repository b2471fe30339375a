// The real drivers behind the device manager's small adapter interface: FEIG
// and 3M pads, serial and HID POS scanners, ESC/POS printers.
import type { DriverRegistry } from '../manager';
import { escposPrinterAdapter } from './escpos-printer';
import { padReaderAdapter } from './rfid-pad';
import { scannerAdapter } from './scanner';

export { escposPrinterAdapter, padReaderAdapter, scannerAdapter };

/** The real drivers, by the driver names of the contract's KNOWN_DRIVERS. */
export function realDrivers(dataDir: string): DriverRegistry {
  return {
    rfid: { 'feig-iso-host': padReaderAdapter, bibliotheca: padReaderAdapter },
    scanner: { 'serial-lines': scannerAdapter, 'hid-pos': scannerAdapter },
    printer: { escpos: escposPrinterAdapter(dataDir) },
  };
}
