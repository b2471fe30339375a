// Receipt / label printers: one factory for the desk and the device manager.
//
//   const printer = createPrinter({ transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 }, encoding: 'big5' });
//   printer.start();
//   const queue = await openPrintQueue({ dir: join(userData, 'print'), printer });
//   await queue.enqueue(idempotencyKey, buildHoldSlip(input));
import type { Slip } from '#shared/slips/model';
import type { TransportOpener } from '#main/link/transport';
import { tcpTransport } from '../transports/tcp';
import { usbPrinterTransport } from '../transports/usb-printer';
import { EscPosPrinter } from './driver';
import type { PrintConfirmation, PrintOutcome, StatusListener } from './driver';
import { PrintQueue } from './print-queue';
import type { PrintQueueOptions, PrintTarget } from './print-queue';
import { renderSlipEscPos } from './render-escpos';
import type { RenderedSlip } from './render-escpos';
import type { PrinterStatus } from './status';
import { createTextEncoder } from './text-encoding';
import type { PrinterEncodingName } from './text-encoding';
import type { GlyphSource } from './truetype-glyphs';

export type { PrintConfirmation, PrintOutcome, StatusListener } from './driver';
export { EscPosPrinter } from './driver';
export type { PrinterCondition, PrinterErrorFlags, PrinterStatus } from './status';
export { PrintQueue } from './print-queue';
export type { EnqueueResult, JobListener, PrintJob, PrintJobState, PrintQueueOptions, PrintTarget } from './print-queue';
export { renderSlipEscPos } from './render-escpos';
export type { EscPosRenderOptions, RenderedSlip } from './render-escpos';
export { createTextEncoder } from './text-encoding';
export type { EncodedText, PrinterEncodingName, PrinterTextEncoder } from './text-encoding';
export { createTrueTypeGlyphSource } from './truetype-glyphs';
export type { GlyphBitmap, GlyphSource } from './truetype-glyphs';

export type PrinterTransportConfig =
  | { readonly kind: 'tcp'; readonly host: string; readonly port?: number; readonly connectTimeoutMs?: number }
  | { readonly kind: 'usb-printer'; readonly path: string }
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate?: number };

export interface PrinterConfig {
  readonly transport: PrinterTransportConfig;
  /** The printer model's double-byte set: Big5 (Traditional, default) or GB18030 (Simplified). */
  readonly encoding?: PrinterEncodingName;
  /** 576 (80 mm, default) or 384 (58 mm). */
  readonly widthDots?: number;
  readonly barcodeModuleDots?: 1 | 2 | 3;
  /** Draws characters outside the printer's font (see truetype-glyphs.ts: createTrueTypeGlyphSource over a font file's bytes). */
  readonly glyphs?: GlyphSource;
  readonly confirm?: PrintConfirmation;
  readonly pollIntervalMs?: number;
  readonly statusTimeoutMs?: number;
  readonly confirmTimeoutMs?: number;
  readonly reconnectMs?: number;
  /** Overrides `transport` (tests, simulators, or a transport built elsewhere). */
  readonly opener?: TransportOpener;
}

export interface Printer extends PrintTarget {
  readonly driver: EscPosPrinter;
  readonly status: PrinterStatus;
  start(): void;
  stop(): Promise<void>;
  onStatus(listener: StatusListener): () => void;
  render(slip: Slip): RenderedSlip;
  printSlip(slip: Slip): Promise<{ readonly outcome: PrintOutcome; readonly warnings: readonly string[] }>;
}

/** The opener for a transport configuration. Serial is loaded on first use (it pulls in the native serialport binding). */
export function printerTransport(config: PrinterTransportConfig): TransportOpener {
  switch (config.kind) {
    case 'tcp':
      return tcpTransport({ host: config.host, port: config.port ?? 9100, ...(config.connectTimeoutMs ? { connectTimeoutMs: config.connectTimeoutMs } : {}) });
    case 'usb-printer':
      return usbPrinterTransport({ path: config.path });
    case 'serial':
      return async (handlers) => {
        const { serialTransport } = await import('../transports/serial');
        return serialTransport({ path: config.path, baudRate: config.baudRate ?? 9600 })(handlers);
      };
  }
}

export function createPrinter(config: PrinterConfig): Printer {
  const driver = new EscPosPrinter({
    opener: config.opener ?? printerTransport(config.transport),
    ...(config.pollIntervalMs !== undefined ? { pollIntervalMs: config.pollIntervalMs } : {}),
    ...(config.statusTimeoutMs !== undefined ? { statusTimeoutMs: config.statusTimeoutMs } : {}),
    ...(config.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: config.confirmTimeoutMs } : {}),
    ...(config.reconnectMs !== undefined ? { reconnectMs: config.reconnectMs } : {}),
    ...(config.confirm ? { confirm: config.confirm } : {}),
  });
  const encoder = createTextEncoder(config.encoding ?? 'big5');
  const render = (slip: Slip) =>
    renderSlipEscPos(slip, {
      encoder,
      ...(config.widthDots ? { widthDots: config.widthDots } : {}),
      ...(config.barcodeModuleDots ? { barcodeModuleDots: config.barcodeModuleDots } : {}),
      ...(config.glyphs ? { glyphs: config.glyphs } : {}),
    });
  return {
    driver,
    get status() {
      return driver.status;
    },
    start: () => driver.start(),
    stop: () => driver.stop(),
    onStatus: (listener) => driver.onStatus(listener),
    render,
    async printSlip(slip) {
      const { bytes, warnings } = render(slip);
      return { outcome: await driver.print(bytes), warnings };
    },
  };
}

export function openPrintQueue(options: PrintQueueOptions): Promise<PrintQueue> {
  return PrintQueue.open(options);
}
