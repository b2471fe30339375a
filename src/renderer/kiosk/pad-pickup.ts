// Pickup at the pad: each item is judged against the patron's holds here
// (pickup-verdict.ts); a hold ready to go is checked out through the desk
// workflows ('loan.started', stored first), within the offline allowance,
// and its tags are released in one write afterwards.
import type { KioskProblem } from './i18n-kiosk';
import { offlineVerdict } from './kiosk-rules';
import type { KioskContext, TagTarget, VisitLine } from './kiosk-types';
import type { PadItem } from './pad-reading';
import { pickupVerdict } from './pickup-verdict';
import { setTags } from './tag-security';

/** The lines for the items a patron put on the pad, their loans recorded and tags released. */
export async function pickupItems(ctx: KioskContext, patronId: string, items: readonly PadItem[]): Promise<VisitLine[]> {
  const desk = ctx.desk;
  const out: VisitLine[] = [];
  const release: TagTarget[] = [];
  let offline = offlineVerdict(ctx.rules(), { offlineSince: ctx.offlineSince(), now: ctx.now(), unconfirmedForPatron: ctx.unconfirmedLoansOf(patronId) });
  for (const item of items) {
    const reader = desk.view.reader;
    const v = pickupVerdict(reader, ctx.me(), patronId, item);
    if (v.kind === 'already') {
      out.push(ctx.line({ barcode: item.barcode, title: v.loan.title, kind: 'already', dueDate: v.loan.dueDate, loanId: v.loan.id }));
      release.push({ line: out.length - 1, uids: item.uids });
      continue;
    }
    if (v.kind === 'waiting_parts') {
      out.push(ctx.line({ barcode: item.barcode, title: v.hold.title, kind: 'waiting_parts', parts: Math.max(v.hold.parts, item.partsInSet), missingParts: v.missing }));
      continue;
    }
    if (v.kind === 'not_yours') {
      out.push(ctx.line({ barcode: item.barcode, title: v.title, kind: 'refused', problem: { source: 'kiosk', code: 'NOT_YOUR_HOLD', params: { title: v.title } } }));
      continue;
    }
    if (v.kind === 'not_a_hold') {
      out.push(ctx.line({ barcode: item.barcode, title: '', kind: 'refused', problem: { source: 'kiosk', code: 'NOT_A_HOLD', params: { barcode: item.barcode } } }));
      continue;
    }
    if (!offline.ok) {
      const problem: KioskProblem = offline.code === 'OFFLINE_TOO_LONG'
        ? { source: 'kiosk', code: 'OFFLINE_TOO_LONG', params: { hours: offline.hours } }
        : { source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: offline.limit, title: v.hold.title } };
      out.push(ctx.line({ barcode: item.barcode, title: v.hold.title, kind: 'refused', problem }));
      continue;
    }
    const r = await desk.workflows.checkout(patronId, v.hold.id);
    if (!r.ok) {
      out.push(ctx.line({ barcode: item.barcode, title: v.hold.title, kind: 'refused', problem: { source: 'rules', code: r.reason, params: r.params } }));
      continue;
    }
    const o = r.outcome;
    const dueDate = o.kind === 'loan' ? o.dueDate : '';
    out.push(ctx.line({ barcode: item.barcode, title: v.hold.title, kind: 'checked_out', dueDate, ...(o.kind === 'loan' ? { loanId: o.loanId } : {}), ...(r.eventIds[0] ? { eventId: r.eventIds[0] } : {}) }));
    release.push({ line: out.length - 1, uids: item.uids });
    if (offline.offline) offline = offline.allowed - 1 > 0 ? { ...offline, allowed: offline.allowed - 1 } : { ok: false, code: 'OFFLINE_LIMIT', limit: ctx.rules().offlineMaxCheckoutsPerPatron };
  }
  // The loans are stored: now the tags, in one write to the pad.
  await setTags(ctx.devices, out, release, false);
  return out;
}
