// Two desks of different libraries, each a real RxDB replica in its own
// process, run the whole borrow-return cycle against the real service:
// request → pull slip → pack → seal → dispatch → receive → hold shelf →
// pickup → counter return → return parcel → receive home → complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { RemoteDesk } from '#test/support/remote-desk';
import type { ActionResult, Routing } from '#desk-core/workflows';
import type { ParcelRecord, RequestRecord } from '#shared/domain/records';
import { ok, until } from '#test/support/until';

const configOf = (svcUrl: string, d: DeskClient) => ({ serviceUrl: svcUrl, deviceToken: d.token, deviceId: d.deviceId, libraryId: d.libraryId, role: 'staff' as const });

for (const backend of await backends()) {
  describe(`two desks run the whole cycle (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lender: RemoteDesk;
    let borrower: RemoteDesk;
    const barcode = '31010000456781';
    let requestId: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-cycle', 'NPTU', '21020000123454', { name: '王小明' });
      requestId = (await admin.request('NPTU', 'NKUST', 'p-cycle', barcode)).id;
      const [l, b] = await Promise.all([admin.pairDesk('NKUST'), admin.pairDesk('NPTU')]);
      [lender, borrower] = await Promise.all([RemoteDesk.start(configOf(svc.url, l)), RemoteDesk.start(configOf(svc.url, b))]);
      await Promise.all([lender.call('awaitConverged'), borrower.call('awaitConverged')]);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([lender?.stop(), borrower?.stop()]);
      await svc?.dispose();
    });

    it('the lender pulls, packs, seals and dispatches; a wrong scan records nothing', async () => {
      const picks = await until('request on the pick list', async () => {
        const list = await lender.call<RequestRecord[]>('pickList');
        return list.some((r) => r.id === requestId) && list;
      });
      expect(picks.find((r) => r.id === requestId)?.item.barcode).toBe(barcode);
      ok(await lender.call<ActionResult>('pullSlipsPrinted', [requestId]));

      const wrong = await lender.call<ActionResult>('packScan', '39999999999999');
      expect(wrong).toMatchObject({ ok: false, reason: 'NO_REQUEST_FOR_ITEM' });
      const garbage = await lender.call<ActionResult>('packScan', 'ab\u0007c');
      expect(garbage).toMatchObject({ ok: false, reason: 'INVALID_BARCODE' });

      const packed = ok(await lender.call<ActionResult>('packScan', barcode));
      expect(packed).toMatchObject({ kind: 'packed', toLibraryId: 'NPTU', itemKind: 'outbound', count: 1 });
      const again = await lender.call<ActionResult>('packScan', barcode);
      expect(again).toMatchObject({ ok: false, reason: 'ITEM_ALREADY_PACKED' });
      const parcelId = (packed as { parcelId: string }).parcelId;
      ok(await lender.call<ActionResult>('seal', parcelId));
      ok(await lender.call<ActionResult>('dispatch', parcelId, '黑貓宅急便', 'TRK-000123'));
      await lender.call('awaitConverged');

      const onService = await admin.record<ParcelRecord>('parcels', parcelId);
      expect(onService).toMatchObject({ state: 'in_transit', fromLibraryId: 'NKUST', toLibraryId: 'NPTU', courier: '黑貓宅急便', trackingNumber: 'TRK-000123' });
      expect(await admin.record<RequestRecord>('requests', requestId)).toMatchObject({ lenderState: 'shipped', borrowerState: 'shipped' });
    });

    it('the borrower receives the parcel, shelves the hold and checks it out', async () => {
      const parcel = await until('the parcel expected at the borrower', async () => {
        const list = await borrower.call<ParcelRecord[]>('expectedParcels');
        return list.find((p) => p.items.some((i) => i.barcode === barcode));
      });
      const routed = ok(await borrower.call<ActionResult<Routing>>('receiveScan', barcode, parcel.id));
      expect(routed.route).toBe('hold_shelf');
      if (routed.route !== 'hold_shelf') return;
      expect(routed.outcome.shelfSpot).toBe('H-454');
      const closed = ok(await borrower.call<ActionResult>('closeParcel', parcel.id));
      expect(closed).toMatchObject({ kind: 'parcel_closed', missing: [] });

      const patron = await borrower.call<{ ok: boolean; holds: Array<{ id: string }> }>('findPatron', '21020000123454');
      expect(patron.holds.map((h) => h.id)).toEqual([routed.outcome.holdId]);
      const loan = ok(await borrower.call<ActionResult>('checkoutScan', 'p-cycle', barcode));
      expect(loan).toMatchObject({ kind: 'loan', loanCount: 1, loanLimit: 6 });
      await borrower.call('awaitConverged');

      expect(await admin.record('parcels', parcel.id)).toMatchObject({ state: 'received' });
      expect(await admin.record<RequestRecord>('requests', requestId)).toMatchObject({ borrowerState: 'checked_out', lenderState: 'shipped' });
      // The lender sees the borrower's progress on its own replica.
      await until('lender sees checked_out', async () => (await lender.call<RequestRecord>('record', 'requests', requestId))?.borrowerState === 'checked_out');
    });

    it('the patron returns it at the counter; it goes back in a return parcel and completes at home', async () => {
      const returned = ok(await borrower.call<ActionResult>('returnItem', barcode));
      expect(returned).toMatchObject({ kind: 'returned', fineAmount: 0, returnTo: 'NKUST' });
      const outgoing = await borrower.call<ParcelRecord[]>('outgoingParcels');
      const back = outgoing.find((p) => p.toLibraryId === 'NKUST' && p.items.some((i) => i.barcode === barcode && i.kind === 'return'));
      expect(back).toBeDefined();
      ok(await borrower.call<ActionResult>('seal', back!.id));
      ok(await borrower.call<ActionResult>('dispatch', back!.id, '中華郵政', 'RR123456789TW'));
      await borrower.call('awaitConverged');

      await until('return parcel expected at the lender', async () => (await lender.call<ParcelRecord[]>('expectedParcels')).some((p) => p.id === back!.id));
      const home = ok(await lender.call<ActionResult<Routing>>('receiveScan', barcode, back!.id));
      expect(home.route).toBe('home');
      ok(await lender.call<ActionResult>('closeParcel', back!.id));
      await lender.call('awaitConverged');

      expect(await admin.record<RequestRecord>('requests', requestId)).toMatchObject({ borrowerState: 'complete', lenderState: 'complete' });
      await until('borrower sees complete', async () => (await borrower.call<RequestRecord>('record', 'requests', requestId))?.borrowerState === 'complete');
      expect(await lender.call<RequestRecord>('record', 'requests', requestId)).toMatchObject({ borrowerState: 'complete', lenderState: 'complete' });
      expect(await lender.call('needsAttention')).toEqual([]);
      expect(await borrower.call('needsAttention')).toEqual([]);
    });
  });
}
