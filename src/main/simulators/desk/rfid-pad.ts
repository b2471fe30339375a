// The demo's RFID pad: a FEIG ID CPR pad simulator speaking ISO Host bytes,
// read by the real FEIG driver and PadReader, its tags decoded by the real
// ISO 28560 codecs on their way to the bridge.
import type { DeviceConfig, RfidTagView } from '#shared/bridge';
import type { AdapterHooks, DeviceAdapter } from '#main/devices/manager';
import { padReaderAdapter } from '#main/devices/adapters/rfid-pad';
import { FeigPadSimulator } from '../feig-pad';
import { Rig } from './rig';
import { virtualTagFor } from './sim-tags';
import { Watch } from './wait-until';

/** How long a sim request waits for the driver to report the change. */
const REPORT_WITHIN_MS = 5000;

export function simulatedPad(config: DeviceConfig, hooks: AdapterHooks, log: (message: string) => void = () => undefined): DeviceAdapter {
  const pad = new FeigPadSimulator();
  const watch = new Watch();
  let present: readonly RfidTagView[] = [];
  const seen: AdapterHooks = {
    ...hooks,
    tags: (payload) => {
      present = payload.present;
      hooks.tags(payload);
      watch.changed();
    },
  };
  const rig = new Rig(
    config.id,
    async (link) => {
      await pad.attach(link.device);
      const real: DeviceConfig = { ...config, driver: 'feig-iso-host', transport: { kind: 'serial', path: link.hostPath } };
      return padReaderAdapter(real, seen, link.opener);
    },
    () => pad.detach(),
    log,
  );
  const uids = () => pad.tags.map((t) => t.uid);
  return {
    reconnects: true,
    async start() {
      await (await rig.open()).inner.start();
    },
    stop: () => rig.close(),
    async test() {
      return (await rig.open()).inner.test();
    },
    rfid: {
      async setSecurity(list, secured) {
        return (await rig.open()).inner.rfid!.setSecurity(list, secured);
      },
    },
    sim: {
      async placeTags(list) {
        for (const t of list) pad.addTag(virtualTagFor(t));
        // Resolve once the reader has found and read every placed tag, as staff would see it.
        await watch.until(() => list.every((t) => present.some((v) => v.uid === t.uid && v.dataKind !== 'unread')), REPORT_WITHIN_MS);
        return uids();
      },
      async removeTags(list) {
        const gone = list ?? uids();
        for (const uid of gone) pad.removeTag(uid);
        await watch.until(() => !present.some((v) => gone.includes(v.uid)), REPORT_WITHIN_MS);
        return uids();
      },
    },
  };
}
