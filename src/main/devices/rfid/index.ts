// Creating RFID pad readers from a desk's device configuration. The device
// manager calls createPadReader(config) and listens to the typed events; it
// never touches a protocol or a transport itself.

import type { TransportOpener } from '#main/link/transport';
import { serialTransport } from '../transports/serial';
import type { SerialParity } from '../transports/serial';
import { tcpTransport } from '../transports/tcp';
import { bibliothecaDriverFactory } from './bibliotheca/driver';
import type { BibliothecaDriverOptions } from './bibliotheca/driver';
import type { SecurityAfi } from './driver';
import { feigDriverFactory } from './feig/driver';
import type { FeigDriverOptions } from './feig/driver';
import { PadReader } from './pad-reader';
import type { BackoffOptions } from '#main/link/reconnecting-link';

export type PadTransportConfig =
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number; readonly parity?: SerialParity; readonly dataBits?: 7 | 8; readonly stopBits?: 1 | 2 }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

interface CommonReaderConfig {
  readonly transport: PadTransportConfig;
  readonly pollIntervalMs?: number;
  readonly missesBeforeLeft?: number;
  readonly maxReadAttempts?: number;
  readonly afi?: SecurityAfi;
  readonly backoff?: BackoffOptions;
}

export type PadReaderConfig =
  | (CommonReaderConfig & { readonly kind: 'feig'; readonly feig?: FeigDriverOptions })
  | (CommonReaderConfig & { readonly kind: 'bibliotheca'; readonly bibliotheca?: BibliothecaDriverOptions });

/** FEIG pads default to 38400 8E1; 3M pads to 19200 8N1 (protocols.md). */
export const DEFAULT_SERIAL: Readonly<Record<PadReaderConfig['kind'], { baudRate: number; parity: SerialParity }>> = {
  feig: { baudRate: 38400, parity: 'even' },
  bibliotheca: { baudRate: 19200, parity: 'none' },
};

export function padTransportOpener(kind: PadReaderConfig['kind'], transport: PadTransportConfig): { opener: TransportOpener; address: string } {
  if (transport.kind === 'tcp') {
    return { opener: tcpTransport({ host: transport.host, port: transport.port }), address: `${transport.host}:${transport.port}` };
  }
  return {
    opener: serialTransport({
      path: transport.path,
      baudRate: transport.baudRate,
      parity: transport.parity ?? DEFAULT_SERIAL[kind].parity,
      dataBits: transport.dataBits,
      stopBits: transport.stopBits,
    }),
    address: transport.path,
  };
}

/**
 * A reader for the configured pad; call start() to connect and poll. An
 * `opener` overrides the configured transport (tests, simulators).
 */
export function createPadReader(config: PadReaderConfig, overrides: { readonly opener?: TransportOpener } = {}): PadReader {
  const link = padTransportOpener(config.kind, config.transport);
  const driver = config.kind === 'feig' ? feigDriverFactory(config.feig) : bibliothecaDriverFactory(config.bibliotheca);
  return new PadReader({
    kind: config.kind,
    opener: overrides.opener ?? link.opener,
    address: link.address,
    driver,
    pollIntervalMs: config.pollIntervalMs,
    missesBeforeLeft: config.missesBeforeLeft,
    maxReadAttempts: config.maxReadAttempts,
    afi: config.afi,
    backoff: config.backoff,
  });
}

export { PadReader } from './pad-reader';
export type {
  PadReaderEvents,
  ReaderStatusEvent,
  SecurityOutcome,
  TagArrivedEvent,
  TagDataEvent,
  TagError,
  TagErrorEvent,
  TagLeftEvent,
  TagSnapshot,
  SecurityEvent,
  ReaderErrorEvent,
  InventoryRoundEvent,
} from './pad-reader';
export type { TagInfo, TagFormat, TagSet, TagDataError } from './tag-data/tag-decode';
export { decodeTagMemory } from './tag-data/tag-decode';
export { setCompleteness } from './set-completeness';
export type { SetCompleteness, SetPart } from './set-completeness';
export type { PadError, PadErrorCode } from './errors';
export type { PadKind, SecurityAfi, TagMemory } from './driver';
export type { BackoffOptions, LinkStatus, LinkStatusEvent } from '#main/link/reconnecting-link';
