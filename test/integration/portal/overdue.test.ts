// An overdue interlibrary loan in the portal, on PGlite and PostgreSQL (the
// desk's events dated back, as the service's time-travel bounds allow): the
// account shows the open days overdue and the fine so far by the lending
// library's policy, renewal is refused in words, and once returned the fine
// is owed on the account. The item-level request's timeline follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService, TIME_TRAVEL_BOUNDS } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { PORTAL_PATHS, portalPath, type PortalAccount, type PortalRequest, type RenewalAnswer } from '#shared/portal/wire';
import { Patron } from './support/portal-client';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

for (const backend of await backends()) {
  describe(`portal: an overdue loan (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let borrower: DeskClient;
    let patron: Patron;
    let requestId: string;

    beforeAll(async () => {
      svc = await startTestService(backend, { eventTimeBounds: TIME_TRAVEL_BOUNDS });
      const admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-c', 'NPTU', '21020000555556', { name: '讀者丙' });
      await admin.call('POST', '/admin/portal/passwords', { patronId: 'p-c', password: PASSWORD });
      const lender = await admin.pairDesk('NKUST');
      borrower = await admin.pairDesk('NPTU');
      ({ id: requestId } = await admin.request('NPTU', 'NKUST', 'p-c', '31234000000017'));
      for (const [type, payload] of [
        ['request.pull_slip_printed', { requestIds: [requestId] }],
        ['item.packed', { parcelId: 'par-o1', toLibraryId: 'NPTU', requestId, itemBarcode: '31234000000017' }],
        ['parcel.sealed', { parcelId: 'par-o1' }],
        ['parcel.dispatched', { parcelId: 'par-o1', courier: '新竹物流', trackingNumber: 'HCT-9' }],
      ] as const) expect((await lender.push(type, payload as never)).status).toBe('applied');
      // Arrived and lent 40 days ago: due after the 28-day loan period, so about 12 days overdue now.
      borrower.at = new Date(Date.now() - 40 * DAY).toISOString();
      expect((await borrower.push('item.received', { itemBarcode: '31234000000017', parcelId: 'par-o1', ownerLibraryId: null, holdId: 'hold-o1' })).status).toBe('applied');
      expect((await borrower.push('loan.started', { loanId: 'loan-o1', holdId: 'hold-o1', patronId: 'p-c' })).status).toBe('applied');
      borrower.at = null;
      patron = new Patron(svc.url);
      expect((await patron.signIn('NPTU', '21020000555556', PASSWORD)).status).toBe(200);
    }, 60_000);
    afterAll(async () => svc?.dispose());

    it('the account shows the days overdue and the fine so far; renewal is refused because it is overdue', async () => {
      const account = (await patron.get<PortalAccount>(PORTAL_PATHS.account)).body;
      const loan = account.loans[0]!;
      expect(loan).toMatchObject({ id: 'loan-o1', ownerLibraryId: 'NKUST', pickupLibraryId: 'NPTU', renewalsLeft: 1 });
      // Open days only (Sundays are closed by default): between 8 and 12 of the 12 calendar days.
      expect(loan.overdueDays).toBeGreaterThanOrEqual(8);
      expect(loan.overdueDays).toBeLessThanOrEqual(12);
      expect(account.fines).toEqual({ total: loan.overdueDays * 5, items: [{ loanId: 'loan-o1', title: '資料結構與演算法', libraryId: 'NPTU', amount: loan.overdueDays * 5 }] });
      const renewal = await patron.send<RenewalAnswer>('POST', portalPath(PORTAL_PATHS.renewal, 'loan-o1'));
      expect(renewal.body).toMatchObject({ state: 'refused', dueOn: null, decidedBy: 'policy' });
      expect(renewal.body.reason).toContain('逾期');
      const request = (await patron.get<PortalRequest>(portalPath(PORTAL_PATHS.request, requestId))).body;
      expect(request).toMatchObject({ workId: null, lenderLibraryId: 'NKUST', dueOn: loan.dueOn, canCancel: false });
      expect(request.timeline.map((t) => t.step)).not.toContain('reviewed');
      expect(request.timeline.find((t) => t.state === 'current')?.step).toBe('checked_out');
    });

    it('returned late: the loan leaves the account and its fine is owed; a renewal of it is CANNOT_RENEW', async () => {
      const before = (await patron.get<PortalAccount>(PORTAL_PATHS.account)).body.fines.total;
      expect((await borrower.push('loan.ended', { loanId: 'loan-o1', fineId: 'fine-o1' })).status).toBe('applied');
      const account = (await patron.get<PortalAccount>(PORTAL_PATHS.account)).body;
      expect(account.loans).toEqual([]);
      expect(account.fines).toEqual({ total: before, items: [{ loanId: 'loan-o1', title: '資料結構與演算法', libraryId: 'NPTU', amount: before }] });
      const again = await patron.send('POST', portalPath(PORTAL_PATHS.renewal, 'loan-o1'));
      expect([again.status, again.body.error.code]).toEqual([409, 'CANNOT_RENEW']);
      const request = (await patron.get<PortalRequest>(portalPath(PORTAL_PATHS.request, requestId))).body;
      expect(request.timeline.find((t) => t.state === 'current')?.step).toBe('returned');
      expect(request.dueOn).toBeNull();
    });
  });
}
