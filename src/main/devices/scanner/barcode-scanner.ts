// A barcode scanner the main process can open (serial / USB-COM, or USB HID
// POS): it keeps the link up with the same backoff as the pads and turns
// what the scanner sends into typed scan events. Keyboard-wedge scanners are
// not here: their keystrokes reach only the focused window (see
// src/shared/scan/wedge.ts, used by the renderer).

import type { Symbology } from '#shared/scan/symbology';
import type { TransportOpener } from '#main/link/transport';
import { ReconnectingLink } from '#main/link/reconnecting-link';
import type { BackoffOptions, LinkStatusEvent } from '#main/link/reconnecting-link';
import { TypedEmitter } from '#main/link/typed-emitter';

export type ScannerKind = 'serial-scanner' | 'hid-pos';

export interface ScanEvent {
  /** The code, prefix and AIM identifier removed. */
  readonly text: string;
  readonly symbology: Symbology | null;
  readonly aimId: string | null;
  readonly source: ScannerKind;
  readonly at: number;
}

export interface ScanErrorEvent {
  readonly code: 'LINE_TOO_LONG' | 'BAD_REPORT';
  readonly message: string;
  readonly at: number;
}

export type ScannerStatusEvent = LinkStatusEvent & { readonly kind: ScannerKind };

export interface BarcodeScannerEvents {
  [key: string]: unknown;
  scan: ScanEvent;
  scanError: ScanErrorEvent;
  status: ScannerStatusEvent;
}

/** Turns transport chunks into scans; one per connection (state is dropped on reconnect). */
export interface ScanDecoder {
  push(chunk: Uint8Array): Array<{ scan: Omit<ScanEvent, 'source' | 'at'> } | { error: Omit<ScanErrorEvent, 'at'> }>;
}

export interface BarcodeScannerOptions {
  readonly kind: ScannerKind;
  readonly opener: TransportOpener;
  readonly decoder: () => ScanDecoder;
  readonly address?: string;
  readonly backoff?: BackoffOptions;
}

export class BarcodeScanner {
  readonly kind: ScannerKind;
  private readonly events = new TypedEmitter<BarcodeScannerEvents>();
  private readonly link: ReconnectingLink;
  private decoder: ScanDecoder;
  private lastStatus: ScannerStatusEvent;

  constructor(private readonly options: BarcodeScannerOptions) {
    this.kind = options.kind;
    this.decoder = options.decoder();
    this.lastStatus = { kind: this.kind, status: 'stopped', address: options.address ?? null, attempt: 0 };
    this.link = new ReconnectingLink(
      options.opener,
      {
        data: (chunk) => this.receive(chunk),
        opened: () => {
          this.decoder = options.decoder();
        },
        closed: () => undefined,
        status: (event) => {
          this.lastStatus = { ...event, kind: this.kind };
          this.events.emit('status', this.lastStatus);
        },
      },
      options.backoff,
      options.address ?? null,
    );
  }

  on<K extends keyof BarcodeScannerEvents & string>(type: K, listener: (event: BarcodeScannerEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  next<K extends keyof BarcodeScannerEvents & string>(type: K, predicate?: (event: BarcodeScannerEvents[K]) => boolean): Promise<BarcodeScannerEvents[K]> {
    return this.events.next(type, predicate);
  }

  get status(): ScannerStatusEvent {
    return this.lastStatus;
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link.stop();
    this.events.removeAll();
  }

  retryNow(): void {
    this.link.retryNow();
  }

  private receive(chunk: Uint8Array): void {
    const at = Date.now();
    for (const out of this.decoder.push(chunk)) {
      if ('scan' in out) this.events.emit('scan', { ...out.scan, source: this.kind, at });
      else this.events.emit('scanError', { ...out.error, at });
    }
  }
}
