// The whole borrow-return cycle through the real service, on PGlite and on
// PostgreSQL: request, dispatch, receive, hold, pickup, return, ship back,
// receive at the lender, complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';

for (const backend of await backends()) {
  describe(`borrow-return cycle on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lender: DeskClient;
    let borrower: DeskClient;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      lender = await admin.pairDesk('NPTU');
      borrower = await admin.pairDesk('NKUST');
      await admin.patron('p-1', 'NKUST', '2001000012345');
    });
    afterAll(async () => svc?.dispose());

    it('runs the full cycle with the right state at each step on both sides', async () => {
      const { id: requestId } = await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017');
      const state = async () => {
        const r = await admin.record<{ borrowerState: string; lenderState: string }>('requests', requestId);
        return `${r!.borrowerState}/${r!.lenderState}`;
      };
      expect(await state()).toBe('sent/new');

      // The lender sees the request on its pick list; the borrower sees it too; a third library does not.
      expect((await lender.pullAll<{ id: string }>('requests')).documents.map((d) => d.id)).toContain(requestId);
      expect((await borrower.pullAll<{ id: string }>('requests')).documents.map((d) => d.id)).toContain(requestId);
      const third = await admin.pairDesk('NUK');
      expect((await third.pullAll('requests')).documents).toHaveLength(0);

      expect((await lender.push('request.pull_slip_printed', { requestIds: [requestId] })).status).toBe('applied');
      expect(await state()).toBe('expect_to_supply/pull_slip_printed');

      // Scan-to-confirm: the wrong book is refused and changes nothing.
      const wrong = await lender.push('item.packed', { parcelId: 'par-1', toLibraryId: 'NKUST', requestId, itemBarcode: '39999999999999' });
      expect(wrong).toMatchObject({ status: 'rejected', reason: 'ITEM_MISMATCH' });
      expect(await state()).toBe('expect_to_supply/pull_slip_printed');

      const packed = await lender.push('item.packed', { parcelId: 'par-1', toLibraryId: 'NKUST', requestId, itemBarcode: '31234000000017' });
      expect(packed).toMatchObject({ status: 'applied', outcome: { kind: 'packed', parcelId: 'par-1', toLibraryId: 'NKUST', count: 1 } });
      expect(await state()).toBe('expect_to_supply/awaiting_shipping');
      expect((await lender.push('parcel.sealed', { parcelId: 'par-1' })).status).toBe('applied');
      expect((await lender.push('parcel.dispatched', { parcelId: 'par-1', courier: '新竹物流', trackingNumber: 'HCT-0001' })).status).toBe('applied');
      expect(await state()).toBe('shipped/shipped');

      // The borrower sees the parcel coming.
      const incoming = (await borrower.pullAll<{ id: string; state: string }>('parcels')).documents.find((p) => p.id === 'par-1');
      expect(incoming?.state).toBe('in_transit');

      const received = await borrower.push('item.received', { itemBarcode: '31234000000017', parcelId: 'par-1', ownerLibraryId: null, holdId: 'hold-1' });
      expect(received).toMatchObject({ status: 'applied', outcome: { kind: 'hold_shelf', holdId: 'hold-1', patronId: 'p-1', shelfSpot: 'H-345' } });
      expect(await state()).toBe('on_hold_shelf/shipped');
      expect((await borrower.push('parcel.closed', { parcelId: 'par-1' })).outcome).toMatchObject({ kind: 'parcel_closed', missing: [] });

      const loan = await borrower.push('loan.started', { loanId: 'loan-1', holdId: 'hold-1', patronId: 'p-1' });
      expect(loan).toMatchObject({ status: 'applied', outcome: { kind: 'loan', loanCount: 1, loanLimit: 6 } });
      expect(await state()).toBe('checked_out/shipped');
      const patron = (await borrower.pullAll<{ id: string; loanCount: number }>('patrons')).documents.find((p) => p.id === 'p-1');
      expect(patron?.loanCount).toBe(1);

      const ret = await borrower.push('loan.ended', { loanId: 'loan-1', fineId: 'fine-1' });
      expect(ret).toMatchObject({ status: 'applied', outcome: { kind: 'returned', fineAmount: 0, returnTo: 'NPTU' } });
      expect(await state()).toBe('awaiting_return_shipping/shipped');

      expect((await borrower.push('item.packed', { parcelId: 'par-2', toLibraryId: 'NPTU', requestId, itemBarcode: '31234000000017' })).outcome).toMatchObject({ kind: 'packed', itemKind: 'return' });
      expect((await borrower.push('parcel.sealed', { parcelId: 'par-2' })).status).toBe('applied');
      expect((await borrower.push('parcel.dispatched', { parcelId: 'par-2', courier: '新竹物流', trackingNumber: 'HCT-0002' })).status).toBe('applied');
      expect(await state()).toBe('shipped_back/return_in_transit');

      const home = await lender.push('item.received', { itemBarcode: '31234000000017', parcelId: 'par-2', ownerLibraryId: 'NPTU', holdId: 'unused-1' });
      expect(home).toMatchObject({ status: 'applied', outcome: { kind: 'home' } });
      expect(await state()).toBe('complete/complete');

      // Both sides see the same final record, with the whole history.
      const l = (await lender.pullAll<{ id: string; borrowerState: string; history: unknown[] }>('requests')).documents.find((d) => d.id === requestId)!;
      const b = (await borrower.pullAll<{ id: string; borrowerState: string; history: unknown[] }>('requests')).documents.find((d) => d.id === requestId)!;
      expect(l).toEqual(b);
      expect(l.borrowerState).toBe('complete');
      expect(l.history.length).toBeGreaterThanOrEqual(10);
      const patronAfter = (await borrower.pullAll<{ id: string; loanCount: number }>('patrons')).documents.find((p) => p.id === 'p-1');
      expect(patronAfter?.loanCount).toBe(0);
    });
  });
}
