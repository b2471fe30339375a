// Self-return: ends a loan made at this library ('loan.ended') and secures
// the tag. A kiosk may not record packing, so an item with a leg to pack is
// refused here and sent to the desk; a returned item's line names the library
// it goes back to, for staff.
import type { Desk } from '#desk-core/desk';
import { legFor } from '#shared/domain/parcels/packing';
import type { KioskContext, TagTarget, VisitLine } from './kiosk-types';
import type { PadItem } from './pad-reading';
import { setTags } from './tag-security';

/** The library a tag's owner field names (ISIL "TW-NPTU" or the bare code), if the directory knows it. */
export function ownerLibraryOf(desk: Desk, owner: string): string | null {
  if (!owner) return null;
  for (const lib of desk.view.reader.values('libraries')) if (lib.isil === owner || lib.id === owner) return lib.id;
  return null;
}

export interface ReturnBatch {
  readonly lines: VisitLine[];
  /** The visit's patron: the one it had, or the borrower of the first item returned. */
  readonly patronId: string | null;
}

/** The lines for the items put on the pad in a return visit, their loans ended and tags secured. */
export async function returnItems(ctx: KioskContext, visitPatronId: string | null, items: readonly PadItem[]): Promise<ReturnBatch> {
  const desk = ctx.desk;
  const out: VisitLine[] = [];
  const secure: TagTarget[] = [];
  let patronId = visitPatronId;
  for (const item of items) {
    const reader = desk.view.reader;
    const loan = reader.loansForItem(item.barcode).find((l) => l.state === 'active' && l.libraryId === ctx.me());
    if (!loan) {
      out.push(ctx.line({ barcode: item.barcode, title: '', kind: 'refused', problem: { source: 'kiosk', code: 'NOT_ON_LOAN_HERE', params: { barcode: item.barcode } } }));
      continue;
    }
    // The desk's return packs the item when it sees a leg to pack; a kiosk may not record that, so such items go to the desk.
    if (reader.requestsForItem(item.barcode).some((req) => legFor({ ...req, borrowerState: 'awaiting_return_shipping' }, ctx.me()) !== null)) {
      out.push(ctx.line({ barcode: item.barcode, title: loan.title, kind: 'refused', problem: { source: 'kiosk', code: 'RETURN_AT_DESK', params: { title: loan.title } } }));
      continue;
    }
    const r = await desk.workflows.returnItem(item.barcode);
    if (!r.ok) {
      out.push(ctx.line({ barcode: item.barcode, title: loan.title, kind: 'refused', problem: { source: 'rules', code: r.reason, params: r.params } }));
      continue;
    }
    const o = r.outcome;
    const fromTag = ownerLibraryOf(desk, item.owner);
    const fromLoan = o.kind === 'returned' ? o.returnTo : loan.ownerLibraryId;
    out.push(ctx.line({
      barcode: item.barcode, title: loan.title, kind: 'returned', loanId: loan.id,
      fine: o.kind === 'returned' ? o.fineAmount : 0, overdueDays: o.kind === 'returned' ? o.overdueDays : 0,
      returnTo: fromTag ?? fromLoan, ...(r.eventIds[0] ? { eventId: r.eventIds[0] } : {}),
    }));
    secure.push({ line: out.length - 1, uids: item.uids });
    patronId ??= loan.patronId;
  }
  await setTags(ctx.devices, out, secure, true);
  return { lines: out, patronId };
}
