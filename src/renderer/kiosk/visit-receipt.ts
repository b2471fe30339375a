// Receipts: the slip for a visit (from the records as they are now, in the
// screen's language), printing it under the visit's key so a retry does not
// print twice, and reprinting a patron's last visit here marked COPY (rebuilt
// from its events, so it works after a restart too).
import type { Slip } from '#shared/slips/model';
import { buildKioskReceipt, copyPrintKey, receiptPrintKey } from './kiosk-receipt';
import type { KioskContext, ReceiptOutcome, Visit, VisitLine } from './kiosk-types';
import { lastVisitOf } from './past-visits';

/** A line that recorded something (a loan or a return): only those earn a receipt. */
export const transacted = (l: VisitLine) => l.kind === 'checked_out' || l.kind === 'returned';

const failure = (err: unknown): ReceiptOutcome => ({ kind: 'failed', message: (err instanceof Error ? err.message : String(err)).slice(0, 160) });

/** The slip for a visit (the screen's language), from the records as they are now. */
export function receiptForVisit(ctx: KioskContext, visit: Visit, copy = false): Slip | null {
  if (!visit.key) return null;
  const reader = ctx.desk.view.reader;
  const patron = visit.patronId ? reader.get('patrons', visit.patronId) : undefined;
  const lines = visit.lines.filter(transacted);
  return buildKioskReceipt({
    reader, libraryId: ctx.me(), patron,
    checkouts: lines.filter((l) => l.kind === 'checked_out').map((l) => ({ title: l.title, barcode: l.barcode, dueDate: l.dueDate ?? '' })),
    returns: lines.filter((l) => l.kind === 'returned').map((l) => ({ title: l.title, barcode: l.barcode, fine: l.fine ?? 0, overdueDays: l.overdueDays ?? 0 })),
    at: new Date(visit.startedAt).toISOString(),
    offline: lines.some((l) => l.offline),
    visitKey: visit.key,
    copy,
  }, ctx.lang());
}

/** Queue the visit's receipt on the printer. */
export async function printVisit(ctx: KioskContext, visit: Visit): Promise<ReceiptOutcome> {
  const slip = receiptForVisit(ctx, visit);
  if (!slip || !visit.key) return { kind: 'none' };
  try {
    await ctx.devices.print(receiptPrintKey(visit.key), slip);
    return { kind: 'printed' };
  } catch (err) {
    return failure(err);
  }
}

/** Whether the patron has a visit at this kiosk whose receipt can be printed again. */
export function hasPastVisit(ctx: KioskContext, patronId: string): boolean {
  return lastVisitOf(ctx.desk.view, ctx.desk.config.deviceId, patronId, ctx.now()) !== null;
}

/** Print the patron's last visit at this kiosk again, marked COPY. */
export async function reprintPastVisit(ctx: KioskContext, patronId: string): Promise<ReceiptOutcome> {
  const past = lastVisitOf(ctx.desk.view, ctx.desk.config.deviceId, patronId, ctx.now());
  if (!past) return { kind: 'none' };
  const reader = ctx.desk.view.reader;
  const slip = buildKioskReceipt({
    reader, libraryId: ctx.me(), patron: reader.get('patrons', patronId), checkouts: past.checkouts, returns: past.returns,
    at: past.at, offline: past.unconfirmed, visitKey: past.key, copy: true,
  }, ctx.lang());
  try {
    await ctx.devices.print(copyPrintKey(past.key, ctx.now()), slip);
  } catch (err) {
    return failure(err);
  }
  return { kind: 'printed' };
}
