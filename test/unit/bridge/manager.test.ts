import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceConfig, EventName, EventPayload } from '#shared/bridge';
import { DeviceConfigStore } from '#main/devices/config-store';
import { DeviceManager, type AdapterHooks, type DeviceAdapterFactory } from '#main/devices/manager';
import { simulatedDeviceConfigs, simulatedDrivers } from '#main/simulators/desk';

type Emitted = { event: EventName; payload: unknown };

const pad: DeviceConfig = { id: 'pad-1', kind: 'rfid', driver: 'flaky', name: 'Pad', enabled: true, transport: { kind: 'serial', path: '/dev/ttyUSB0' }, options: {} };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-devices-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function waitFor(emitted: Emitted[], test: (e: Emitted) => boolean, timeoutMs = 3000): Promise<Emitted> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const hit = emitted.find(test);
      if (hit) return resolve(hit);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out; saw ${JSON.stringify(emitted.map((e) => e.payload))}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

function setup(drivers: ConstructorParameters<typeof DeviceManager>[0]['drivers'], extra: Partial<ConstructorParameters<typeof DeviceManager>[0]> = {}) {
  const emitted: Emitted[] = [];
  const manager = new DeviceManager({
    store: new DeviceConfigStore(dir),
    drivers,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void emitted.push({ event, payload }),
    backoff: { initialMs: 5, maxMs: 20 },
    log: () => undefined,
    ...extra,
  });
  return { manager, emitted };
}

describe('DeviceManager', () => {
  it('reconnects with backoff until the device answers, then reports connected', async () => {
    let starts = 0;
    const flaky: DeviceAdapterFactory = () => ({
      async start() {
        if (++starts < 3) throw new Error('No answer on /dev/ttyUSB0');
      },
      async stop() {},
      async test() {
        return { ok: true, message: 'ok' };
      },
    });
    await new DeviceConfigStore(dir).save([pad]);
    const { manager, emitted } = setup({ rfid: { flaky } });
    await manager.start();
    await waitFor(emitted, (e) => e.event === 'device.status' && (e.payload as { health: { state: string } }).health.state === 'connected');
    expect(starts).toBe(3);
    const states = emitted.filter((e) => e.event === 'device.status').map((e) => (e.payload as { health: { state: string } }).health.state);
    expect(states[0]).toBe('connecting');
    expect(states).toContain('error');
    const health = manager.health('pad-1')!;
    expect(health.state).toBe('connected');
    expect(health.lastSeen).not.toBeNull();
    await manager.stop();
  });

  it('reconnects when an adapter reports the link lost', async () => {
    let hooks!: AdapterHooks;
    let starts = 0;
    const lossy: DeviceAdapterFactory = (_c, h) => {
      hooks = h;
      return { start: async () => void starts++, stop: async () => {}, test: async () => ({ ok: true, message: '' }) };
    };
    await new DeviceConfigStore(dir).save([{ ...pad, driver: 'lossy' }]);
    const { manager, emitted } = setup({ rfid: { lossy } });
    await manager.start();
    await waitFor(emitted, (e) => (e.payload as { health?: { state: string } }).health?.state === 'connected');
    emitted.length = 0;
    hooks.status('disconnected', 'Port /dev/ttyUSB0 vanished.');
    expect(manager.health('pad-1')!.state).toBe('disconnected');
    await waitFor(emitted, (e) => (e.payload as { health?: { state: string } }).health?.state === 'connected');
    expect(starts).toBe(2);
    await manager.stop();
  });

  it('reports a missing driver in the device health and refuses its test', async () => {
    await new DeviceConfigStore(dir).save([{ ...pad, driver: 'feig-iso-host' }]);
    const { manager } = setup({});
    await manager.start();
    const [view] = manager.list();
    expect(view!.health).toMatchObject({ state: 'error', message: expect.stringContaining('"feig-iso-host" is not available') });
    expect(await manager.test('pad-1')).toMatchObject({ ok: false });
    await expect(manager.setSecurity(['E004015012345678'], true)).rejects.toMatchObject({ code: 'NO_DEVICE' });
    await expect(manager.test('nope')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('saves configuration per desk (mode 600), updates and removes it', async () => {
    // Simulate mode: a simulated transport may be configured (test/device-access covers the refusals).
    const { manager } = setup(simulatedDrivers({ dataDir: dir }), { simulate: true });
    await manager.start();
    await manager.configure({ ...pad, driver: 'simulated', transport: { kind: 'simulated' } });
    const file = join(dir, 'devices.json');
    expect(JSON.parse(await readFile(file, 'utf8')).devices).toHaveLength(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await manager.configure({ ...pad, driver: 'simulated', transport: { kind: 'simulated' }, name: 'Renamed' });
    expect(JSON.parse(await readFile(file, 'utf8')).devices[0].name).toBe('Renamed');
    expect(await manager.remove('pad-1')).toBe(true);
    expect(await manager.remove('pad-1')).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8')).devices).toEqual([]);
    await manager.stop();
  });

  it('keeps a broken config file aside and starts with the valid devices', async () => {
    await writeFile(join(dir, 'devices.json'), JSON.stringify({ devices: [pad, { id: 'bad', kind: 'toaster' }, pad] }));
    const loaded = await new DeviceConfigStore(dir).load();
    expect(loaded.devices.map((d) => d.id)).toEqual(['pad-1']);
    expect(loaded.warnings).toHaveLength(2);
    await writeFile(join(dir, 'devices.json'), '{not json');
    expect((await new DeviceConfigStore(dir).load()).warnings[0]).toMatch(/not JSON/);
    expect(await readFile(join(dir, 'devices.json.bad'), 'utf8')).toBe('{not json');
  });

  it('runs simulated devices when none are configured, through the real drivers: tags, security, scans, print queue with idempotency', async () => {
    const { manager, emitted } = setup(simulatedDrivers({ dataDir: dir }), { simulatedDevices: simulatedDeviceConfigs() });
    await manager.start();
    await waitFor(emitted, () => manager.list().every((d) => d.health.state === 'connected'));
    const sim = manager.simulatorControls();

    await sim.placeTags([{ uid: 'E004015012345678', item: { primaryItemId: '31021000000017', owner: 'TW-NKUST' } }, { uid: 'E004015087654321' }]);
    // The reader announces each tag once it has read it; an arrival carries the tag's data.
    for (const e of emitted.filter((x) => x.event === 'rfid.tags')) {
      const p = e.payload as EventPayload<'rfid.tags'>;
      for (const uid of p.arrived) expect(p.present.find((t) => t.uid === uid)?.dataKind).not.toBe('unread');
    }
    const arrived = emitted.filter((e) => e.event === 'rfid.tags').flatMap((e) => (e.payload as EventPayload<'rfid.tags'>).arrived);
    expect([...arrived].sort()).toEqual(['E004015012345678', 'E004015087654321']);
    // The FEIG pad simulator answered the real driver's inventory and reads; the real ISO 28560-3 decoder made these views.
    const last = [...emitted].reverse().find((e) => e.event === 'rfid.tags')!.payload as EventPayload<'rfid.tags'>;
    const byUid = new Map(last.present.map((t) => [t.uid, t]));
    expect(byUid.get('E004015012345678')).toMatchObject({ dataKind: 'iso28560-3', security: 'secured', item: { primaryItemId: '31021000000017', owner: 'TW-NKUST' } });
    expect(byUid.get('E004015087654321')).toMatchObject({ dataKind: 'blank', item: null });

    const sec = await manager.setSecurity(['E004015012345678', 'E0040150FFFFFFFF'], false);
    expect(sec.results).toEqual([{ uid: 'E004015012345678', ok: true }, { uid: 'E0040150FFFFFFFF', ok: false, error: { code: 'NO_TRANSPONDER', message: expect.any(String) } }]);

    await sim.scan('31021000000017', 'codabar');
    expect((await waitFor(emitted, (e) => e.event === 'scan')).payload).toEqual({ code: '31021000000017', source: 'sim-scanner', symbology: 'codabar' });

    await sim.printerState({ paper: 'out', cover: 'closed', online: true });
    const slip = { kind: 'hold' as const, locale: 'zh-TW' as const, title: '預約到館', blocks: [{ kind: 'text' as const, text: '預約到館 臺灣通史' }] };
    const job = await manager.submitPrint('k-1', slip);
    await waitFor(emitted, (e) => e.event === 'print.job' && (e.payload as { state: string }).state === 'held');
    expect((await manager.submitPrint('k-1', slip)).id).toBe(job.id);
    await sim.printerState({ paper: 'ok', cover: 'closed', online: true });
    await waitFor(emitted, (e) => e.event === 'print.job' && (e.payload as { state: string }).state === 'printed');
    expect(manager.printJobs()).toHaveLength(1);
    expect(manager.printJobs()[0]).toMatchObject({ key: 'k-1', state: 'printed', attempts: 1 });
    // What came out on paper, as the printer simulator decoded the ESC/POS bytes (sim.printed).
    const paper = await sim.printed(undefined, 0);
    expect(paper.printerId).toBe('sim-printer');
    expect(paper.documents).toHaveLength(1);
    expect(paper.documents[0]!.text).toContain('預約到館');
    expect((await sim.printed(undefined, 1)).documents).toEqual([]);
    await manager.stop();
  });
});
