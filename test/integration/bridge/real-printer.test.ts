// The device manager driving the real ESC/POS driver and print queue over
// TCP to the ESC/POS printer simulator: the bridge's print.submit path with
// real bytes, paper-out hold and idempotent keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EscPosPrinterSimulator } from '#main/simulators/escpos-printer';
import { DeviceManager } from '#main/devices/manager';
import { DeviceConfigStore } from '#main/devices/config-store';
import { defaultDrivers } from '#main/desk-runtime/drivers';
import type { EventName, EventPayload, PrintJob } from '#shared/bridge';

let dir: string;
let sim: EscPosPrinterSimulator;
let manager: DeviceManager;
const jobs: PrintJob[] = [];
const statuses: Array<EventPayload<'device.status'>> = [];
const waiters: Array<() => void> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-real-printer-'));
  sim = await EscPosPrinterSimulator.start();
  manager = new DeviceManager({
    store: new DeviceConfigStore(dir),
    // A test desk: the printer simulator listens on loopback.
    simulate: true,
    drivers: defaultDrivers(dir),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event === 'print.job') jobs.push(payload as PrintJob);
      if (event === 'device.status') statuses.push(payload as EventPayload<'device.status'>);
      for (const w of waiters.splice(0)) w();
    },
    log: () => undefined,
  });
  await manager.start();
});

afterAll(async () => {
  await manager?.stop();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function until(test: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out; jobs ${JSON.stringify(jobs.map((j) => j.state))}, statuses ${JSON.stringify(statuses.map((s) => s.health.state))}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200).unref();
    });
  }
}

const printerNotPrintable = () => !sim.printable;

describe('real ESC/POS printer through the device manager', () => {
  it('connects, prints a slip once per key, and holds while paper is out', async () => {
    await manager.configure({ id: 'receipt', kind: 'printer', driver: 'escpos', name: 'Receipt printer', enabled: true, transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port! }, options: {} });
    await until(() => manager.health('receipt')?.state === 'connected');
    const slip = { kind: 'receipt' as const, locale: 'zh-TW' as const, title: '收據', blocks: [{ kind: 'text' as const, text: '館際代借代還 收據' }, { kind: 'cut' as const }] };
    const first = await manager.submitPrint('r-1', slip);
    await until(() => jobs.some((j) => j.key === 'r-1' && j.state === 'printed'));
    expect((await manager.submitPrint('r-1', slip)).id).toBe(first.id);
    expect(manager.printJobs('receipt').filter((j) => j.key === 'r-1')).toHaveLength(1);
    expect(await manager.test('receipt')).toMatchObject({ ok: true });
    const [doc] = await sim.waitForDocuments(1);
    expect(JSON.stringify(doc)).toContain('館際代借代還');

    sim.setPaper('out');
    await until(() => statuses.length > 0 && printerNotPrintable());
    await manager.submitPrint('r-2', slip);
    await until(() => jobs.some((j) => j.key === 'r-2' && j.state === 'held'));
    sim.setPaper('ok');
    await until(() => jobs.some((j) => j.key === 'r-2' && j.state === 'printed'));
  });
});
