// The same stack over a pseudo-terminal pair from socat: the simulator holds
// one end; the desk opens the other as a printer device file (the USB
// printer class transport: one read/write descriptor, polled reads), which is
// how /dev/usb/lp0 is driven.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter, openPrintQueue } from '#main/devices/printer';
import { usbPrinterTransport, UsbPrinterOpenError } from '#main/devices/transports/usb-printer';
import { EscPosPrinterSimulator } from '#main/simulators/escpos-printer';
import { buildHoldSlip } from '#shared/slips/hold-slip';
import { HOLD } from '#test/unit/slips/fixtures';

const socatMissing = spawnSync('socat', ['-V'], { stdio: 'ignore' }).error;
if (socatMissing) console.warn(`SKIPPED printer pty tests: socat is not installed (${socatMissing.message})`);

let dir: string;
let socat: ChildProcess;
let hostPath: string;
let devicePath: string;

async function startSocat(): Promise<void> {
  socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  // socat reports "starting data transfer loop" once both ends exist.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socat did not start')), 5000);
    let err = '';
    socat.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('starting data transfer loop') && existsSync(hostPath) && existsSync(devicePath)) {
        clearTimeout(timer);
        resolve();
      }
    });
    socat.once('exit', (code) => reject(new Error(`socat exited ${code}: ${err}`)));
  });
}

describe.skipIf(!!socatMissing)('printing over a pseudo-terminal (printer device file)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-print-pty-'));
    hostPath = join(dir, 'lp0');
    devicePath = join(dir, 'printer');
    await startSocat();
  });
  afterAll(() => {
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a hold slip, waits out a paper-out, and prints it exactly once', async () => {
    const sim = await EscPosPrinterSimulator.start({ tcp: false, ptyPath: devicePath });
    const printer = createPrinter({ transport: { kind: 'usb-printer', path: hostPath }, pollIntervalMs: 40, statusTimeoutMs: 500 });
    printer.start();
    const queue = await openPrintQueue({ dir: join(dir, 'queue'), printer });
    try {
      await printer.driver.waitForStatus((s) => s.condition === 'ready');
      expect(printer.driver.address).toBe(hostPath);
      await queue.enqueue('hold-1', buildHoldSlip(HOLD));
      const [doc] = await sim.waitForDocuments(1);
      expect(doc!.lines).toContain(HOLD.title);
      expect(doc!.text).toMatch(/讀者 +王○明/);
      expect(doc!.barcodes).toMatchObject([{ symbology: 'code128', data: HOLD.itemBarcode }]);
      // A numeric item barcode prints in code set C, two digits a symbol character.
      expect(doc!.barcodes[0]!.codeSets).toMatch(/^C/);

      sim.setPaper('out');
      await printer.driver.waitForStatus((s) => s.condition === 'paper_out');
      await queue.enqueue('hold-2', buildHoldSlip({ ...HOLD, title: '第二本書' }));
      await queue.idle();
      expect(queue.byKey('hold-2')?.state).toBe('queued');
      sim.refill();
      await sim.waitForDocuments(2);
      await new Promise<void>((resolve) => {
        const off = queue.onJob((j) => {
          if (j.key === 'hold-2' && j.state === 'printed') {
            off();
            resolve();
          }
        });
        if (queue.byKey('hold-2')?.state === 'printed') resolve();
      });
      expect(sim.documents).toHaveLength(2);
      expect(sim.documents[1]!.lines).toContain('第二本書');
    } finally {
      await queue.close();
      await printer.stop();
      await sim.stop();
    }
  });

  it('a missing device file has its own message', async () => {
    const error = await usbPrinterTransport({ path: join(dir, 'nope') })({ data: () => undefined, close: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsbPrinterOpenError);
    expect((error as UsbPrinterOpenError).code).toBe('NOT_FOUND');
    expect((error as Error).message).toMatch(/plugged in/);
  });

  it('the other end going away → unplugged', async () => {
    const closes: string[] = [];
    const t = await usbPrinterTransport({ path: hostPath, pollMs: 5 })({ data: () => undefined, close: (reason) => closes.push(reason) });
    await t.write(Uint8Array.of(0x10, 0x04, 0x01));
    socat.kill();
    await new Promise<void>((resolve) => {
      const check = () => (closes.length ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(closes).toEqual(['unplugged']);
    expect(t.isOpen).toBe(false);
  });
});
