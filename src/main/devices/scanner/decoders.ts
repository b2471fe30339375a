// The two ways a scanner the main process opens delivers codes: ASCII lines
// (serial / USB-COM) and HID POS scanned-data reports.

import { HID_POS_DEFAULT_LAYOUT, HidPosAssembler } from '../../../shared/scan/hid-pos-report';
import type { HidPosLayout } from '../../../shared/scan/hid-pos-report';
import { ScanLineFramer } from '../../../shared/scan/line-framer';
import { parseScanText } from '../../../shared/scan/symbology';
import type { ScanTextOptions } from '../../../shared/scan/symbology';
import type { ScanDecoder } from './barcode-scanner';

export interface SerialScanOptions extends ScanTextOptions {
  readonly maxLineLength?: number;
}

export function serialScanDecoder(options: SerialScanOptions = {}): ScanDecoder {
  const framer = new ScanLineFramer(options.maxLineLength ?? 512);
  return {
    push(chunk) {
      return framer.push(chunk).map((event) =>
        event.kind === 'line' ? { scan: parseScanText(event.text, options) } : { error: { code: event.code, message: event.message } },
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
