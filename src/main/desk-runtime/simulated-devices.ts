// Devices the desk runs when simulate is on and nothing is configured: an RFID
// pad, a scanner and a receipt printer, driven by the sim.* bridge requests
// (demos, Playwright specs). They work at the adapter level; the tags still
// carry real ISO 28560-3 bytes, decoded through the same codec as a real pad's.
import type { DeviceConfig, DeviceTestResult, PrintJob, RfidTagView, SecurityResult, SimTag, SlipInput } from '../../shared/bridge';
import { afiSecurity, LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { decodePart3, encodePart3, TYPE_OF_USAGE } from '#main/devices/rfid/tag-data/iso28560-3';
import type { AdapterHooks, DeviceAdapter, DeviceAdapterFactory } from '../devices/manager';

export const SIM_READER_ID = 'sim-rfid';
export const SIM_SCANNER_ID = 'sim-scanner';
export const SIM_PRINTER_ID = 'sim-printer';

export function simulatedDeviceConfigs(): DeviceConfig[] {
  const base = { driver: 'simulated', enabled: true, transport: { kind: 'simulated' as const }, options: {} };
  return [
    { ...base, id: SIM_READER_ID, kind: 'rfid', name: '模擬 RFID 感應板 Simulated RFID pad' },
    { ...base, id: SIM_SCANNER_ID, kind: 'scanner', name: '模擬條碼掃描器 Simulated scanner' },
    { ...base, id: SIM_PRINTER_ID, kind: 'printer', name: '模擬收據印表機 Simulated receipt printer' },
  ];
}

interface SimTagState {
  uid: string;
  afi: number;
  bytes: Uint8Array | null;
}

function tagView(tag: SimTagState): RfidTagView {
  const security = afiSecurity(tag.afi);
  if (!tag.bytes) return { uid: tag.uid, afi: tag.afi, security, dataKind: 'blank', item: null };
  const decoded = decodePart3(tag.bytes);
  if (!decoded.ok) return { uid: tag.uid, afi: tag.afi, security, dataKind: 'unknown', item: null };
  const d = decoded.value.data;
  return {
    uid: tag.uid,
    afi: tag.afi,
    security,
    dataKind: 'iso28560-3',
    item: { primaryItemId: d.primaryItemId, owner: d.owner, typeOfUsage: d.typeOfUsage, partsInSet: d.partsInSet, ordinalPart: d.ordinalPart },
  };
}

export const simulatedRfid: DeviceAdapterFactory = (_config, hooks) => {
  const tags = new Map<string, SimTagState>();
  let running = false;
  const present = () => [...tags.values()].map(tagView);
  const announce = (arrived: string[], left: string[]) => {
    if (running && (arrived.length > 0 || left.length > 0)) hooks.tags({ present: present(), arrived, left });
  };
  const adapter: DeviceAdapter = {
    async start() {
      running = true;
      if (tags.size > 0) announce([...tags.keys()], []);
    },
    async stop() {
      running = false;
    },
    async test(): Promise<DeviceTestResult> {
      return { ok: running, message: running ? `Pad answered; ${tags.size} tag(s) in the field.` : 'Pad is stopped.' };
    },
    rfid: {
      async setSecurity(uids, secured): Promise<SecurityResult[]> {
        return uids.map((uid) => {
          const tag = tags.get(uid);
          if (!tag) return { uid, ok: false, error: { code: 'NOT_PRESENT', message: `Tag ${uid} is not on the pad.` } };
          tag.afi = secured ? LIBRARY_AFI.SECURED : LIBRARY_AFI.UNSECURED;
          return { uid, ok: true };
        });
      },
    },
    sim: {
      placeTags(list: readonly SimTag[]) {
        const arrived: string[] = [];
        for (const t of list) {
          let bytes: Uint8Array | null = null;
          if (t.item) {
            const encoded = encodePart3({
              version: 1,
              typeOfUsage: t.item.typeOfUsage ?? TYPE_OF_USAGE.CIRCULATING,
              partsInSet: t.item.partsInSet ?? 1,
              ordinalPart: t.item.ordinalPart ?? 1,
              primaryItemId: t.item.primaryItemId,
              owner: t.item.owner ?? '',
              extensions: [],
            });
            // A value the codec refuses becomes an unreadable tag, as a badly programmed real tag would.
            bytes = encoded.ok ? encoded.value : new Uint8Array(34).fill(0xff);
          }
          if (!tags.has(t.uid)) arrived.push(t.uid);
          tags.set(t.uid, { uid: t.uid, afi: t.afi ?? LIBRARY_AFI.SECURED, bytes });
        }
        announce(arrived, []);
        return [...tags.keys()];
      },
      removeTags(uids) {
        const left = (uids ?? [...tags.keys()]).filter((uid) => tags.delete(uid));
        announce([], left);
        return [...tags.keys()];
      },
    },
  };
  return adapter;
};

export const simulatedScanner: DeviceAdapterFactory = (_config, hooks) => {
  let running = false;
  return {
    async start() {
      running = true;
    },
    async stop() {
      running = false;
    },
    async test() {
      return { ok: running, message: running ? 'Scanner ready.' : 'Scanner is stopped.' };
    },
    sim: {
      scan(code, symbology) {
        if (running) hooks.scan(symbology ? { code, symbology } : { code });
      },
    },
  };
};

interface PrinterState {
  paper: 'ok' | 'near-end' | 'out';
  cover: 'open' | 'closed';
  online: boolean;
}

function holdReason(state: PrinterState): string | null {
  if (!state.online) return 'Printer offline.';
  if (state.cover === 'open') return 'Printer cover open.';
  if (state.paper === 'out') return 'Printer out of paper.';
  return null;
}

/** A receipt printer with a queue: jobs wait (held) while paper is out, the cover open or the printer offline, and print once it is fixed. */
export function createSimulatedPrinter(opts: { now?: () => Date; printed?: (job: PrintJob, slip: SlipInput) => void } = {}): DeviceAdapterFactory {
  return (config, hooks: AdapterHooks) => {
    const now = opts.now ?? (() => new Date());
    const state: PrinterState = { paper: 'ok', cover: 'closed', online: true };
    const jobs: PrintJob[] = [];
    const slips = new Map<string, SlipInput>();
    let running = false;
    let seq = 0;
    let pumping = false;

    const update = (job: PrintJob, patch: Partial<PrintJob>): PrintJob => {
      const next = { ...job, ...patch, updatedAt: now().toISOString() };
      const at = jobs.findIndex((j) => j.id === job.id);
      if (at >= 0) jobs[at] = next;
      hooks.printJob(next);
      return next;
    };

    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        for (;;) {
          const job = jobs.find((j) => j.state === 'queued' || j.state === 'held');
          if (!job || !running) return;
          const reason = holdReason(state);
          if (reason) {
            if (job.state !== 'held' || job.message !== reason) update(job, { state: 'held', message: reason });
            return;
          }
          const printing = update(job, { state: 'printing', message: '', attempts: job.attempts + 1 });
          // Yield so the 'printing' state is observable, as it is on a real printer.
          await new Promise((resolve) => setTimeout(resolve, 10));
          const after = holdReason(state);
          if (after) {
            update(printing, { state: 'held', message: after });
            return;
          }
          const done = update(printing, { state: 'printed', message: '' });
          const slip = slips.get(done.id);
          if (slip) opts.printed?.(done, slip);
          hooks.seen();
        }
      } finally {
        pumping = false;
      }
    };

    return {
      async start() {
        running = true;
        void pump();
      },
      async stop() {
        running = false;
      },
      async test() {
        const reason = holdReason(state);
        return reason ? { ok: false, message: reason } : { ok: running, message: running ? 'Printer ready (paper ok, cover closed).' : 'Printer is stopped.' };
      },
      printer: {
        async submit(key, slip) {
          const at = now().toISOString();
          const job: PrintJob = { id: `${config.id}-${++seq}`, key, printerId: config.id, state: 'queued', message: '', attempts: 0, createdAt: at, updatedAt: at };
          jobs.push(job);
          slips.set(job.id, slip);
          if (jobs.length > 200) {
            const dropped = jobs.shift();
            if (dropped) slips.delete(dropped.id);
          }
          hooks.printJob(job);
          void pump();
          return job;
        },
        jobs: () => [...jobs],
      },
      sim: {
        printerState(next) {
          Object.assign(state, next);
          void pump();
        },
      },
    };
  };
}
