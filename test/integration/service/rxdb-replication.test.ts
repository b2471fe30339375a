// Real RxDB desks (memory storage, with RxDB's ajv schema validation) against
// the real service: the endpoints speak RxDB's replication protocol, and the
// desk's collection schemas accept everything the service sends. The free
// RxDB opens at most 13 collections per JS realm, so one RxDB desk runs here
// (10 collections) and the other library's desk is a plain HTTP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { backends, startTestService } from '../../support/service';
import { AdminClient, type DeskClient } from '../../support/client';
import { openDeskReplica, type DeskReplica } from '#desk-core/sync/replica';
import { until } from '../../support/until';

for (const backend of await backends()) {
  describe(`RxDB replication against the service on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lenderDesk: DeskClient;
    let borrowerDesk: DeskClient;
    let lender: DeskReplica;

    beforeAll(async () => {
      svc = await startTestService(backend, { demo: true });
      admin = new AdminClient(svc.url, svc.adminToken);
      lenderDesk = await admin.pairDesk('NKUST');
      borrowerDesk = await admin.pairDesk('NPTU');
      const storage = () => wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
      lender = await openDeskReplica({ name: `lender${Date.now()}`, storage: storage(), endpoint: { baseUrl: svc.url, token: lenderDesk.token }, role: 'staff', retryTimeMs: 200 });
      await lender.awaitInSync();
    }, 60_000);
    afterAll(async () => {
      await lender?.close();
      await svc?.dispose();
    });

    it('replicates the scoped demo data into each desk, schema-valid', async () => {
      const libs = await lender.collections.libraries!.find().exec();
      expect(libs).toHaveLength(33);
      const lenderRequests = (await lender.collections.requests!.find().exec()).map((d) => d.toJSON() as { borrowerLibraryId: string; lenderLibraryId: string });
      expect(lenderRequests.length).toBeGreaterThan(5);
      expect(lenderRequests.every((r) => r.borrowerLibraryId === 'NKUST' || r.lenderLibraryId === 'NKUST')).toBe(true);
      const patrons = (await lender.collections.patrons!.find().exec()).map((d) => d.get('homeLibraryId') as string);
      expect(new Set(patrons)).toEqual(new Set(['NKUST']));
      const events = await lender.collections.events!.find().exec();
      expect(events).toHaveLength(0);
    });

    it('pushes desk events and streams the service’s results back to both desks', async () => {
      // A fresh request from NPTU (borrower) to NKUST (lender), created by the administrator.
      const { id } = await admin.request('NPTU', 'NKUST', 'p-nptu-2', '31021000999991');
      await until('request on the lender desk', () => lender.collections.requests!.findOne(id).exec());

      // The lender desk records the pull slip as a local event; replication pushes it.
      const e = lenderDesk.event('request.pull_slip_printed', { requestIds: [id] });
      await lender.collections.events!.insert(e);
      const applied = await until('event applied', async () => {
        const doc = await lender.collections.events!.findOne(e.id).exec();
        return doc?.get('status') === 'applied' ? doc : null;
      });
      expect(applied.get('reason')).toBe('');
      // The resulting request state reaches the lender's replica through the live stream, and the borrower's scope too.
      await until('lender replica sees pull_slip_printed', async () => (await lender.collections.requests!.findOne(id).exec())?.get('lenderState') === 'pull_slip_printed');
      const seenByBorrower = (await borrowerDesk.pullAll<{ id: string; borrowerState: string }>('requests')).documents.find((r) => r.id === id);
      expect(seenByBorrower?.borrowerState).toBe('expect_to_supply');

      // A refused event comes back as rejected, with an exception record for this desk only.
      const bad = lenderDesk.event('item.packed', { parcelId: 'par-rx-1', toLibraryId: 'NPTU', requestId: id, itemBarcode: '39999999999999' });
      await lender.collections.events!.insert(bad);
      const exception = await until('exception on the lender desk', () => lender.collections.exceptions!.findOne(bad.id).exec());
      expect(exception.get('reason')).toBe('ITEM_MISMATCH');
      expect((await lender.collections.events!.findOne(bad.id).exec())?.get('status')).toBe('rejected');
      expect((await borrowerDesk.pullAll<{ id: string }>('exceptions')).documents.map((x) => x.id)).not.toContain(bad.id);
    });
  });
}
