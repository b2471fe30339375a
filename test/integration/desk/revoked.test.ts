// A desk the administrator revokes: told on its live stream (or by a 401
// TOKEN_REVOKED on any call), it says so in its status, stops syncing for good
// — no more requests to the service — and keeps its unsent events, counted,
// for an administrator to recover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Desk } from '#desk-core/desk';
import { SYNC_PATHS } from '#shared/sync/protocol';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';

describe('a revoked desk', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let requestId: string;

  beforeAll(async () => {
    svc = await startTestService('pglite');
    admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('p-rv', 'NPTU', '21020000444440');
    requestId = (await admin.request('NPTU', 'NKUST', 'p-rv', '31040000000010')).id;
  }, 60_000);
  afterAll(async () => svc?.dispose());

  async function open(device: DeskClient, blockPushes: () => boolean): Promise<{ desk: Desk; calls: string[] }> {
    const calls: string[] = [];
    const net: typeof fetch = async (input, init) => {
      calls.push(String(input));
      if (blockPushes() && String(input).endsWith(SYNC_PATHS.eventsPush)) throw new TypeError('fetch failed (link down)');
      return fetch(input, init);
    };
    const desk = await Desk.open({
      config: { serviceUrl: svc.url, deviceToken: device.token, deviceId: device.deviceId, libraryId: 'NKUST', role: 'staff' },
      storage: getRxStorageMemory() as never, name: `rv${device.deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`, fetch: net, retryTimeMs: 200,
    });
    await until('first replication', async () => desk.status().initial.done);
    return { desk, calls };
  }

  it('on the stream’s revoked event: says so, stops syncing, keeps its unsent event', async () => {
    const device = await admin.pairDesk('NKUST');
    let offline = false;
    const { desk, calls } = await open(device, () => offline);
    try {
      await until('the request on the desk', async () => desk.view.reader.get('requests', requestId));
      offline = true;
      expect((await desk.workflows.pullSlipsPrinted([requestId])).ok).toBe(true);
      await admin.call('POST', `/admin/devices/${device.deviceId}/revoke`);
      await until('revoked on screen', async () => desk.status().phase === 'revoked');
      const s = desk.status();
      expect(s.unsent).toBe(1);
      expect(s.error).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
      // Nothing more goes to the service (no retries, no reconnects), and the unsent event stays.
      const before = calls.length;
      desk.syncNow();
      await new Promise((r) => setTimeout(r, 1500));
      expect(calls.slice(before)).toEqual([]);
      expect(desk.view.pending().map((e) => e.type)).toEqual(['request.pull_slip_printed']);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('on a 401 TOKEN_REVOKED answer (revoked while the link was down): the same', async () => {
    const device = await admin.pairDesk('NKUST');
    let offline = false;
    const { desk } = await open(device, () => offline);
    try {
      offline = true;
      expect((await desk.workflows.pullSlipsPrinted([requestId])).ok).toBe(true);
      // Revoked without the desk hearing it on its stream: close the stream first.
      await desk.close();
      await admin.call('POST', `/admin/devices/${device.deviceId}/revoke`);
      const again = await Desk.open({
        config: desk.config, storage: getRxStorageMemory() as never, name: desk.dbName, retryTimeMs: 200,
      });
      try {
        await until('revoked on screen', async () => again.status().phase === 'revoked');
        expect(again.status().unsent).toBe(1);
      } finally {
        await again.close();
      }
    } finally {
      await desk.close();
    }
  }, 60_000);
});
