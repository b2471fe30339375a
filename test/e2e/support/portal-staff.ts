// Staff moving a patron's request while the patron watches the portal: the
// borrowing library's desk and the lender's desk push the events they push
// in production (review, pull slip, pack, seal, dispatch, receive onto the
// hold shelf, check out), as test/integration/portal/patron-flow.test.ts does.
import { expect } from '@playwright/test';
import type { AdminClient, DeskClient } from '#test/support/client';
import { until } from '#test/support/until';
import type { RequestRecord } from '#shared/domain/records';

export class StaffMoves {
  private desks = new Map<string, DeskClient>();
  constructor(readonly admin: AdminClient, readonly borrowerLibraryId: string, private readonly tag: string) {}

  async desk(libraryId: string): Promise<DeskClient> {
    let d = this.desks.get(libraryId);
    if (!d) {
      d = await this.admin.pairDesk(libraryId);
      this.desks.set(libraryId, d);
    }
    return d;
  }

  private async applied(desk: DeskClient, ...[type, payload]: Parameters<DeskClient['push']>): Promise<void> {
    const r = await desk.push(type, payload);
    expect(r, `${type} at ${desk.libraryId}`).toMatchObject({ status: 'applied' });
  }

  /** 審核: the borrowing library approves; the service routes it along its rota. Answers the lender and the copy to pull. */
  async review(requestId: string): Promise<{ lender: string; barcode: string }> {
    await this.applied(await this.desk(this.borrowerLibraryId), 'request.reviewed', { requestId, decision: 'approve', reason: '' });
    const routed = await until('the request routed', async () => {
      const r = await this.admin.record<RequestRecord>('requests', requestId);
      return r?.lenderLibraryId && r.rota.length > 0 ? r : null;
    });
    return { lender: routed.lenderLibraryId!, barcode: routed.rota[routed.rotaIndex]!.copies[0]!.barcode! };
  }

  /** The lender pulls the copy, packs, seals and dispatches the parcel. */
  async ship(requestId: string, lender: string, barcode: string): Promise<void> {
    const desk = await this.desk(lender);
    const parcelId = `par-${this.tag}`;
    await this.applied(desk, 'request.pull_slip_printed', { requestIds: [requestId] });
    await this.applied(desk, 'item.packed', { parcelId, toLibraryId: this.borrowerLibraryId, requestId, itemBarcode: barcode });
    await this.applied(desk, 'parcel.sealed', { parcelId });
    await this.applied(desk, 'parcel.dispatched', { parcelId, courier: '黑貓宅急便', trackingNumber: `T-${this.tag}` });
  }

  /** The borrowing library receives the parcel; the book goes to the hold shelf. */
  async receive(barcode: string): Promise<void> {
    await this.applied(await this.desk(this.borrowerLibraryId), 'item.received', { itemBarcode: barcode, parcelId: `par-${this.tag}`, ownerLibraryId: null, holdId: `hold-${this.tag}` });
  }

  /** The patron picks it up: checked out. Answers the loan's id. */
  async checkOut(patronId: string): Promise<string> {
    const loanId = `loan-${this.tag}`;
    await this.applied(await this.desk(this.borrowerLibraryId), 'loan.started', { loanId, holdId: `hold-${this.tag}`, patronId });
    return loanId;
  }
}
