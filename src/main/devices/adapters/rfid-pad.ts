// The device manager's adapter over a FEIG or 3M pad reader (devices/rfid):
// the reader keeps its own link alive, so the adapter reports `reconnects`
// and mirrors link status; tag changes become rfid.tags events.
import type { DeviceAdapter, DeviceAdapterFactory } from '../manager';
import type { TransportOpener } from '#main/link/transport';
import { createPadReader, DEFAULT_SERIAL, type PadReaderConfig } from '../rfid';
import { tagView } from '../rfid/tag-view';
import { mirrorLink, optionNumber, optionString, unsupported } from './common';

/** `opener` replaces the configured transport (a simulator's end of a link). */
export const padReaderAdapter = (...[config, hooks, opener]: [...Parameters<DeviceAdapterFactory>, TransportOpener?]): DeviceAdapter => {
  const kind: PadReaderConfig['kind'] = config.driver === 'bibliotheca' ? 'bibliotheca' : 'feig';
  const t = config.transport;
  let transport: PadReaderConfig['transport'];
  if (t.kind === 'serial') transport = { kind: 'serial', path: t.path, baudRate: t.baudRate ?? DEFAULT_SERIAL[kind].baudRate };
  else if (t.kind === 'tcp') transport = { kind: 'tcp', host: t.host, port: t.port };
  else throw unsupported(config, t);
  const pollIntervalMs = optionNumber(config, 'pollIntervalMs');
  // A 3M/Bibliotheca 810 wants its hardware probe (D5) once before the first command: device option model '810'.
  const model = optionString(config, 'model');
  const bibliotheca = kind === 'bibliotheca' && (model === '810' || model === '210') ? { bibliotheca: { model } } : {};
  const reader = createPadReader({ kind, transport, ...(pollIntervalMs ? { pollIntervalMs } : {}), ...bibliotheca } as PadReaderConfig, opener ? { opener } : {});
  const announce = (arrived: string[], left: string[]) => hooks.tags({ present: reader.present().map(tagView), arrived, left });
  // A tag counts as arrived once the reader has read it (or given up on it): the UI acts on
  // arrivals, and a tag found but not yet read has no item to act on. It is in `present`
  // (dataKind 'unread') from the moment it is found.
  const announced = new Set<string>();
  const read = (uid: string) => {
    if (announced.has(uid)) return announce([], []);
    announced.add(uid);
    announce([uid], []);
  };
  const offs: Array<() => void> = [];
  return {
    reconnects: true,
    async start() {
      offs.push(
        reader.on('status', (s) => mirrorLink(hooks, s)),
        reader.on('inventory', () => hooks.seen()),
        reader.on('tagArrived', () => announce([], [])),
        reader.on('tagLeft', (e) => {
          announced.delete(e.uid);
          announce([], [e.uid]);
        }),
        reader.on('tagData', (e) => read(e.uid)),
        reader.on('tagError', (e) => read(e.uid)),
        reader.on('security', () => announce([], [])),
      );
      reader.start();
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      await reader.stop();
    },
    async test() {
      const s = reader.status;
      return s.status === 'connected' ? { ok: true, message: `Pad answered on ${s.address ?? '?'}; ${reader.present().length} tag(s) in the field.` } : { ok: false, message: s.error?.message ?? `Pad is ${s.status}.` };
    },
    rfid: {
      async setSecurity(uids, secured) {
        const outcomes = await reader.setSecurity(uids, secured);
        return outcomes.map((o) => (o.ok ? { uid: o.uid, ok: true } : { uid: o.uid, ok: false, error: { code: o.error.code, message: o.error.message } }));
      },
    },
  };
};
