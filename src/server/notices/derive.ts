// Which notices a state change calls for. Pure: given an applied event and
// the records it touched (as they are now), the drafts to queue. The request's
// history entry written by this very event says what the event did (its
// borrower state after it), so a later change to the request cannot make an
// old event look like something it was not.
import type { HoldRecord, LoanRecord } from '#shared/domain/circulation/records';
import type { RequestRecord } from '#shared/domain/requests/records';
import type { PolicyFields } from '#shared/domain/policy';
import { localDateOf } from '#shared/domain/dates';
import type { NoticeDraft, NoticeVars } from './queue';

export interface AppliedEvent {
  id: string;
  type: string;
  at: string;
  libraryId: string;
  payload: Record<string, unknown>;
}

export interface DeriveContext {
  request(id: string): RequestRecord | undefined;
  hold(id: string): HoldRecord | undefined;
  loan(id: string): LoanRecord | undefined;
  libraryName(id: string): string;
  policy(libraryId: string): PolicyFields;
}

/** The event types whose payload names the request whose history may say it became unfilled. */
const REQUEST_STEP_TYPES = new Set(['request.cannot_supply', 'request.routed', 'request.lender_timed_out', 'request.reviewed']);

export const titleOf = (r: Pick<RequestRecord, 'item' | 'work'>): string => r.item.title || r.work?.title || '';

/** What a notice may say about the library and its rules: the policy of the library where the book is lent (policyFor's rule). */
export function libraryVars(ctx: Pick<DeriveContext, 'libraryName' | 'policy'>, libraryId: string): NoticeVars {
  const p = ctx.policy(libraryId);
  return { library: ctx.libraryName(libraryId), loanDays: p.loanDays, pickupDays: p.pickupDays, finePerDay: p.finePerDay, maxFine: p.maxFinePerItem };
}

function stepOf(req: RequestRecord, eventId: string): { after: string; before: string | null } | null {
  const i = req.history.findIndex((h) => h.eventId === eventId);
  if (i < 0) return null;
  return { after: req.history[i]!.borrowerState, before: i > 0 ? req.history[i - 1]!.borrowerState : null };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function noticesOf(e: AppliedEvent, seq: number, ctx: DeriveContext): NoticeDraft[] {
  const out: NoticeDraft[] = [];
  const forRequest = (kind: NoticeDraft['kind'], req: RequestRecord, vars: NoticeVars): void => {
    out.push({
      dedupeKey: `${kind}:req:${req.id}:${e.id}`, kind, patronId: req.patronId, libraryId: req.borrowerLibraryId,
      requestId: req.id, holdId: null, loanId: null, sourceSeq: seq,
      vars: { ...libraryVars(ctx, req.borrowerLibraryId), title: titleOf(req), ...vars },
    });
  };

  if (e.type === 'request.created' || e.type === 'request.placed') {
    const req = ctx.request(str(e.payload['requestId']) ?? '');
    if (req) forRequest('request_received', req, {});
    return out;
  }

  if (REQUEST_STEP_TYPES.has(e.type)) {
    const req = ctx.request(str(e.payload['requestId']) ?? '');
    if (!req) return out;
    const step = stepOf(req, e.id);
    const rejectedAtReview = e.type === 'request.reviewed' && e.payload['decision'] === 'reject' && step?.after === 'cancelled';
    const becameUnfilled = step?.after === 'unfilled' && step.before !== 'unfilled';
    // The reason as the event gave it: the request's own field may have changed since.
    if (rejectedAtReview || becameUnfilled) forRequest('cannot_fill', req, { reason: str(e.payload['reason']) ?? req.reason });
    return out;
  }

  if (e.type === 'item.received') {
    const hold = ctx.hold(str(e.payload['holdId']) ?? '');
    if (!hold) return out;
    const req = ctx.request(hold.requestId);
    // Only the scan that put the book on the hold shelf: the history entry of this event says so.
    if (!req || stepOf(req, e.id)?.after !== 'on_hold_shelf') return out;
    out.push({
      dedupeKey: `ready_for_pickup:hold:${hold.id}:${e.id}`, kind: 'ready_for_pickup', patronId: hold.patronId, libraryId: hold.libraryId,
      requestId: hold.requestId, holdId: hold.id, loanId: null, sourceSeq: seq,
      vars: { ...libraryVars(ctx, hold.libraryId), title: hold.title || titleOf(req), shelfSpot: hold.shelfSpot, pickupBy: hold.pickupBy, ...(req.dueDate ? { dueOn: req.dueDate } : {}) },
    });
    return out;
  }

  if (e.type === 'loan.ended') {
    const loan = ctx.loan(str(e.payload['loanId']) ?? '');
    // Relay loans only: a visitor-card loan's holder is not a patron the consortium keeps contacts for.
    if (!loan || loan.requestId === null || loan.state !== 'returned') return out;
    const p = ctx.policy(loan.libraryId);
    out.push({
      dedupeKey: `returned:loan:${loan.id}:${e.id}`, kind: 'returned', patronId: loan.patronId, libraryId: loan.libraryId,
      requestId: loan.requestId, holdId: null, loanId: loan.id, sourceSeq: seq,
      vars: {
        ...libraryVars(ctx, loan.libraryId), title: loan.title, dueOn: loan.dueDate, fineAmount: loan.fineAmount,
        returnedOn: localDateOf(loan.returnedAt ?? e.at, p.utcOffsetMinutes),
      },
    });
  }
  return out;
}

/** Record ids a batch of events needs loaded, by collection. */
export function idsNeeded(events: readonly AppliedEvent[]): { requests: string[]; holds: string[]; loans: string[] } {
  const requests = new Set<string>();
  const holds = new Set<string>();
  const loans = new Set<string>();
  for (const e of events) {
    const rid = str(e.payload['requestId']);
    if (rid && (e.type === 'request.created' || e.type === 'request.placed' || REQUEST_STEP_TYPES.has(e.type))) requests.add(rid);
    const hid = str(e.payload['holdId']);
    if (hid && e.type === 'item.received') holds.add(hid);
    const lid = str(e.payload['loanId']);
    if (lid && e.type === 'loan.ended') loans.add(lid);
  }
  return { requests: [...requests], holds: [...holds], loans: [...loans] };
}
