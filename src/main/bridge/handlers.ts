// The handler map: one typed object keyed by request name (the shape
// Actual Budget's loot-core uses), plain Node, served unchanged by Electron
// IPC and by the desk host. Handlers get validated input and throw
// BridgeFailure for answers with a specific code.
import type { DeskConfig, RequestInput, RequestName, RequestOutput, SlipInput } from '#shared/bridge';
import type { DeviceService, SimulatorControls } from '#main/devices/service';
import { BridgeFailure } from '#shared/bridge/errors';
import type { IlsHealth, IlsOpInput, IlsOpState, IlsOpView, IlsPatronCheck, IlsSettings, IlsSettingsView, IlsTestResult } from '#shared/bridge/ils';

export type { DeviceService, SimulatorControls };

export type BridgeHandlers = {
  readonly [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>>;
};

/** The library-system (SIP2) connector as the handlers see it (see desk-runtime/ils-service.ts). */
export interface IlsService {
  settings(): IlsSettingsView;
  configure(settings: IlsSettings): Promise<IlsSettingsView>;
  test(settings?: IlsSettings): Promise<IlsTestResult>;
  enqueue(ops: readonly IlsOpInput[]): Promise<{ accepted: number; duplicates: number; skipped: number }>;
  ops(states?: readonly IlsOpState[], limit?: number): IlsOpView[];
  ack(key: string): Promise<IlsOpState | null>;
  retry(key: string): Promise<IlsOpState | null>;
  /** A stuck op: staff checked the library's system (done) or decided it must not be sent (cancelled). */
  resolve(key: string, outcome: 'done' | 'cancelled', note: string): Promise<IlsOpState | null>;
  validatePatron(patronId: string, pin?: string): Promise<IlsPatronCheck>;
  health(): IlsHealth;
}

export interface BridgeContext {
  deskConfig(): DeskConfig;
  devices: DeviceService;
  sim: SimulatorControls | null;
  ils: IlsService;
}

function simOf(ctx: BridgeContext): SimulatorControls {
  if (!ctx.sim) throw new BridgeFailure('SIMULATION_OFF', 'The desk does not simulate devices (start it with simulate on).');
  return ctx.sim;
}

export function createHandlers(ctx: BridgeContext): BridgeHandlers {
  return {
    'desk.config': async () => ctx.deskConfig(),
    'devices.list': async () => ({ devices: ctx.devices.list() }),
    'devices.discover': async () => ctx.devices.discover(),
    'devices.configure': async ({ device }) => ({ device: await ctx.devices.configure(device) }),
    'devices.remove': async ({ id }) => ({ removed: await ctx.devices.remove(id) }),
    'devices.test': async ({ id }) => ctx.devices.test(id),
    'rfid.setSecurity': async ({ uids, secured, readerId }) => ctx.devices.setSecurity(uids, secured, readerId),
    'print.submit': async ({ key, slip, printerId }) => ctx.devices.submitPrint(key, slip as SlipInput, printerId),
    'print.jobs': async ({ printerId, limit }) => ({ jobs: ctx.devices.printJobs(printerId, limit) }),
    'sim.placeTags': async ({ tags, readerId }) => simOf(ctx).placeTags(tags, readerId),
    'sim.removeTags': async ({ uids, readerId }) => simOf(ctx).removeTags(uids, readerId),
    'sim.scan': async ({ code, symbology, scannerId }) => simOf(ctx).scan(code, symbology, scannerId),
    'sim.printerState': async ({ paper, cover, online, printerId }) => simOf(ctx).printerState({ paper, cover, online }, printerId),
    'sim.printed': async ({ printerId, since }) => simOf(ctx).printed(printerId, since),
    'ils.settings': async () => ({ settings: ctx.ils.settings(), health: ctx.ils.health() }),
    'ils.configure': async ({ settings }) => ({ settings: await ctx.ils.configure(settings), health: ctx.ils.health() }),
    'ils.test': async ({ settings }) => ctx.ils.test(settings),
    'ils.enqueue': async ({ ops }) => ctx.ils.enqueue(ops),
    'ils.ops': async ({ states, limit }) => ({ ops: ctx.ils.ops(states as IlsOpState[] | undefined, limit), health: ctx.ils.health() }),
    'ils.ack': async ({ key }) => ({ state: await ctx.ils.ack(key) }),
    'ils.retry': async ({ key }) => ({ state: await ctx.ils.retry(key) }),
    'ils.resolve': async ({ key, outcome, note }) => ({ state: await ctx.ils.resolve(key, outcome, note) }),
    'ils.validatePatron': async ({ patronId, pin }) => ctx.ils.validatePatron(patronId, pin),
  };
}
