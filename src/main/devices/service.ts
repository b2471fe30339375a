// What the bridge asks of this desk's devices, declared on the devices side:
// the bridge's handlers depend on these interfaces (DeviceManager implements
// DeviceService), never the other way round.
import type { DeviceConfig, DeviceTestResult, DeviceView, DiscoveredPort, PrintJob, SecurityResult, SimTag, SlipInput } from '#shared/bridge';
import type { PrintedText } from '#shared/bridge/contract';

export interface DeviceService {
  list(): DeviceView[];
  discover(): Promise<{ ports: DiscoveredPort[]; warnings: string[] }>;
  configure(config: DeviceConfig): Promise<DeviceView>;
  remove(id: string): Promise<boolean>;
  test(id: string): Promise<DeviceTestResult>;
  setSecurity(uids: readonly string[], secured: boolean, readerId?: string): Promise<{ readerId: string; results: SecurityResult[] }>;
  submitPrint(key: string, slip: SlipInput, printerId?: string): Promise<PrintJob>;
  printJobs(printerId?: string, limit?: number): PrintJob[];
}

export type SimPrinterState = { paper: 'ok' | 'near-end' | 'out'; cover: 'open' | 'closed'; online: boolean };

/** The simulators' controls; present only when the desk simulates devices. */
export interface SimulatorControls {
  placeTags(tags: readonly SimTag[], readerId?: string): Promise<{ present: string[] }>;
  removeTags(uids: readonly string[] | undefined, readerId?: string): Promise<{ present: string[] }>;
  scan(code: string, symbology: string | undefined, scannerId?: string): Promise<{ delivered: boolean }>;
  printerState(state: SimPrinterState, printerId?: string): Promise<{ printerId: string }>;
  printed(printerId?: string, since?: number): Promise<{ printerId: string; documents: PrintedText[] }>;
}
