// The outage test: the desk loses the network and the service stops; the
// desk dispatches 100 items and receives 100 while offline, is restarted on
// the same storage, the service comes back, and everything converges — no
// loss, no duplicate, no re-scan. An action the service can no longer accept
// (the borrower cancelled the request meanwhile) comes back as an exception.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '#server/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { RemoteDesk } from '#test/support/remote-desk';
import type { ActionResult, Routing } from '#desk-core/workflows';
import type { Attention } from '#desk-core/queries';
import type { SyncStatus } from '#desk-core/sync-monitor';
import type { ParcelRecord } from '#shared/domain/records';
import { ok, until } from '#test/support/until';

const N = 100;
const outBarcode = (i: number) => `3101${String(i).padStart(9, '0')}0`;
const inBarcode = (i: number) => `3102${String(i).padStart(9, '0')}0`;

describe('a desk through a network outage and a service restart', () => {
  let dataDir: string;
  let svc: RunningService;
  let port: number;
  let proxy: LinkProxy;
  let admin: AdminClient;
  let nptu: DeskClient;
  let desk: RemoteDesk;
  let deskDeviceId: string;
  let cancelledRequest: string;
  let outgoingId: string;
  let incomingId: string;
  const adminToken = 'rda_outage_test_admin_token_000000000';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'relay-outage-'));
    svc = await startService({ port: 0, dataDir, adminToken, rateLimitPerMinute: 100_000 });
    port = svc.port;
    proxy = await LinkProxy.start(port);
    admin = new AdminClient(svc.url, adminToken);
    await admin.patron('p-out', 'NKUST', '21010000999990', { name: '陳怡君' });
    await admin.patron('p-in', 'NPTU', '21020000999990', { name: '王俊傑' });
    const outgoing: string[] = [];
    for (let i = 1; i <= N; i++) outgoing.push((await admin.request('NPTU', 'NKUST', 'p-in', outBarcode(i))).id);
    cancelledRequest = outgoing[N - 1]!;
    const incoming: string[] = [];
    for (let i = 1; i <= N; i++) incoming.push((await admin.request('NKUST', 'NPTU', 'p-out', inBarcode(i))).id);
    // The partner library ships the 100 items NKUST's patron asked for before the outage.
    nptu = await admin.pairDesk('NPTU');
    incomingId = 'PINCOMING0001';
    for (let i = 0; i < N; i++) {
      const r = await nptu.push('item.packed', { parcelId: incomingId, toLibraryId: 'NKUST', requestId: incoming[i]!, itemBarcode: inBarcode(i + 1) });
      expect(r.status).toBe('applied');
    }
    await nptu.push('parcel.sealed', { parcelId: incomingId });
    await nptu.push('parcel.dispatched', { parcelId: incomingId, courier: '黑貓宅急便', trackingNumber: 'TRK-IN-1' });

    const d = await admin.pairDesk('NKUST');
    deskDeviceId = d.deviceId;
    desk = await RemoteDesk.start({ serviceUrl: proxy.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NKUST', role: 'staff' }, 'fake-indexeddb');
    await desk.call('awaitConverged', 60_000);
  }, 120_000);

  afterAll(async () => {
    await desk?.stop();
    await proxy?.close();
    await svc?.stop().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('works offline, survives a restart, and converges when the service is back', async () => {
    // Outage: the link drops and the service goes down.
    proxy.down();
    await svc.stop();
    await until('the desk to notice it is offline', async () => (await desk.call<SyncStatus>('status')).phase === 'offline');

    // Dispatch 100 items offline: every scan is routed into the parcel for NPTU.
    for (let i = 1; i <= N; i++) {
      const packed = ok(await desk.call<ActionResult>('packScan', outBarcode(i)));
      expect(packed).toMatchObject({ kind: 'packed', toLibraryId: 'NPTU', count: i });
      outgoingId = (packed as { parcelId: string }).parcelId;
    }
    ok(await desk.call<ActionResult>('seal', outgoingId));
    ok(await desk.call<ActionResult>('dispatch', outgoingId, '新竹物流', 'HCT-0001'));

    // Receive 50 of the incoming items, then the desk restarts (same storage) and the other 50 follow.
    const expected = await desk.call<ParcelRecord[]>('expectedParcels');
    expect(expected.map((p) => p.id)).toContain(incomingId);
    for (let i = 1; i <= N / 2; i++) expect(ok(await desk.call<ActionResult<Routing>>('receiveScan', inBarcode(i), incomingId)).route).toBe('hold_shelf');
    const before = await desk.call<number>('pendingCount');
    await desk.call('reopen');
    expect(await desk.call<number>('pendingCount')).toBe(before);
    // The second half arrives as RFID stacks of 10 tags, with one unreadable tag in the first stack.
    for (let i = N / 2 + 1; i <= N; i += 10) {
      const codes = Array.from({ length: 10 }, (_, k) => inBarcode(i + k));
      const answers = await desk.call<Array<ActionResult<Routing>>>('receiveMany', i === N / 2 + 1 ? [...codes, '\u0000garbage'] : codes, incomingId);
      expect(answers.slice(0, 10).map((a) => a.ok && a.outcome.route)).toEqual(Array(10).fill('hold_shelf'));
      if (answers.length > 10) expect(answers[10]).toMatchObject({ ok: false, reason: 'INVALID_BARCODE' });
    }
    expect(ok(await desk.call<ActionResult>('closeParcel', incomingId))).toMatchObject({ kind: 'parcel_closed', missing: [] });
    const unsent = await desk.call<number>('pendingCount');
    expect(unsent).toBe(N + 2 + N + 1);
    expect((await desk.call<SyncStatus>('status')).unsent).toBe(unsent);

    // The service comes back on the same data; meanwhile the borrower cancels one request the desk packed offline.
    svc = await startService({ port, dataDir, adminToken, rateLimitPerMinute: 100_000 });
    expect((await nptu.push('request.cancelled', { requestId: cancelledRequest, reason: '讀者已不需要' })).status).toBe('applied');
    proxy.up();
    await desk.call('awaitConverged', 60_000);
    expect((await desk.call<SyncStatus>('status')).unsent).toBe(0);

    // Nothing lost, nothing doubled.
    const outgoingOnService = await admin.record<ParcelRecord>('parcels', outgoingId);
    expect(outgoingOnService?.state).toBe('in_transit');
    expect(outgoingOnService?.items).toHaveLength(N - 1);
    expect(new Set(outgoingOnService?.items.map((i) => i.barcode)).size).toBe(N - 1);
    const incomingOnService = await admin.record<ParcelRecord>('parcels', incomingId);
    expect(incomingOnService).toMatchObject({ state: 'received', missing: [] });
    expect(incomingOnService?.items.every((i) => i.receivedAt !== null)).toBe(true);
    const holds = (await admin.records<{ libraryId: string; state: string; itemBarcode: string }>('holds')).documents.filter((h) => h.libraryId === 'NKUST');
    expect(holds).toHaveLength(N);
    expect(new Set(holds.map((h) => h.itemBarcode)).size).toBe(N);
    const events = (await admin.records<{ deviceId: string; status: string }>('events')).documents.filter((e) => e.deviceId === deskDeviceId);
    expect(events).toHaveLength(unsent);
    expect(events.filter((e) => e.status === 'applied')).toHaveLength(unsent - 1);
    expect(events.filter((e) => e.status === 'rejected')).toHaveLength(1);

    // The one refusal is in the desk's needs-attention list with its reason; the view dropped its effect.
    const attention = await until('the exception on the desk', async () => {
      const list = await desk.call<Attention[]>('needsAttention');
      return list.length > 0 && list;
    });
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({ kind: 'exception', exception: { eventType: 'item.packed', reason: 'INVALID_TRANSITION' } });
    const onDesk = await desk.call<ParcelRecord>('record', 'parcels', outgoingId);
    expect(onDesk.items).toHaveLength(N - 1);
  }, 180_000);
});
