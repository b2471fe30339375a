// The renderer's WebSocket bridge client (src/renderer/bridge/ws-client.ts)
// against a real desk host, driven through the `ws` package in Node. The
// desk runtime here has no service behind it: desk.config is stubbed, devices are simulated.
import { openIlsService } from '#main/desk-runtime/ils-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startDeskHost, type DeskHost } from '#main/desk-host';
import { BridgeEvents, createDispatch, createHandlers } from '#main/bridge';
import { DeviceManager } from '#main/devices/manager';
import { DeviceConfigStore } from '#main/devices/config-store';
import { defaultDrivers, simulatedDeviceConfigs } from '#main/desk-runtime/drivers';
import { createWsBridge, type WebSocketLike } from '#renderer/bridge/ws-client';
import { BridgeCallError } from '#renderer/bridge/errors';
import type { EventPayload } from '#shared/bridge';

let dir: string;
let manager: DeviceManager;
const events = new BridgeEvents();
let dispatch: ReturnType<typeof createDispatch>;
const hosts: DeskHost[] = [];
let ils: Awaited<ReturnType<typeof openIlsService>> | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-ws-client-'));
  manager = new DeviceManager({ store: new DeviceConfigStore(dir), drivers: defaultDrivers(), emit: (e, p) => events.emit(e, p), simulatedDevices: simulatedDeviceConfigs(), log: () => undefined });
  await manager.start();
  const handlers = createHandlers({
    deskConfig: () => ({ serviceUrl: 'http://127.0.0.1:9', deviceToken: null, deviceId: null, libraryId: 'NKUST', role: 'kiosk', locale: 'en', simulate: true, deskName: 'test', pairingError: 'no service' }),
    devices: manager,
    sim: manager.simulatorControls(),
    ils: (ils = await openIlsService({ dataDir: dir, libraryId: () => 'NKUST', onHealth: (h) => events.emit('ils.changed', h) })).service,
  });
  dispatch = createDispatch(handlers, { simulate: true });
});

afterAll(async () => {
  for (const h of hosts) await h.close();
  await ils?.close();
  await manager.stop();
  await rm(dir, { recursive: true, force: true });
});

async function host(port = 0, token = 'fixed-test-token'): Promise<DeskHost> {
  const h = await startDeskHost({ port, token, rendererDir: dir, dispatch, events, log: () => undefined });
  hosts.push(h);
  return h;
}

const socketFor = (origin: string) => (url: string, protocols: string[]) => new WebSocket(url, protocols, { origin }) as unknown as WebSocketLike;

describe('renderer WebSocket bridge client', () => {
  it('calls requests, rejects with BridgeCallError, and receives events', async () => {
    const h = await host();
    const client = createWsBridge({ url: h.bridgeUrl, token: h.token, createSocket: socketFor(h.origin) });
    await client.ready();
    expect(client.state).toBe('open');
    const bridge = client.bridge;
    expect(await bridge['desk.config']({})).toMatchObject({ role: 'kiosk' });
    const err = await bridge['devices.test']({ id: 'no-such' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeCallError);
    expect(err).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    await expect(bridge['rfid.setSecurity']({ uids: [], secured: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const scans = new Promise<EventPayload<'scan'>>((resolve) => {
      const off = bridge.on('scan', (p) => {
        off();
        resolve(p);
      });
    });
    await bridge['sim.scan']({ code: '31021000000017' });
    expect(await scans).toMatchObject({ code: '31021000000017', source: 'sim-scanner' });
    expect(() => bridge.on('nope' as 'scan', () => undefined)).toThrow(TypeError);
    client.close();
    expect(client.state).toBe('closed');
  });

  it('reports a refused token as UNAUTHORIZED and does not retry', async () => {
    const h = await host();
    const client = createWsBridge({ url: h.bridgeUrl, token: 'wrong', createSocket: socketFor(h.origin) });
    await expect(client.ready()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(client.state).toBe('unauthorized');
    await expect(client.bridge['devices.list']({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('reconnects after the host restarts, keeping listeners and queueing calls', async () => {
    const first = await host();
    const port = first.port;
    const client = createWsBridge({ url: first.bridgeUrl, token: first.token, createSocket: socketFor(first.origin), backoff: { initialMs: 20, maxMs: 100 } });
    await client.ready();
    const states: string[] = [];
    client.onState((s) => states.push(s));
    const tagEvents: Array<EventPayload<'rfid.tags'>> = [];
    client.bridge.on('rfid.tags', (p) => tagEvents.push(p));

    const reconnected = new Promise<void>((resolve) => client.onState((s) => s === 'open' && resolve()));
    await first.close();
    // A call made while disconnected waits in the queue.
    const queued = client.bridge['devices.list']({});
    await host(port);
    await reconnected;
    expect((await queued).devices.length).toBe(3);
    expect(states).toContain('reconnecting');

    await client.bridge['sim.placeTags']({ tags: [{ uid: 'E0040150AAAAAAAA' }] });
    await client.bridge['sim.removeTags']({});
    // Arrivals and departures; the real reader also reports when it has read a tag's data (neither).
    expect(tagEvents.filter((e) => e.arrived.length + e.left.length > 0).map((e) => [e.arrived, e.left])).toEqual([[['E0040150AAAAAAAA'], []], [[], ['E0040150AAAAAAAA']]]);
    client.close();
  });

  it('times a call out when nothing answers', async () => {
    const client = createWsBridge({ url: 'ws://127.0.0.1:9/bridge', token: 't', createSocket: socketFor('http://127.0.0.1:9'), requestTimeoutMs: 50, backoff: { initialMs: 1000, maxMs: 1000 } });
    await expect(client.bridge['desk.config']({})).rejects.toMatchObject({ code: 'TIMEOUT' });
    client.close();
  });
});
