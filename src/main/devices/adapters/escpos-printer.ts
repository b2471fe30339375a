// The device manager's adapter over an ESC/POS receipt printer with its
// journaled print queue (devices/printer): one journal per printer under the
// desk's data directory, so a crash never loses or doubles a slip.
import { join } from 'node:path';
import type { PrintJob } from '#shared/bridge';
import type { DeviceAdapter, DeviceAdapterFactory } from '../manager';
import type { TransportOpener } from '#main/link/transport';
import { createPrinter, openPrintQueue, type PrintQueue } from '../printer';
import type { PrinterStatus, PrintJob as QueueJob } from '../printer';
import { optionNumber, optionString, unsupported } from './common';
import { glyphsFor } from './printer-glyphs';

/**
 * A queued job is 'held' while something stops it: the reason the last try
 * gave, or — before any try — the printer not being printable (paper out,
 * cover open, offline), so staff see why the slip waits.
 */
function jobView(printerId: string, job: QueueJob, printer: PrinterStatus): PrintJob {
  const waitingFor = job.state === 'queued' ? (job.reason ?? (printer.printable ? null : printer.message)) : null;
  return { id: job.id, key: job.key, printerId, state: waitingFor !== null ? 'held' : job.state, message: waitingFor ?? job.reason ?? '', attempts: job.attempts, createdAt: job.createdAt, updatedAt: job.updatedAt };
}

/** `opener` replaces the configured transport (a simulator's end of a link). */
export function escposPrinterAdapter(dataDir: string) {
  return (...[config, hooks, opener]: [...Parameters<DeviceAdapterFactory>, TransportOpener?]): DeviceAdapter => {
    const t = config.transport;
    let transport: Parameters<typeof createPrinter>[0]['transport'];
    if (t.kind === 'tcp') transport = { kind: 'tcp', host: t.host, port: t.port };
    else if (t.kind === 'usb-printer') transport = { kind: 'usb-printer', path: t.path };
    else if (t.kind === 'serial') transport = { kind: 'serial', path: t.path, ...(t.baudRate ? { baudRate: t.baudRate } : {}) };
    else throw unsupported(config, t);
    const encoding = optionString(config, 'encoding') === 'gb18030' ? 'gb18030' : 'big5';
    const widthDots = optionNumber(config, 'widthDots');
    const pollIntervalMs = optionNumber(config, 'pollIntervalMs');
    // Names outside the printer's Big5 font are drawn from a TrueType font when one is there.
    const { glyphs } = glyphsFor(config);
    const printer = createPrinter({ transport, encoding, ...(widthDots ? { widthDots } : {}), ...(pollIntervalMs ? { pollIntervalMs } : {}), ...(opener ? { opener } : {}), ...(glyphs ? { glyphs } : {}) });
    let queue: Promise<PrintQueue> | null = null;
    let opened: PrintQueue | null = null;
    const openQueue = () =>
      (queue ??= openPrintQueue({ dir: join(dataDir, 'print', config.id), printer }).then((q) => {
        opened = q;
        q.onJob((job) => hooks.printJob(jobView(config.id, job, printer.status)));
        return q;
      }));
    let offStatus: (() => void) | null = null;
    return {
      reconnects: true,
      async start() {
        await openQueue();
        let printable = printer.status.printable;
        offStatus = printer.onStatus((s) => {
          if (s.connected) hooks.status('connected', s.message);
          else hooks.status('disconnected', s.message);
          // Waiting jobs change between queued and held with the printer.
          if (s.printable !== printable) for (const job of opened?.jobs() ?? []) if (job.state === 'queued') hooks.printJob(jobView(config.id, job, s));
          printable = s.printable;
        });
        printer.start();
      },
      async stop() {
        offStatus?.();
        offStatus = null;
        await printer.stop();
        // Close the journal: a reconfigured or removed printer must not keep its file open.
        const q = queue;
        queue = null;
        opened = null;
        await (await q?.catch(() => null))?.close();
      },
      async test() {
        const s = printer.status;
        return { ok: s.printable, message: s.message };
      },
      printer: {
        async submit(key, slip) {
          const q = await openQueue();
          return jobView(config.id, (await q.enqueue(key, slip)).job, printer.status);
        },
        jobs: () => (opened ? opened.jobs().map((j) => jobView(config.id, j, printer.status)) : []),
      },
    };
  };
}
