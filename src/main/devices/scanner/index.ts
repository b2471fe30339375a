// Creating barcode scanners from a desk's device configuration.

import { HID_POS_DEFAULT_LAYOUT } from '#shared/scan/hid-pos-report';
import type { HidPosLayout } from '#shared/scan/hid-pos-report';
import type { TransportOpener } from '#main/link/transport';
import type { BackoffOptions } from '#main/link/reconnecting-link';
import { hidAddressText, hidTransport } from '../transports/hid';
import type { HidAddress } from '../transports/hid';
import { serialTransport } from '../transports/serial';
import type { SerialParity } from '../transports/serial';
import { tcpTransport } from '../transports/tcp';
import { BarcodeScanner } from './barcode-scanner';
import { hidPosScanDecoder, serialScanDecoder } from './decoders';

export type ScannerConfig =
  | {
      readonly kind: 'serial-scanner';
      readonly transport:
        | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number; readonly parity?: SerialParity }
        | { readonly kind: 'tcp'; readonly host: string; readonly port: number };
      /** A fixed prefix the scanner is programmed to send. */
      readonly prefix?: string;
      /** Take an AIM symbology identifier after the prefix (default: when present). */
      readonly aim?: boolean;
      readonly maxLineLength?: number;
      readonly backoff?: BackoffOptions;
    }
  | {
      readonly kind: 'hid-pos';
      readonly device: HidAddress;
      /** Offsets of the vendor's scanned-data report; Honeywell/Zebra layout by default. */
      readonly layout?: Partial<HidPosLayout>;
      readonly backoff?: BackoffOptions;
    };

/** A scanner for the configuration; call start(). An `opener` overrides the transport (tests, simulators). */
export function createScanner(config: ScannerConfig, overrides: { readonly opener?: TransportOpener } = {}): BarcodeScanner {
  if (config.kind === 'hid-pos') {
    const layout = { ...HID_POS_DEFAULT_LAYOUT, ...config.layout };
    return new BarcodeScanner({
      kind: 'hid-pos',
      opener: overrides.opener ?? hidTransport({ device: config.device }),
      decoder: () => hidPosScanDecoder(layout),
      address: hidAddressText(config.device),
      backoff: config.backoff,
    });
  }
  const t = config.transport;
  const opener = t.kind === 'tcp' ? tcpTransport({ host: t.host, port: t.port }) : serialTransport({ path: t.path, baudRate: t.baudRate, parity: t.parity ?? 'none' });
  return new BarcodeScanner({
    kind: 'serial-scanner',
    opener: overrides.opener ?? opener,
    decoder: () => serialScanDecoder({ prefix: config.prefix, aim: config.aim, maxLineLength: config.maxLineLength }),
    address: t.kind === 'tcp' ? `${t.host}:${t.port}` : t.path,
    backoff: config.backoff,
  });
}

export { BarcodeScanner } from './barcode-scanner';
export type { BarcodeScannerEvents, ScanEvent, ScanErrorEvent, ScannerKind, ScannerStatusEvent } from './barcode-scanner';
