// The bridge's request and event names as plain constants, with no imports at
// all: the sandboxed preload bundles this file and must not pull a library in
// at run time (contract.ts, which holds the schemas, imports TypeBox).

export const DESK_REQUESTS = [
  'desk.config',
  'devices.list',
  'devices.discover',
  'devices.configure',
  'devices.remove',
  'devices.test',
  'rfid.setSecurity',
  'print.submit',
  'print.jobs',
  'ils.settings',
  'ils.configure',
  'ils.test',
  'ils.enqueue',
  'ils.ops',
  'ils.ack',
  'ils.retry',
  'ils.resolve',
  'ils.validatePatron',
] as const;

/** Requests that drive the simulators; refused with SIMULATION_OFF unless the desk runs with simulate on. */
export const SIM_REQUESTS = ['sim.placeTags', 'sim.removeTags', 'sim.scan', 'sim.printerState', 'sim.printed'] as const;

export const REQUEST_NAMES = [...DESK_REQUESTS, ...SIM_REQUESTS] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];
export type SimRequestName = (typeof SIM_REQUESTS)[number];

export const EVENT_NAMES = ['rfid.tags', 'scan', 'device.status', 'print.job', 'ils.changed'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const requestSet: ReadonlySet<string> = new Set(REQUEST_NAMES);
const simSet: ReadonlySet<string> = new Set(SIM_REQUESTS);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && requestSet.has(name);
}

export function isSimRequest(name: RequestName): name is SimRequestName {
  return simSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}

/** Electron IPC channel names: one per request, one for every event. */
export const IPC_REQUEST_PREFIX = 'relay:';
export const IPC_EVENT_CHANNEL = 'relay:event';
export const ipcRequestChannel = (name: RequestName): string => `${IPC_REQUEST_PREFIX}${name}`;
