// The two ways a scanner the main process opens delivers codes: ASCII lines
// (serial / USB-COM) and HID POS scanned-data reports.

import { HID_POS_DEFAULT_LAYOUT, HidPosAssembler } from '#shared/scan/hid-pos-report';
import type { HidPosLayout } from '#shared/scan/hid-pos-report';
import { LineFramer } from '#node/line-framer';
import { parseScanText } from '#shared/scan/symbology';
import type { ScanTextOptions } from '#shared/scan/symbology';
import type { ScanDecoder } from './barcode-scanner';

export interface SerialScanOptions extends ScanTextOptions {
  readonly maxLineLength?: number;
}

export function serialScanDecoder(options: SerialScanOptions = {}): ScanDecoder {
  const framer = new LineFramer(options.maxLineLength ?? 512);
  return {
    push(chunk) {
      return framer.push(chunk).map((event) =>
        event.kind === 'line'
          ? // Scanners send ASCII; bytes above 0x7F are kept as Latin-1 rather than failing the scan.
            { scan: parseScanText(String.fromCharCode(...event.bytes), options) }
          : { error: { code: 'LINE_TOO_LONG' as const, message: `a scanned line exceeded ${event.maxLength} bytes without CR/LF; it was discarded` } },
      );
    },
  };
}

/** HID transports deliver one input report per chunk. */
export function hidPosScanDecoder(layout: HidPosLayout = HID_POS_DEFAULT_LAYOUT): ScanDecoder {
  const assembler = new HidPosAssembler(layout);
  return {
    push(report) {
      const out = assembler.push(report);
      if (out.error) return [{ error: { code: 'BAD_REPORT' as const, message: out.error } }];
      if (out.scan) return [{ scan: out.scan }];
      return [];
    },
  };
}
