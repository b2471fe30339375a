// The desk core's IlsPort over the bridge: the connector lives in the main
// process (it owns the TCP connection to the library's system and the
// durable queue); the renderer only hands over ops and collects refusals.
import type { Bridge } from '#shared/bridge/contract';
import type { IlsPort, IlsRefusal } from '#desk-core/ils-sync';

export function bridgeIlsPort(bridge: Bridge): IlsPort {
  return {
    async enqueue(ops) {
      for (let i = 0; i < ops.length; i += 500) await bridge['ils.enqueue']({ ops: ops.slice(i, i + 500).map((o) => ({ ...o })) });
    },
    async refusals(): Promise<IlsRefusal[]> {
      const { ops } = await bridge['ils.ops']({ states: ['refused'], limit: 1000 });
      // Fee payments the system refused are shown on the ILS settings screen; the desk's exceptions are for items.
      return ops.flatMap((o) => (o.kind === 'fee' ? [] : [{ key: o.key, kind: o.kind, itemId: o.itemId, screenMessage: o.screenMessage }]));
    },
    async ack(key) {
      await bridge['ils.ack']({ key });
    },
    onChange(listener) {
      return bridge.on('ils.changed', () => listener());
    },
    validatePatron: (patronId, pin) => bridge['ils.validatePatron']({ patronId, ...(pin === undefined ? {} : { pin }) }),
  };
}
