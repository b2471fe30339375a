// Real RxDB desks (memory storage, with RxDB's ajv schema validation) against
// the real service: the endpoints speak RxDB's replication protocol, the
// desk's `records` and `events` schemas accept everything the service sends,
// and every record it holds is valid against its collection's schema. One
// RxDB desk runs here; the other library's desk is a plain HTTP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { openDeskReplica, type DeskReplica } from '#desk-core/sync/replica';
import type { RecordDoc } from '#desk-core/sync/http-replication';
import { readCurrent } from '#desk-core/sync/record-stream';
import { COLLECTION_SCHEMAS, type RecordCollection } from '#shared/domain/records';
import { until } from '#test/support/until';

/** The documents of one record collection in the desk's page log, as the desk shows them. */
async function docsOf<T = Record<string, unknown>>(r: DeskReplica, collection: RecordCollection): Promise<T[]> {
  return [...(await readCurrent(r.records)).values()].filter((d) => d.kind === collection).map((d) => d.doc as T);
}

async function recordOf<T = Record<string, unknown>>(r: DeskReplica, collection: RecordCollection, id: string): Promise<T | null> {
  const d = (await readCurrent(r.records)).get(`${collection}|${id}`);
  return d ? (d.doc as T) : null;
}

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
      lender = await openDeskReplica({ name: `lender${Date.now()}`, storage: storage(), endpoint: { baseUrl: svc.url, token: lenderDesk.token }, retryTimeMs: 200 });
      await lender.awaitInSync();
    }, 60_000);
    afterAll(async () => {
      await lender?.close();
      await svc?.dispose();
    });

    it('replicates the scoped demo data into each desk, schema-valid', async () => {
      const libs = await docsOf(lender, 'libraries');
      expect(libs).toHaveLength(33);
      const lenderRequests = await docsOf<{ borrowerLibraryId: string; lenderLibraryId: string }>(lender, 'requests');
      expect(lenderRequests.length).toBeGreaterThan(5);
      expect(lenderRequests.every((r) => r.borrowerLibraryId === 'NKUST' || r.lenderLibraryId === 'NKUST')).toBe(true);
      const patrons = (await docsOf<{ homeLibraryId: string }>(lender, 'patrons')).map((p) => p.homeLibraryId);
      expect(new Set(patrons)).toEqual(new Set(['NKUST']));
      const events = await lender.events.find().exec();
      expect(events).toHaveLength(0);
      // Every record is valid against its own collection's schema (the desk's collection holds them as opaque documents).
      const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
      const all: RecordDoc[] = [...(await readCurrent(lender.records)).values()];
      expect(all.length).toBeGreaterThan(40);
      for (const r of all) {
        const valid = ajv.validate(COLLECTION_SCHEMAS[r.kind], r.doc);
        expect(valid, `${r.key}: ${ajv.errorsText()}`).toBe(true);
        expect(r.key).toBe(`${r.kind}|${r.doc.id}`);
      }
    });

    it('pushes desk events and streams the service’s results back to both desks', async () => {
      // A fresh request from NPTU (borrower) to NKUST (lender), created by the administrator.
      const { id } = await admin.request('NPTU', 'NKUST', 'p-nptu-2', '31021000999991');
      await until('request on the lender desk', () => recordOf(lender, 'requests', id));

      // The lender desk records the pull slip as a local event; replication pushes it.
      const e = lenderDesk.event('request.pull_slip_printed', { requestIds: [id] });
      await lender.events.insert(e);
      const applied = await until('event applied', async () => {
        const doc = await lender.events.findOne(e.id).exec();
        return doc?.get('status') === 'applied' ? doc : null;
      });
      expect(applied.get('reason')).toBe('');
      // The resulting request state reaches the lender's replica through the live stream, and the borrower's scope too.
      await until('lender replica sees pull_slip_printed', async () => (await recordOf<{ lenderState: string }>(lender, 'requests', id))?.lenderState === 'pull_slip_printed');
      const seenByBorrower = (await borrowerDesk.pullAll<{ id: string; borrowerState: string }>('requests')).documents.find((r) => r.id === id);
      expect(seenByBorrower?.borrowerState).toBe('expect_to_supply');

      // A refused event comes back as rejected, with an exception record for this desk only.
      const bad = lenderDesk.event('item.packed', { parcelId: 'par-rx-1', toLibraryId: 'NPTU', requestId: id, itemBarcode: '39999999999999' });
      await lender.events.insert(bad);
      const exception = await until('exception on the lender desk', () => recordOf<{ reason: string }>(lender, 'exceptions', bad.id));
      expect(exception.reason).toBe('ITEM_MISMATCH');
      expect((await lender.events.findOne(bad.id).exec())?.get('status')).toBe('rejected');
      expect((await borrowerDesk.pullAll<{ id: string }>('exceptions')).documents.map((x) => x.id)).not.toContain(bad.id);
    });
  });
}
