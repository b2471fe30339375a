// The small interface every driver plugs into the device manager through:
// an adapter per configured device, the hooks it reports with, and the
// optional capabilities (RFID security, printing, simulator controls).
import type { DeviceConfig, DeviceKind, DeviceTestResult, DiscoveredPort, EventPayload, PrintJob, SecurityResult, SimTag, SlipInput } from '#shared/bridge';
import type { PrintedText } from '#shared/bridge/contract';
import type { SimPrinterState } from './service';

/** What an adapter tells the manager; the manager turns it into health and bridge events. */
export interface AdapterHooks {
  /** The link changed on its own: 'disconnected' or 'error' makes the manager reconnect with backoff. */
  status(state: 'connected' | 'disconnected' | 'error', message: string): void;
  /** The device answered something: keeps lastSeen fresh. */
  seen(): void;
  tags(payload: Omit<EventPayload<'rfid.tags'>, 'readerId'>): void;
  scan(scan: { code: string; symbology?: string }): void;
  printJob(job: PrintJob): void;
}

export interface RfidCapability {
  setSecurity(uids: readonly string[], secured: boolean): Promise<SecurityResult[]>;
}

export interface PrinterCapability {
  /** Queues a slip; the adapter keeps its queue across reconnects and reports progress through hooks.printJob. */
  submit(key: string, slip: SlipInput): Promise<PrintJob>;
  jobs(): readonly PrintJob[];
}

/** Controls of a simulated device (only simulated adapters have them): they act on the simulator, and the device's driver sees the result. */
export interface SimCapability {
  placeTags?(tags: readonly SimTag[]): Promise<string[]>;
  removeTags?(uids: readonly string[] | undefined): Promise<string[]>;
  scan?(code: string, symbology: string | undefined): Promise<void>;
  printerState?(state: SimPrinterState): Promise<void>;
  printed?(since: number): Promise<PrintedText[]>;
}

/**
 * One device, created once per configuration and started again after each
 * lost link. start() resolves once the device answered (or rejects with a
 * message staff can act on); stop() is idempotent.
 */
export interface DeviceAdapter {
  /**
   * The driver keeps its own link alive (reconnecting with its own backoff) and
   * reports it through hooks.status: the manager then mirrors the status
   * instead of restarting the adapter, and start() need not wait for the device.
   */
  readonly reconnects?: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  test(): Promise<DeviceTestResult>;
  readonly rfid?: RfidCapability;
  readonly printer?: PrinterCapability;
  readonly sim?: SimCapability;
}

export type DeviceAdapterFactory = (config: DeviceConfig, hooks: AdapterHooks) => DeviceAdapter;
export type DriverRegistry = { readonly [K in DeviceKind]?: { readonly [driver: string]: DeviceAdapterFactory | undefined } };

export interface Discovery {
  ports: DiscoveredPort[];
  warnings: string[];
}
