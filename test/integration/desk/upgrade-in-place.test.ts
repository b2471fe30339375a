// Upgrade in place: a desk whose database still has the per-collection layout
// (written by the old replica code, see support/legacy-replica.ts), with one
// event sent and three made offline and never sent, opens with the one record
// stream. The old record collections are removed and their records pulled
// again (with first-replication progress), the events collection and its push
// checkpoint survive: each unsent event is pushed exactly once, the one
// already sent is not sent again, and the desk shows the same requests as
// before, now with every pull slip applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRxDatabase, getAllCollectionDocuments } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Desk } from '#desk-core/desk';
import type { SyncStatus } from '#desk-core/sync-monitor';
import type { RequestRecord } from '#shared/domain/records';
import { SYNC_PATHS, type PushRow } from '#shared/sync/protocol';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { until } from '#test/support/until';
import { openLegacyReplica, type LegacyReplica } from './support/legacy-replica';

describe('a desk with the per-collection replica upgrades in place', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let device: DeskClient;
  let proxy: LinkProxy;
  const storage = getRxStorageMemory();
  const name = `upgrade${Date.now()}`;
  const requestIds: string[] = [];

  beforeAll(async () => {
    svc = await startTestService('pglite', { rateLimitPerMinute: 100_000 });
    admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('p-up', 'NPTU', '21020000555550');
    for (let i = 0; i < 5; i++) requestIds.push((await admin.request('NPTU', 'NKUST', 'p-up', `3105${String(i).padStart(9, '0')}0`)).id);
    device = await admin.pairDesk('NKUST');
    proxy = await LinkProxy.start(svc.port);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await svc?.dispose();
  });

  it('keeps and sends its unsent events once, re-pulls its records, and shows the same state', async () => {
    // 1. The old desk: in sync, one event sent and confirmed, then three made offline.
    const legacy: LegacyReplica = await openLegacyReplica({ name, storage: storage as never, baseUrl: proxy.url, token: device.token, collections: ['libraries', 'policies', 'patrons', 'requests', 'holds'] });
    await Promise.all(legacy.replications.map((r) => r.awaitInitialReplication()));
    const events = legacy.collections.events!;
    const sent = device.event('request.pull_slip_printed', { requestIds: [requestIds[0]!] });
    await events.insert(sent);
    // The old code learnt an event's outcome by pulling (here without a live stream: ask).
    await until('the first event applied', async () => {
      for (const r of legacy.replications) r.reSync();
      return (await events.findOne(sent.id).exec())?.get('status') === 'applied';
    });
    proxy.down();
    const unsent = requestIds.slice(1, 4).map((id) => device.event('request.pull_slip_printed', { requestIds: [id] }));
    await events.bulkInsert(unsent);
    await new Promise((r) => setTimeout(r, 300));
    expect((await events.find({ selector: { status: 'pending' } }).exec()).map((d) => d.get('id') as string).sort()).toEqual(unsent.map((e) => e.id).sort());
    const before = (await legacy.collections.requests!.find().exec()).map((d) => d.toJSON() as unknown as RequestRecord).filter((r) => requestIds.includes(r.id));
    expect(before).toHaveLength(5);
    await legacy.close();

    // 2. The new code opens the same database; every push it makes is counted by event id.
    proxy.up();
    const pushed = new Map<string, number>();
    const counting: typeof fetch = async (input, init) => {
      if (String(input).endsWith(SYNC_PATHS.eventsPush) && typeof init?.body === 'string') {
        for (const row of JSON.parse(init.body) as PushRow<{ id: string }>[]) pushed.set(row.newDocumentState.id, (pushed.get(row.newDocumentState.id) ?? 0) + 1);
      }
      return fetch(input, init);
    };
    const statuses: SyncStatus[] = [];
    const desk = await Desk.open({
      config: { serviceUrl: proxy.url, deviceToken: device.token, deviceId: device.deviceId, libraryId: 'NKUST', role: 'staff' },
      storage: storage as never, name, fetch: counting, retryTimeMs: 200,
    });
    try {
      desk.onStatus((s) => statuses.push(s));
      // The unsent events are on screen as unsent from the start: nothing was lost in the upgrade.
      expect(desk.view.pendingCount).toBe(3);
      await desk.awaitConverged(30_000);
      await until('first replication done', async () => desk.status().initial.done);

      // Progress was shown while the records came back: a scope size from the service and a count going up.
      expect(statuses.some((s) => !s.initial.done && s.initial.total !== null && s.initial.total > 0)).toBe(true);
      // Each unsent event pushed exactly once; the one the old desk had sent, never again.
      expect(Object.fromEntries(pushed)).toEqual(Object.fromEntries(unsent.map((e) => [e.id, 1])));
      const atService = (await admin.records<{ id: string; deviceId: string; status: string }>('events')).documents.filter((e) => e.deviceId === device.deviceId);
      expect(atService.map((e) => e.id).sort()).toEqual([sent, ...unsent].map((e) => e.id).sort());
      expect(atService.every((e) => e.status === 'applied')).toBe(true);

      // The same requests on screen, the four with a pull slip now printed, the fifth as it was.
      for (const old of before) {
        const now = desk.view.reader.get('requests', old.id);
        expect(now?.borrowerLibraryId).toBe(old.borrowerLibraryId);
        expect(now?.lenderState).toBe(old.id === requestIds[4] ? old.lenderState : 'pull_slip_printed');
      }
      expect(desk.view.pendingCount).toBe(0);
      expect(desk.view.reader.get('libraries', 'NKUST')).toBeDefined();
    } finally {
      await desk.close();
    }

    // 3. Only the new layout is left in the database.
    const db = await createRxDatabase({ name, storage, multiInstance: false, closeDuplicates: true });
    try {
      expect([...new Set((await getAllCollectionDocuments(db.internalStore)).map((m) => m.data.name))].sort()).toEqual(['events', 'record_pages']);
    } finally {
      await db.close();
    }
  }, 90_000);
});
