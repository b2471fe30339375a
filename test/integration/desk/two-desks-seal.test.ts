// Issue 14: two staff desks of one library, each a real RxDB replica in its
// own process, pack into the same open parcel to another library while one of
// them seals it. No scan becomes an exception: a scan into the parcel the
// other desk has just sealed lands in its successor (P → P:2, see the parcel
// successor rule in docs/architecture.md), decided by the one reducer on the
// service and on both desks — here with desk B offline while A seals, and
// again with both online and the seal racing B's scans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { RemoteDesk } from '#test/support/remote-desk';
import type { ActionResult } from '#desk-core/workflows';
import type { Attention } from '#desk-core/queries';
import type { ParcelRecord, RequestRecord } from '#shared/domain/records';
import { ok, until } from '#test/support/until';

const BARCODES = [1, 2, 3, 4, 5, 6].map((i) => `310100007714${i}0`);

for (const backend of await backends()) {
  describe(`two desks of one library pack to the same library while one seals (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    const links: LinkProxy[] = [];
    const desks: RemoteDesk[] = [];
    const requestOf = new Map<string, string>();

    const packedInto = (r: ActionResult): string => (ok(r) as { kind: string; parcelId: string }).parcelId;

    /** Everything issue 14 asks of a moment after both desks converged: no exception anywhere, every item in one live parcel its request points at. */
    async function checkNoException(packed: string[]): Promise<Map<string, string>> {
      for (const d of desks) await d.call('awaitConverged', 30_000);
      const events = (await admin.records<{ id: string; type: string; status: string; reason: string }>('events')).documents;
      expect(events.filter((e) => e.status !== 'applied').map((e) => `${e.type} ${e.status} ${e.reason}`)).toEqual([]);
      expect((await admin.records('exceptions')).documents).toEqual([]);

      const parcels = (await admin.records<ParcelRecord>('parcels')).documents;
      const requests = (await admin.records<RequestRecord>('requests')).documents;
      const where = new Map<string, string>();
      for (const p of parcels) {
        expect(p).toMatchObject({ fromLibraryId: 'NKUST', toLibraryId: 'NPTU' });
        expect(['open', 'sealed']).toContain(p.state);
        for (const i of p.items) {
          expect(where.has(i.barcode), `${i.barcode} in two parcels`).toBe(false);
          where.set(i.barcode, p.id);
          expect(requests.find((r) => r.id === i.requestId)?.parcelId, `request of ${i.barcode}`).toBe(p.id);
        }
      }
      expect([...where.keys()].sort()).toEqual([...packed].sort());
      for (const b of packed) expect(requests.find((r) => r.id === requestOf.get(b))).toMatchObject({ parcelId: where.get(b), lenderState: 'awaiting_shipping' });

      // Both desks end with the service's placement and nothing to attend to or resend.
      for (const d of desks) {
        for (const b of packed) {
          await until(`${b} in ${where.get(b)} on the desk`, async () => (await d.call<RequestRecord | null>('record', 'requests', requestOf.get(b)!))?.parcelId === where.get(b));
        }
        expect(await d.call<Attention[]>('needsAttention')).toEqual([]);
        expect(await d.call<number>('pendingCount')).toBe(0);
      }
      return where;
    }

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-seal', 'NPTU', '21020000771400', { name: '林雅婷' });
      for (const b of BARCODES) requestOf.set(b, (await admin.request('NPTU', 'NKUST', 'p-seal', b)).id);
      for (const name of ['A', 'B']) {
        const link = await LinkProxy.start(svc.port);
        links.push(link);
        const d = await admin.pairDesk('NKUST', 'staff', `NKUST desk ${name}`);
        desks.push(await RemoteDesk.start({ serviceUrl: link.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NKUST', role: 'staff' }));
      }
      for (const d of desks) {
        await d.call('awaitConverged', 30_000);
        await until('six requests on the pick list', async () => (await d.call<RequestRecord[]>('pickList')).length === 6);
      }
    }, 90_000);

    afterAll(async () => {
      for (const d of desks) await d?.stop();
      for (const l of links) await l.close();
      await svc?.dispose();
    });

    it('B packs offline into the parcel A sealed meanwhile: its scans land in the successor, no exception', async () => {
      const [a, b] = [desks[0]!, desks[1]!];
      const p = packedInto(await a.call<ActionResult>('packScan', BARCODES[0]));
      expect(packedInto(await a.call<ActionResult>('packScan', BARCODES[1]))).toBe(p);
      await a.call('awaitConverged', 30_000);
      await until('B sees the open parcel with A\'s two items', async () => {
        const parcel = await b.call<ParcelRecord | null>('record', 'parcels', p);
        return parcel?.state === 'open' && parcel.items.length === 2;
      });

      links[1]!.down();
      ok(await a.call<ActionResult>('seal', p));
      await a.call('awaitConverged', 30_000);
      expect(await admin.record<ParcelRecord>('parcels', p)).toMatchObject({ state: 'sealed' });

      // B still sees the parcel open and packs into it.
      expect(await b.call<ParcelRecord>('record', 'parcels', p)).toMatchObject({ state: 'open' });
      expect(packedInto(await b.call<ActionResult>('packScan', BARCODES[2]))).toBe(p);
      expect(packedInto(await b.call<ActionResult>('packScan', BARCODES[3]))).toBe(p);

      links[1]!.up();
      const where = await checkNoException(BARCODES.slice(0, 4));
      const successor = `${p}:2`;
      expect(where.get(BARCODES[0]!)).toBe(p);
      expect(where.get(BARCODES[1]!)).toBe(p);
      expect(where.get(BARCODES[2]!)).toBe(successor);
      expect(where.get(BARCODES[3]!)).toBe(successor);
      const sealed = await admin.record<ParcelRecord>('parcels', p);
      expect(sealed).toMatchObject({ state: 'sealed' });
      expect(sealed!.items.map((i) => i.barcode).sort()).toEqual(BARCODES.slice(0, 2));
      expect(await admin.record<ParcelRecord>('parcels', successor)).toMatchObject({ state: 'open', fromLibraryId: 'NKUST', toLibraryId: 'NPTU' });
      for (const d of desks) {
        await until('the successor on the desk', async () => (await d.call<ParcelRecord | null>('record', 'parcels', successor))?.items.length === 2);
        expect(await d.call<ParcelRecord>('record', 'parcels', p)).toMatchObject({ state: 'sealed' });
      }
    }, 90_000);

    it('both online: B packs just as A seals the successor; whichever reaches the service first, no exception', async () => {
      const [a, b] = [desks[0]!, desks[1]!];
      const parcels = (await admin.records<ParcelRecord>('parcels')).documents;
      const open = parcels.filter((p) => p.state === 'open');
      expect(open).toHaveLength(1);
      const p2 = open[0]!.id;
      await until('B sees the successor open', async () => (await b.call<ParcelRecord | null>('record', 'parcels', p2))?.state === 'open');

      const [sealed, bPacks] = await Promise.all([
        a.call<ActionResult>('seal', p2),
        b.call<ActionResult>('packScan', BARCODES[4]).then(async (r) => [r, await b.call<ActionResult>('packScan', BARCODES[5])] as const),
      ]);
      ok(sealed);
      for (const r of bPacks) ok(r);

      const where = await checkNoException(BARCODES);
      // Each of B's items is in the parcel A sealed (it got there first), its successor, or a parcel B opened after seeing the seal.
      for (const code of BARCODES.slice(4)) expect(where.get(code)).toBeDefined();
      expect(await admin.record<ParcelRecord>('parcels', p2)).toMatchObject({ state: 'sealed' });
    }, 90_000);
  });
}
