// Preload: exposes the one typed bridge as window.relay — a function per
// request in the contract and on(event, listener) for the contract's events.
// No raw ipcRenderer reaches the page, and the IPC event object never does
// either (it holds the sender). Bundled as one CommonJS file: at run time it
// requires only 'electron' (names.ts has no imports at all).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, IPC_EVENT_CHANNEL, REQUEST_NAMES, ipcRequestChannel, isEventName, type EventName } from '#shared/bridge/names';
import type { RelayPreloadApi } from '#shared/bridge/contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>(EVENT_NAMES.map((name) => [name, new Set<Listener>()]));

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`relay: a listener for ${name} threw`, error);
    }
  }
});

const api: Record<string, unknown> = {};
for (const name of REQUEST_NAMES) {
  const channel = ipcRequestChannel(name);
  api[name] = (input: unknown) => ipcRenderer.invoke(channel, input ?? {});
}
api['on'] = (event: unknown, listener: unknown): (() => void) => {
  if (!isEventName(event)) throw new TypeError(`relay.on: "${String(event).slice(0, 40)}" is not a bridge event (${EVENT_NAMES.join(', ')}).`);
  if (typeof listener !== 'function') throw new TypeError('relay.on: the listener must be a function.');
  const set = listeners.get(event)!;
  const wrapped: Listener = (payload) => (listener as Listener)(payload);
  set.add(wrapped);
  return () => void set.delete(wrapped);
};

contextBridge.exposeInMainWorld('relay', Object.freeze(api) as unknown as RelayPreloadApi);
