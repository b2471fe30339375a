// A request's steps in the patron's words, from the request record (its
// states, review and history) and the hold made for it. Pure: the unit tests
// drive it with records.
//
// Reading of the states: every step the request has reached is `done` with its
// time, except the latest reached, which is `current` (where it is now, e.g.
// `on_hold_shelf` while the book waits on the shelf); the steps still ahead are
// `upcoming` with no time. `cancelled` and `unfilled` end the timeline: the
// steps never reached are left out and the end step is `current`. A hold that
// expired unclaimed skips `checked_out` and `returned` (the book goes back).
import type { HoldRecord, RequestRecord } from '#shared/domain/records';
import type { NoticeKind, TimelineEntry, TimelineStep } from '#shared/portal/wire';

type Reached = { step: TimelineStep; at: string; libraryId?: string };

const PATH: readonly TimelineStep[] = ['placed', 'reviewed', 'sent_to_lender', 'shipped', 'arrived', 'on_hold_shelf', 'checked_out', 'returned', 'complete'];

/** Borrower states at or past the item leaving the lender: cancelling is over then. */
const CANCELLABLE_LENDER = new Set(['new', 'pull_slip_printed']);
const CLOSED_BORROWER = new Set(['complete', 'unfilled', 'cancelled', 'lost']);

export function canCancel(req: RequestRecord): boolean {
  return !CLOSED_BORROWER.has(req.borrowerState) && CANCELLABLE_LENDER.has(req.lenderState) && req.borrowerState !== 'shipped';
}

function firstEntry(req: RequestRecord, test: (h: RequestRecord['history'][number]) => boolean) {
  return req.history.find(test);
}

export function buildTimeline(req: RequestRecord, hold: Pick<HoldRecord, 'state'> | null): TimelineEntry[] {
  const reached = new Map<TimelineStep, Reached>();
  const set = (step: TimelineStep, at: string | null | undefined, libraryId?: string): void => {
    if (at && !reached.has(step)) reached.set(step, { step, at, ...(libraryId ? { libraryId } : {}) });
  };
  const placed = firstEntry(req, (h) => h.type === 'request.placed' || h.type === 'request.created');
  set('placed', placed?.at ?? req.createdAt, req.borrowerLibraryId);
  // Item-level requests (made by staff, lender named) have no review step.
  const reviewed = req.review !== null;
  if (req.review && req.review.state !== 'pending' && req.review.decidedAt) set('reviewed', req.review.decidedAt, req.borrowerLibraryId);
  if (req.lenderLibraryId !== '' && req.review?.state !== 'rejected') set('sent_to_lender', req.askedAt ?? placed?.at ?? req.createdAt, req.lenderLibraryId);
  const shipped = firstEntry(req, (h) => h.borrowerState === 'shipped');
  set('shipped', shipped?.at, shipped?.libraryId);
  const arrived = firstEntry(req, (h) => h.borrowerState === 'on_hold_shelf' || h.borrowerState === 'received');
  set('arrived', arrived?.at, req.borrowerLibraryId);
  const shelved = firstEntry(req, (h) => h.borrowerState === 'on_hold_shelf');
  set('on_hold_shelf', shelved?.at, req.borrowerLibraryId);
  const out = firstEntry(req, (h) => h.type === 'loan.started');
  set('checked_out', out?.at, req.borrowerLibraryId);
  const returned = firstEntry(req, (h) => h.type === 'loan.ended');
  set('returned', returned?.at, req.borrowerLibraryId);
  if (req.borrowerState === 'complete') set('complete', firstEntry(req, (h) => h.borrowerState === 'complete')?.at ?? req.updatedAt);

  const expired = hold?.state === 'expired' || req.history.some((h) => h.type === 'hold.expired');
  let path = PATH.filter((s) => (s !== 'reviewed' || reviewed) && (!expired || (s !== 'checked_out' && s !== 'returned')));
  const end: TimelineStep | null = req.borrowerState === 'cancelled' ? 'cancelled' : req.borrowerState === 'unfilled' ? 'unfilled' : null;
  if (end) {
    path = [...path.filter((s) => reached.has(s)), end];
    set(end, firstEntry(req, (h) => h.borrowerState === end)?.at ?? req.updatedAt);
  }
  let latest = -1;
  path.forEach((s, i) => {
    if (reached.has(s)) latest = i;
  });
  return path.map((step, i): TimelineEntry => {
    const r = reached.get(step);
    // A step passed without a record of it (none in the history) still counts as done, with no time.
    const state = i === latest ? 'current' : i < latest ? 'done' : 'upcoming';
    return { step, state, at: state === 'upcoming' ? null : (r?.at ?? null), ...(r?.libraryId && state !== 'upcoming' ? { libraryId: r.libraryId } : {}) };
  });
}

/** The notices that speak of a step: the patron was notified of the step when one of these was sent. */
export const NOTICES_FOR_STEP: Partial<Record<TimelineStep, readonly NoticeKind[]>> = {
  placed: ['request_received'],
  reviewed: ['request_received'],
  sent_to_lender: ['request_received'],
  on_hold_shelf: ['ready_for_pickup', 'pickup_reminder'],
  arrived: ['ready_for_pickup'],
  checked_out: ['due_soon', 'overdue'],
  returned: ['returned'],
  complete: ['returned'],
  unfilled: ['cannot_fill'],
};

export function currentStep(timeline: readonly TimelineEntry[]): TimelineStep | null {
  return timeline.find((t) => t.state === 'current')?.step ?? null;
}
