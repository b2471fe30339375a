// Adapters from the device manager's small interface to the real drivers:
// FEIG / 3M pads (devices/rfid), serial and HID POS scanners
// (devices/scanner), ESC/POS printers with their journaled print queue
// (devices/printer). These drivers keep their own links alive, so the
// adapters report `reconnects` and mirror link status into the manager.
import { join } from 'node:path';
import type { DeviceConfig, PrintJob, RfidTagView, TransportConfig } from '../../shared/bridge';
import { afiSecurity } from '#main/devices/rfid/tag-data/afi';
import type { AdapterHooks, DeviceAdapter, DeviceAdapterFactory, DriverRegistry } from '../devices/manager';
import { createPadReader, DEFAULT_SERIAL, type PadReaderConfig, type TagSnapshot } from '../devices/rfid';
import { createScanner, type ScannerConfig } from '../devices/scanner';
import { createPrinter, openPrintQueue, type PrintQueue } from '../devices/printer';
import type { PrintJob as QueueJob } from '../devices/printer';
import type { LinkStatusEvent } from '../devices/rfid';

const str = (config: DeviceConfig, key: string): string | undefined => (typeof config.options[key] === 'string' ? (config.options[key] as string) : undefined);
const num = (config: DeviceConfig, key: string): number | undefined => (typeof config.options[key] === 'number' ? (config.options[key] as number) : undefined);

function unsupported(config: DeviceConfig, t: TransportConfig): Error {
  return new Error(`${config.name}: the ${config.driver} driver cannot use a ${t.kind} transport.`);
}

function mirrorLink(hooks: AdapterHooks, status: LinkStatusEvent): void {
  if (status.status === 'connected') hooks.status('connected', `Connected on ${status.address ?? 'the configured port'}.`);
  else if (status.status === 'disconnected') hooks.status('disconnected', status.error?.message ?? 'Disconnected.');
}

export function tagView(tag: TagSnapshot): RfidTagView {
  const info = tag.info;
  return {
    uid: tag.uid,
    afi: tag.afi,
    security: tag.afi === null ? 'unknown' : afiSecurity(tag.afi),
    dataKind: info ? info.format : tag.error ? 'unknown' : 'unread',
    item: info
      ? { primaryItemId: info.primaryItemId, owner: info.owner ?? '', typeOfUsage: info.typeOfUsage ?? 0, partsInSet: info.set.partsInItem, ordinalPart: info.set.partNumber }
      : null,
  };
}

const padReader: DeviceAdapterFactory = (config, hooks) => {
  const kind: PadReaderConfig['kind'] = config.driver === 'bibliotheca' ? 'bibliotheca' : 'feig';
  const t = config.transport;
  let transport: PadReaderConfig['transport'];
  if (t.kind === 'serial') transport = { kind: 'serial', path: t.path, baudRate: t.baudRate ?? DEFAULT_SERIAL[kind].baudRate };
  else if (t.kind === 'tcp') transport = { kind: 'tcp', host: t.host, port: t.port };
  else throw unsupported(config, t);
  const pollIntervalMs = num(config, 'pollIntervalMs');
  const reader = createPadReader({ kind, transport, ...(pollIntervalMs ? { pollIntervalMs } : {}) } as PadReaderConfig);
  const announce = (arrived: string[], left: string[]) => hooks.tags({ present: reader.present().map(tagView), arrived, left });
  const offs: Array<() => void> = [];
  return {
    reconnects: true,
    async start() {
      offs.push(
        reader.on('status', (s) => mirrorLink(hooks, s)),
        reader.on('inventory', () => hooks.seen()),
        reader.on('tagArrived', (e) => announce([e.uid], [])),
        reader.on('tagLeft', (e) => announce([], [e.uid])),
        reader.on('tagData', () => announce([], [])),
        reader.on('tagError', () => announce([], [])),
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

const scanner: DeviceAdapterFactory = (config, hooks) => {
  const t = config.transport;
  let sc: ScannerConfig;
  if (config.driver === 'hid-pos') {
    if (t.kind !== 'hid') throw unsupported(config, t);
    sc = { kind: 'hid-pos', device: t.path ? { path: t.path } : { vendorId: t.vendorId, productId: t.productId } };
  } else if (t.kind === 'serial') {
    const prefix = str(config, 'prefix');
    sc = { kind: 'serial-scanner', transport: { kind: 'serial', path: t.path, baudRate: t.baudRate ?? 9600 }, ...(prefix ? { prefix } : {}) };
  } else if (t.kind === 'tcp') {
    sc = { kind: 'serial-scanner', transport: { kind: 'tcp', host: t.host, port: t.port } };
  } else throw unsupported(config, t);
  const device = createScanner(sc);
  const offs: Array<() => void> = [];
  return {
    reconnects: true,
    async start() {
      offs.push(
        device.on('status', (s) => mirrorLink(hooks, s)),
        device.on('scan', (e) => hooks.scan(e.symbology ? { code: e.text, symbology: e.symbology } : { code: e.text })),
      );
      device.start();
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      await device.stop();
    },
    async test() {
      const s = device.status;
      return s.status === 'connected' ? { ok: true, message: `Scanner connected on ${s.address ?? '?'}; scan a barcode to check it.` } : { ok: false, message: s.error?.message ?? `Scanner is ${s.status}.` };
    },
  };
};

function jobView(printerId: string, job: QueueJob): PrintJob {
  const held = job.state === 'queued' && job.reason !== null;
  return { id: job.id, key: job.key, printerId, state: held ? 'held' : job.state, message: job.reason ?? '', attempts: job.attempts, createdAt: job.createdAt, updatedAt: job.updatedAt };
}

function escposPrinter(dataDir: string): DeviceAdapterFactory {
  return (config, hooks) => {
    const t = config.transport;
    let transport: Parameters<typeof createPrinter>[0]['transport'];
    if (t.kind === 'tcp') transport = { kind: 'tcp', host: t.host, port: t.port };
    else if (t.kind === 'usb-printer') transport = { kind: 'usb-printer', path: t.path };
    else if (t.kind === 'serial') transport = { kind: 'serial', path: t.path, ...(t.baudRate ? { baudRate: t.baudRate } : {}) };
    else throw unsupported(config, t);
    const encoding = str(config, 'encoding') === 'gb18030' ? 'gb18030' : 'big5';
    const widthDots = num(config, 'widthDots');
    const printer = createPrinter({ transport, encoding, ...(widthDots ? { widthDots } : {}) });
    // One journal per printer, so a crash never loses or doubles a slip.
    let queue: Promise<PrintQueue> | null = null;
    let opened: PrintQueue | null = null;
    const openQueue = () =>
      (queue ??= openPrintQueue({ dir: join(dataDir, 'print', config.id), printer }).then((q) => {
        opened = q;
        q.onJob((job) => hooks.printJob(jobView(config.id, job)));
        return q;
      }));
    let offStatus: (() => void) | null = null;
    const adapter: DeviceAdapter = {
      reconnects: true,
      async start() {
        await openQueue();
        offStatus = printer.onStatus((s) => {
          if (s.connected) hooks.status('connected', s.message);
          else hooks.status('disconnected', s.message);
        });
        printer.start();
      },
      async stop() {
        offStatus?.();
        offStatus = null;
        await printer.stop();
      },
      async test() {
        const s = printer.status;
        return { ok: s.printable, message: s.message };
      },
      printer: {
        async submit(key, slip) {
          const q = await openQueue();
          return jobView(config.id, (await q.enqueue(key, slip)).job);
        },
        jobs: () => (opened ? opened.jobs().map((j) => jobView(config.id, j)) : []),
      },
    };
    return adapter;
  };
}

/** The real drivers, by the driver names of the contract's KNOWN_DRIVERS. */
export function realDrivers(dataDir: string): DriverRegistry {
  return {
    rfid: { 'feig-iso-host': padReader, bibliotheca: padReader },
    scanner: { 'serial-lines': scanner, 'hid-pos': scanner },
    printer: { escpos: escposPrinter(dataDir) },
  };
}
