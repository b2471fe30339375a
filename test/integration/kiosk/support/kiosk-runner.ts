// A kiosk in its own Node process, driven over IPC by a test: the desk core
// with the kiosk's replica (role kiosk), the kiosk core, and what the main
// process runs for it — the device manager with an RFID pad (the simulated
// pad adapter, configured as a real device is) and a receipt printer (either
// the simulated one, whose slips are kept as text, or the real ESC/POS driver
// and its journaled print queue over TCP). A test may SIGKILL this process
// and start another on the same data directory: with `storage: 'file'` the
// replica is on disk, as the kiosk's IndexedDB is.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageLocalstorage } from 'rxdb/plugins/storage-localstorage';
import { Desk, type DeskConfig } from '#desk-core/desk';
import { needsAttention } from '#desk-core/queries';
import { KioskCore, type KioskDevices, type KioskHomeSystem } from '#renderer/kiosk/kiosk-core';
import { DeviceManager, type DeviceAdapterFactory } from '#main/devices/manager';
import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { DeviceConfigStore } from '#main/devices/config-store';
import { simulatedPad, simulatedPrinter } from '#main/simulators/desk';
import { realDrivers } from '#main/devices/adapters';
import type { DeviceConfig, KioskDeviceSettings, PrintJob, RfidTagView, SimTag } from '#shared/bridge';
import { slipPlainText, type Slip } from '#shared/slips/model';
import { FileStorage } from './file-storage';
import { serveMethods } from '#test/support/serve-methods';

export interface KioskInit {
  config: DeskConfig;
  dataDir: string;
  storage: 'memory' | 'file';
  printer: { kind: 'simulated' } | { kind: 'escpos'; port: number };
  device?: KioskDeviceSettings;
  /** Answers of the library system to ils.validatePatron, by card (tests of the PIN rule). */
  home?: Record<string, unknown>;
  retryTimeMs?: number;
}


let desk: Desk | null = null;
let core: KioskCore | null = null;
let manager: DeviceManager | null = null;
let present: readonly RfidTagView[] = [];
const printed: Array<{ key: string; text: string }> = [];
/** Set by a test: the next print announces itself and never completes (the process is about to be killed). */
let hangBeforePrint = false;

/**
 * The simulated pad keeps its tags to itself and announces only arrivals and
 * departures; this wraps it to keep each tag's AFI as the pad last confirmed
 * it (on placing, and on every successful security write), so a test can
 * check what the pad holds.
 */
const afiOnPad = new Map<string, number>();
const padWithLedger: DeviceAdapterFactory = (config, hooks) => {
  const inner = simulatedPad(config, hooks);
  return {
    ...inner,
    rfid: {
      async setSecurity(uids, secured) {
        const results = await inner.rfid!.setSecurity(uids, secured);
        for (const r of results) if (r.ok) afiOnPad.set(r.uid, secured ? LIBRARY_AFI.SECURED : LIBRARY_AFI.UNSECURED);
        return results;
      },
    },
    sim: {
      ...inner.sim,
      placeTags(list) {
        for (const t of list) afiOnPad.set(t.uid, t.afi ?? LIBRARY_AFI.SECURED);
        return inner.sim!.placeTags!(list);
      },
    },
  };
};

/** Slips handed to the printer, by print key: the text of one is recorded once its job has printed. */
const slipsByKey = new Map<string, Slip>();
function notePrinted(job: PrintJob): void {
  const slip = slipsByKey.get(job.key);
  if (job.state === 'printed' && slip && !printed.some((p) => p.key === job.key)) printed.push({ key: job.key, text: slipPlainText(slip) });
}

const READER: DeviceConfig = { id: 'pad', kind: 'rfid', driver: 'simulated', name: 'pad', enabled: true, transport: { kind: 'simulated' }, options: {} };

async function open(init: KioskInit): Promise<void> {
  // The byte-level printer simulator under the real ESC/POS driver; a slip counts as printed when the driver says so.
  const simPrinter: DeviceAdapterFactory = (config, hooks) => simulatedPrinter(config, hooks, { dataDir: init.dataDir });
  const real = realDrivers(init.dataDir);
  manager = new DeviceManager({
    store: new DeviceConfigStore(init.dataDir),
    drivers: { rfid: { simulated: padWithLedger }, scanner: {}, printer: { simulated: simPrinter, ...real.printer } },
    emit: (event, payload) => {
      if (event === 'print.job') return notePrinted(payload as PrintJob);
      if (event !== 'rfid.tags') return;
      present = (payload as { present: readonly RfidTagView[] }).present;
      void core?.padChanged(present);
    },
    log: () => undefined,
  });
  const printerConfig: DeviceConfig = init.printer.kind === 'simulated'
    ? { id: 'printer', kind: 'printer', driver: 'simulated', name: 'printer', enabled: true, transport: { kind: 'simulated' }, options: {} }
    : { id: 'printer', kind: 'printer', driver: 'escpos', name: 'printer', enabled: true, transport: { kind: 'tcp', host: '127.0.0.1', port: init.printer.port }, options: {} };
  await new DeviceConfigStore(init.dataDir).save([READER, printerConfig]);
  await manager.start();
  for (let i = 0; i < 200 && !manager.list().every((d) => d.health.state === 'connected'); i++) await new Promise((r) => setTimeout(r, 25));

  const storage = init.storage === 'memory'
    ? getRxStorageMemory()
    : getRxStorageLocalstorage({ localStorage: new FileStorage(`${init.dataDir}/replica`) as unknown as typeof localStorage });
  desk = await Desk.open({ config: init.config, storage: storage as never, retryTimeMs: init.retryTimeMs ?? 300 });
  const m = manager;
  const devices: KioskDevices = {
    setSecurity: async (uids, secured) => (await m.setSecurity(uids, secured)).results,
    async print(key, slip) {
      if (hangBeforePrint) {
        process.send!({ event: 'printing', key });
        await new Promise(() => undefined);
      }
      slipsByKey.set(key, slip as Slip);
      await m.submitPrint(key, slip);
    },
  };
  const answers = init.home;
  const home: KioskHomeSystem | null = answers ? { validatePatron: async (card, pin) => answers[`${card}:${pin ?? ''}`] ?? answers[card] ?? { reachable: false, code: 'DISABLED', reason: 'off' } } : null;
  let lastContact: number | null = null;
  core = new KioskCore({ desk, devices, home, ...(init.device ? { device: init.device } : {}), lastContact: { get: () => lastContact, set: (ms) => { lastContact = ms; } } });
  core.start();
}

const methods: Record<string, (...args: never[]) => unknown> = {
  open: (init: KioskInit) => open(init),
  identify: async (card: string) => {
    await core!.identify(card);
    await core!.settled();
    return core!.screen;
  },
  enterPin: async (pin: string) => {
    await core!.enterPin(pin);
    return core!.screen;
  },
  startReturn: async () => {
    await core!.startReturn();
    await core!.settled();
    return core!.screen;
  },
  /** Put tags on the simulated pad; resolves when the kiosk has handled the new pad. */
  async place(tags: SimTag[]) {
    const before = present;
    await manager!.simulatorControls().placeTags(tags);
    for (let i = 0; i < 200 && present === before; i++) await new Promise((r) => setTimeout(r, 5));
    await core!.settled();
    return core!.screen;
  },
  async remove(uids?: string[]) {
    await manager!.simulatorControls().removeTags(uids);
    await core!.settled();
    return core!.screen;
  },
  finish: async () => {
    await core!.finish();
    return core!.screen;
  },
  answerReceipt: async (yes: boolean) => {
    await core!.answerReceipt(yes);
    return core!.screen;
  },
  timeout: async () => {
    await core!.timeout();
    return core!.screen;
  },
  reprintLast: (patronId: string) => core!.reprintLast(patronId),
  screen: () => core!.screen,
  settled: () => core!.settled(),
  /** The tags on the pad with the AFI the pad holds now. */
  tags: () => present.map((t) => ({ ...t, afi: afiOnPad.get(t.uid) ?? t.afi })),
  printed: () => printed,
  printJobs: () => manager!.printJobs(),
  hangBeforePrint: (on: boolean) => {
    hangBeforePrint = on;
    return true;
  },
  status: () => desk!.status(),
  awaitConverged: (ms?: number) => desk!.awaitConverged(ms),
  record: (collection: string, id: string) => desk!.view.reader.get(collection as never, id) ?? null,
  holdsOf: (patronId: string) => [...desk!.view.reader.values('holds')].filter((h) => h.patronId === patronId),
  /** This kiosk's events (type and payload) whose payload mentions `text`. */
  eventsMentioning: (text: string) => [...desk!.view.events.values()].filter((e) => JSON.stringify(e.payload).includes(text)).map((e) => ({ id: e.id, type: e.type, status: e.status, payload: e.payload })),
  pendingCount: () => desk!.view.pendingCount,
  /** Staff-desk actions tried on the kiosk's own workflows (which must refuse what a kiosk may not record). */
  staffAction: async (action: 'expireHold' | 'visitorCheckout', ...args: string[]) =>
    action === 'expireHold' ? desk!.workflows.expireHold(args[0]!) : desk!.workflows.visitorCheckout(args[0]!, args[1]!),
  /** What the kiosk shows staff: its refused events (conflicts found when it synced) and the like. */
  attention: () => needsAttention(desk!.view.reader, desk!.config.libraryId, desk!.config.deviceId),
  async close() {
    core?.stop();
    await desk?.close();
    await manager?.stop();
    desk = null;
    core = null;
    return true;
  },
};

serveMethods(methods);
