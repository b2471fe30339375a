// The printer stack end to end over real TCP: slip → ESC/POS → driver →
// socket → simulator (which decodes what it printed), with the persistent
// queue in front. Out of paper, mid-slip paper-out, link loss and restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrinter, openPrintQueue } from '#main/devices/printer';
import type { Printer, PrintQueue } from '#main/devices/printer';
import { tcpTransport, TcpConnectError } from '#main/devices/transports/tcp';
import { EscPosPrinterSimulator } from '#main/simulators/escpos-printer';
import { buildHoldSlip } from '#shared/slips/hold-slip';
import { buildRoutingLabel } from '#shared/slips/routing-label';
import { shortCodeOf } from '#shared/domain/kit/short-code';
import { HOLD, NTTU, STUST } from '#test/unit/slips/fixtures';

let dir: string;
let sim: EscPosPrinterSimulator;
const printers: Printer[] = [];
const queues: PrintQueue[] = [];

function printerFor(s: EscPosPrinterSimulator, extra: Partial<Parameters<typeof createPrinter>[0]> = {}): Printer {
  const p = createPrinter({ transport: { kind: 'tcp', host: '127.0.0.1', port: s.port! }, pollIntervalMs: 40, statusTimeoutMs: 500, reconnectMs: 50, ...extra });
  printers.push(p);
  p.start();
  return p;
}

async function queueFor(printer: Printer): Promise<PrintQueue> {
  const q = await openPrintQueue({ dir, printer });
  queues.push(q);
  return q;
}

function waitForJob(queue: PrintQueue, key: string, state: string, timeoutMs = 5000): Promise<void> {
  if (queue.byKey(key)?.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${key} did not reach ${state} (is ${queue.byKey(key)?.state})`)), timeoutMs);
    const off = queue.onJob((j) => {
      if (j.key !== key || j.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

const slip = buildHoldSlip(HOLD);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-print-'));
  sim = await EscPosPrinterSimulator.start();
});

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  for (const p of printers.splice(0)) await p.stop();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('printing over TCP to the simulator', () => {
  it('prints a hold slip; the printed text decodes back to the slip', async () => {
    const printer = printerFor(sim);
    const queue = await queueFor(printer);
    await queue.enqueue('hold-1', slip);
    const [doc] = await sim.waitForDocuments(1);
    await waitForJob(queue, 'hold-1', 'printed');
    expect(doc!.lines).toContain(HOLD.title);
    expect(doc!.lines).toContain('789');
    expect(doc!.text).toMatch(/讀者 +王○明/);
    expect(doc!.text).toMatch(/取書期限 +2025-03-11（二）/);
    expect(doc!.text).not.toContain('王小明');
    expect(doc!.barcodes).toMatchObject([{ symbology: 'code128', data: HOLD.itemBarcode }]);
    // A numeric item barcode prints in code set C, two digits a symbol character.
    expect(doc!.barcodes[0]!.codeSets).toMatch(/^C/);
    expect(doc!.unknownCommands).toBe(0);
    expect(doc!.cut).toBe('full');
    expect(sim.stats.transmitStatusReplies).toBe(1);
    expect(printer.status.condition).toBe('ready');
  });

  it('a routing label: large destination code and the parcel short code (Code 128, code set C)', async () => {
    const printer = printerFor(sim);
    const queue = await queueFor(printer);
    await queue.enqueue('label-1', buildRoutingLabel({ to: NTTU, from: STUST, parcelId: 'PARCEL-0042', itemCount: 3, date: '2025-03-04' }));
    const [doc] = await sim.waitForDocuments(1);
    expect(doc!.lines).toContain('NTTU');
    expect(doc!.lines).toContain('國立臺東專科學校');
    expect(doc!.barcodes).toMatchObject([{ symbology: 'code128', data: shortCodeOf('parcel', 'PARCEL-0042'), codeSets: 'C' }]);
  });

  it('out of paper: the job waits queued, and after refill prints exactly once', async () => {
    sim.setPaper('out');
    const printer = printerFor(sim);
    await printer.driver.waitForStatus((s) => s.condition === 'paper_out');
    const queue = await queueFor(printer);
    await queue.enqueue('hold-1', slip);
    // The same request again (the desk retried): still one job.
    expect((await queue.enqueue('hold-1', slip)).duplicate).toBe(true);
    await queue.idle();
    expect(queue.byKey('hold-1')?.state).toBe('queued');
    expect(printer.status.condition).toBe('paper_out');
    expect(printer.status.paperOut).toBe(true);
    // Not one byte of the slip went out: only the GS a 0 sent on connecting waits in the printer.
    expect(sim.bufferedBytes).toBe(3);

    sim.refill();
    await waitForJob(queue, 'hold-1', 'printed');
    expect(sim.documents).toHaveLength(1);
    expect(sim.documents[0]!.lines).toContain(HOLD.title);
    // Nothing else arrives later.
    await printer.driver.refreshStatus();
    expect(sim.documents).toHaveLength(1);
    expect(queue.byKey('hold-1')?.attempts).toBe(1);
    expect(queue.byKey('hold-1')?.copy).toBe(false);
  });

  it('paper runs out in the middle of a slip: the job stays printing, and completes once after refill', async () => {
    sim.setPaperRemaining(5);
    const printer = printerFor(sim);
    const queue = await queueFor(printer);
    const statuses: string[] = [];
    printer.onStatus((s) => statuses.push(s.condition));
    await queue.enqueue('hold-1', slip);
    await printer.driver.waitForStatus((s) => s.condition === 'paper_out');
    expect(queue.byKey('hold-1')?.state).toBe('printing');
    expect(sim.documents).toHaveLength(0);
    expect(sim.bufferedBytes).toBeGreaterThan(0);

    sim.refill();
    await waitForJob(queue, 'hold-1', 'printed');
    expect(sim.documents).toHaveLength(1);
    expect(sim.documents[0]!.lines).toContain(HOLD.title);
    expect(statuses).toContain('paper_out');
  });

  it('cover open and offline hold jobs too', async () => {
    sim.setCover('open');
    const printer = printerFor(sim);
    await printer.driver.waitForStatus((s) => s.condition === 'cover_open');
    const queue = await queueFor(printer);
    await queue.enqueue('a', slip);
    sim.setCover('closed');
    sim.setOnline(false);
    await printer.driver.waitForStatus((s) => s.condition === 'offline');
    expect(queue.byKey('a')?.state).toBe('queued');
    sim.setOnline(true);
    await waitForJob(queue, 'a', 'printed');
    expect(sim.documents).toHaveLength(1);
  });

  it('restart: a confirmed job is not printed again, an unconfirmed one is, marked as a copy', async () => {
    const printer = printerFor(sim);
    const first = await queueFor(printer);
    await first.enqueue('confirmed', slip);
    await waitForJob(first, 'confirmed', 'printed');

    // The next slip is sent but paper runs out mid-slip; then the desk process dies
    // and the printer is power-cycled (its buffer is lost).
    sim.setPaperRemaining(3);
    await first.enqueue('unconfirmed', { ...slip, title: 'second slip' });
    await printer.driver.waitForStatus((s) => s.condition === 'paper_out');
    expect(first.byKey('unconfirmed')?.state).toBe('printing');
    await first.close();
    await printer.stop();
    await sim.powerCycle();
    sim.refill();
    expect(sim.documents).toHaveLength(1);

    const printer2 = printerFor(sim);
    const second = await queueFor(printer2);
    expect(second.byKey('confirmed')?.state).toBe('printed');
    await waitForJob(second, 'unconfirmed', 'printed');
    expect(sim.documents).toHaveLength(2);
    expect(sim.documents[1]!.lines[0]).toContain('補印 COPY');
    expect(sim.documents[1]!.lines).toContain(HOLD.title);
    expect(second.byKey('unconfirmed')).toMatchObject({ attempts: 2, copy: true });
    await second.idle();
    expect(sim.documents).toHaveLength(2);
  });

  it('link lost mid-slip → reprinted as a copy after reconnecting', async () => {
    sim.setPaperRemaining(3);
    const printer = printerFor(sim);
    const queue = await queueFor(printer);
    await queue.enqueue('a', slip);
    await printer.driver.waitForStatus((s) => s.condition === 'paper_out');
    await sim.powerCycle();
    sim.refill();
    await waitForJob(queue, 'a', 'printed');
    expect(sim.documents).toHaveLength(1);
    expect(sim.documents[0]!.lines[0]).toContain('補印 COPY');
  });

  it('a printer that stops answering status queries: no_answer, nothing sent', async () => {
    sim.answerStatus = false;
    const printer = printerFor(sim, { statusTimeoutMs: 100 });
    await printer.driver.waitForStatus((s) => s.condition === 'no_answer');
    const outcome = await printer.printSlip(slip);
    expect(outcome.outcome.kind).toBe('not_sent');
    expect(sim.documents).toHaveLength(0);
  });

  it('a printer without GS r: realtime-status confirmation still prints once', async () => {
    sim.supportsTransmitStatus = false;
    const printer = printerFor(sim, { confirm: 'realtime-status' });
    const queue = await queueFor(printer);
    await queue.enqueue('a', slip);
    await waitForJob(queue, 'a', 'printed');
    await sim.waitForDocuments(1);
    expect(sim.documents).toHaveLength(1);
  });
});

describe('TCP transport', () => {
  it('ECONNREFUSED has its own message', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const error = await tcpTransport({ host: '127.0.0.1', port })({ data: () => undefined, close: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TcpConnectError);
    expect((error as TcpConnectError).code).toBe('REFUSED');
    expect((error as Error).message).toMatch(/refused the connection \(ECONNREFUSED\)/);
  });

  it('the printer closing the socket → unplugged; the driver reconnects', async () => {
    const closes: string[] = [];
    const t = await tcpTransport({ host: '127.0.0.1', port: sim.port! })({ data: () => undefined, close: (reason) => closes.push(reason) });
    expect(t.isOpen).toBe(true);
    await sim.dropConnections();
    await new Promise<void>((resolve) => {
      const check = () => (closes.length ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(closes).toEqual(['unplugged']);
    await expect(t.write(Uint8Array.of(1))).rejects.toThrow(/closed/);

    const printer = printerFor(sim);
    await printer.driver.waitForStatus((s) => s.condition === 'ready');
    await sim.dropConnections();
    await printer.driver.waitForStatus((s) => s.condition === 'disconnected');
    await printer.driver.waitForStatus((s) => s.condition === 'ready');
  });

  it('close() reports requested', async () => {
    const closes: string[] = [];
    const t = await tcpTransport({ host: '127.0.0.1', port: sim.port! })({ data: () => undefined, close: (reason) => closes.push(reason) });
    await t.close();
    expect(closes).toEqual(['requested']);
    expect(t.isOpen).toBe(false);
  });
});
