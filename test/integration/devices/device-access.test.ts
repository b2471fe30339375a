// devices.configure over the bridge: serial and USB-printer transports take
// only device files (a regular file is never opened, let alone written to),
// TCP only hosts the administrator allowed (loopback in simulate mode), and a
// refused or failed configure leaves no file descriptor behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceConfig } from '#shared/bridge';
import { createDispatch, createHandlers } from '#main/bridge';
import { DeviceConfigStore } from '#main/devices/config-store';
import { DeviceManager } from '#main/devices/manager';
import { realDrivers } from '#main/devices/adapters';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';

let dir: string;
const managers: DeviceManager[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-device-access-'));
});
afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
  await rm(dir, { recursive: true, force: true });
});

async function deskBridge(simulate: boolean) {
  const manager = new DeviceManager({ store: new DeviceConfigStore(dir), drivers: realDrivers(dir), emit: () => undefined, simulate, backoff: { initialMs: 5, maxMs: 20 }, log: () => undefined });
  managers.push(manager);
  await manager.start();
  const handlers = createHandlers({
    deskConfig: () => { throw new Error('not used'); },
    devices: manager,
    sim: null,
    ils: {} as never,
  });
  const dispatch = createDispatch(handlers, { simulate });
  const configure = (device: DeviceConfig) => dispatch('devices.configure', { device });
  return { manager, configure };
}

const printer = (transport: DeviceConfig['transport']): DeviceConfig => ({ id: 'receipt', kind: 'printer', driver: 'escpos', name: 'Receipt printer', enabled: true, transport, options: {} });
const pad = (transport: DeviceConfig['transport']): DeviceConfig => ({ id: 'pad', kind: 'rfid', driver: 'feig-iso-host', name: 'Pad', enabled: true, transport, options: {} });
const openFds = async () => (await readdir('/proc/self/fd')).length;
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('device paths and hosts on devices.configure', () => {
  it('refuses a regular file as a USB printer or serial port, before opening it, and leaves it untouched', async () => {
    const { configure, manager } = await deskBridge(false);
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'keep me\n');
    const before = await openFds();
    expect(await configure(printer({ kind: 'usb-printer', path: file }))).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED', message: expect.stringContaining('/dev/usb/lp') } });
    expect(await configure(pad({ kind: 'serial', path: file }))).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED' } });
    expect(await configure(pad({ kind: 'serial', path: '/etc/passwd' }))).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED' } });
    // Named like a device, but not one: /dev/tty-looking paths must still be character devices.
    expect(await configure(pad({ kind: 'serial', path: '/dev/ttyUSB-not-there' }))).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED' } });
    await settle();
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
    expect(manager.list()).toEqual([]);
    expect(await openFds()).toBe(before);
  });

  it('takes TCP hosts only from the administrator\'s allow-list; loopback and pseudo-terminals only in simulate mode', async () => {
    await writeFile(join(dir, 'devices.json'), JSON.stringify({ version: 1, devices: [], allowedHosts: ['192.0.2.10', 'printer.lib.example'] }));
    const strict = await deskBridge(false);
    expect(await strict.configure(printer({ kind: 'tcp', host: '10.0.0.5', port: 9100 }))).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED', message: expect.stringContaining('10.0.0.5') } });
    expect(await strict.configure(printer({ kind: 'tcp', host: '127.0.0.1', port: 9100 }))).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
    expect(await strict.configure(printer({ kind: 'simulated' }))).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED' } });
    expect(await strict.configure({ ...printer({ kind: 'tcp', host: 'Printer.Lib.Example', port: 9100 }), enabled: false })).toMatchObject({ ok: true });
    // The allow-list survives the save that configure makes.
    expect(JSON.parse(await readFile(join(dir, 'devices.json'), 'utf8')).allowedHosts).toEqual(['192.0.2.10', 'printer.lib.example']);
    await strict.manager.stop();

    const sim = await deskBridge(true);
    expect(await sim.configure({ ...printer({ kind: 'tcp', host: '127.0.0.1', port: 9100 }), enabled: false })).toMatchObject({ ok: true });
    expect(await sim.configure(printer({ kind: 'tcp', host: '10.0.0.5', port: 9100 }))).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
  });

  it.skipIf(socatMissingReason() !== null)('accepts a pseudo-terminal only in simulate mode', async () => {
    const pair = await PtyPair.start();
    try {
      const strict = await deskBridge(false);
      expect(await strict.configure({ ...pad({ kind: 'serial', path: pair.hostPath }), enabled: false })).toMatchObject({ ok: false, error: { code: 'DEVICE_PATH_REFUSED' } });
      await strict.manager.stop();
      const sim = await deskBridge(true);
      expect(await sim.configure({ ...pad({ kind: 'serial', path: pair.hostPath }), enabled: false })).toMatchObject({ ok: true });
    } finally {
      await pair.stop();
    }
  });

  it('leaves no file descriptor behind after configures that fail to connect, reconfigure and remove', async () => {
    await writeFile(join(dir, 'devices.json'), JSON.stringify({ version: 1, devices: [], allowedHosts: ['127.0.0.1'] }));
    const { configure, manager } = await deskBridge(false);
    await settle();
    const before = await openFds();
    // Port 9 (discard) is closed on loopback: every connect fails and the printer keeps retrying.
    for (let i = 0; i < 5; i++) expect(await configure(printer({ kind: 'tcp', host: '127.0.0.1', port: 9 }))).toMatchObject({ ok: true });
    await settle();
    expect(await manager.remove('receipt')).toBe(true);
    await settle();
    expect(await openFds()).toBe(before);
  });
});
