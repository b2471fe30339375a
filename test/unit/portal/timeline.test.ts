// The patron's timeline of a request, from request records at each state:
// the reached steps done with their times, the latest current, the rest to
// come; cancelled and unfilled end it; an unclaimed hold skips the loan.
import { describe, expect, it } from 'vitest';
import { buildTimeline, canCancel } from '#server/portal/timeline';
import type { BorrowerState, LenderState, RequestRecord } from '#shared/domain/records';

const T = (n: number) => `2026-12-0${n}T02:00:00.000Z`;

function entry(n: number, type: string, borrowerState: BorrowerState, lenderState: LenderState, libraryId = 'NPTU') {
  return { at: T(n), type, eventId: `e${n}`, deviceId: 'd', libraryId, borrowerState, lenderState };
}

function request(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 't1', borrowerLibraryId: 'NPTU', lenderLibraryId: '', patronId: 'p', item: { barcode: '', title: 'T', author: 'A', callNumber: '', location: '', parts: 1 },
    work: { workId: 'w1', title: 'T', author: 'A', isbn: '', edition: '' }, review: { state: 'pending', placedBy: 'patron', decidedAt: null, reason: '' },
    rota: [], rotaIndex: -1, askedAt: null, neededBy: null, note: '', borrowerState: 'sent', lenderState: 'new', pullSlipPrintedAt: null, parcelId: null,
    holdId: null, loanId: null, checkedInOn: null, dueDate: null, reason: '', history: [entry(1, 'request.placed', 'sent', 'new')], createdAt: T(1), updatedAt: T(1), ...over,
  };
}

const shape = (r: RequestRecord, hold: { state: 'waiting' | 'expired' } | null = null) => buildTimeline(r, hold).map((e) => `${e.step}:${e.state}${e.at ? '@' + e.at.slice(8, 10) : ''}`).join(' ');

const routed = (over: Partial<RequestRecord> = {}) => request({
  review: { state: 'approved', placedBy: 'patron', decidedAt: T(2), reason: '' }, lenderLibraryId: 'NUK', rotaIndex: 0, askedAt: T(3),
  history: [entry(1, 'request.placed', 'sent', 'new'), entry(2, 'request.reviewed', 'sent', 'new'), entry(3, 'request.routed', 'sent', 'new')], ...over,
});

describe('buildTimeline', () => {
  it('a request waiting for review: placed is current, everything else to come', () => {
    expect(shape(request())).toBe('placed:current@01 reviewed:upcoming sent_to_lender:upcoming shipped:upcoming arrived:upcoming on_hold_shelf:upcoming checked_out:upcoming returned:upcoming complete:upcoming');
  });

  it('routed: reviewed done, sent to the lender current with the lender named', () => {
    const t = buildTimeline(routed(), null);
    expect(t.slice(0, 3)).toEqual([
      { step: 'placed', state: 'done', at: T(1), libraryId: 'NPTU' },
      { step: 'reviewed', state: 'done', at: T(2), libraryId: 'NPTU' },
      { step: 'sent_to_lender', state: 'current', at: T(3), libraryId: 'NUK' },
    ]);
  });

  it('on the hold shelf, then out on loan, then returned and complete', () => {
    const h = [...routed().history, entry(4, 'parcel.dispatched', 'shipped', 'shipped', 'NUK'), entry(5, 'item.received', 'on_hold_shelf', 'shipped')];
    expect(shape(routed({ history: h, borrowerState: 'on_hold_shelf', lenderState: 'shipped' }), { state: 'waiting' }))
      .toBe('placed:done@01 reviewed:done@02 sent_to_lender:done@03 shipped:done@04 arrived:done@05 on_hold_shelf:current@05 checked_out:upcoming returned:upcoming complete:upcoming');
    const h2 = [...h, entry(6, 'loan.started', 'checked_out', 'shipped'), entry(7, 'loan.ended', 'awaiting_return_shipping', 'shipped')];
    expect(shape(routed({ history: h2, borrowerState: 'awaiting_return_shipping' }))).toContain('checked_out:done@06 returned:current@07 complete:upcoming');
    const h3 = [...h2, entry(8, 'item.received', 'complete', 'complete', 'NUK')];
    expect(shape(routed({ history: h3, borrowerState: 'complete', lenderState: 'complete' }))).toContain('returned:done@07 complete:current@08');
  });

  it('cancelled or unfilled end the timeline; a rejected review ends cancelled', () => {
    expect(shape(request({ borrowerState: 'cancelled', lenderState: 'cancelled', history: [entry(1, 'request.placed', 'sent', 'new'), entry(2, 'request.cancelled', 'cancelled', 'cancelled')] })))
      .toBe('placed:done@01 cancelled:current@02');
    const rejected = request({ review: { state: 'rejected', placedBy: 'patron', decidedAt: T(2), reason: 'x' }, borrowerState: 'cancelled', lenderState: 'cancelled',
      history: [entry(1, 'request.placed', 'sent', 'new'), entry(2, 'request.reviewed', 'cancelled', 'cancelled')] });
    expect(shape(rejected)).toBe('placed:done@01 reviewed:done@02 cancelled:current@02');
    const unfilled = routed({ borrowerState: 'unfilled', lenderState: 'cannot_supply', history: [...routed().history, entry(4, 'request.cannot_supply', 'unfilled', 'cannot_supply', 'NUK')] });
    expect(shape(unfilled)).toBe('placed:done@01 reviewed:done@02 sent_to_lender:done@03 unfilled:current@04');
  });

  it('an item-level request (no review) has no review step; an expired hold skips the loan', () => {
    const item = request({ work: null, review: null, lenderLibraryId: 'KMU', history: [entry(1, 'request.created', 'sent', 'new')] });
    expect(shape(item)).toBe('placed:done@01 sent_to_lender:current@01 shipped:upcoming arrived:upcoming on_hold_shelf:upcoming checked_out:upcoming returned:upcoming complete:upcoming');
    const h = [entry(1, 'request.created', 'sent', 'new'), entry(4, 'parcel.dispatched', 'shipped', 'shipped', 'KMU'), entry(5, 'item.received', 'on_hold_shelf', 'shipped'), entry(6, 'hold.expired', 'awaiting_return_shipping', 'shipped')];
    expect(shape(request({ work: null, review: null, lenderLibraryId: 'KMU', history: h, borrowerState: 'awaiting_return_shipping' }), { state: 'expired' }))
      .toBe('placed:done@01 sent_to_lender:done@01 shipped:done@04 arrived:done@05 on_hold_shelf:current@05 complete:upcoming');
  });
});

describe('canCancel', () => {
  it('until the item is packed; never once closed', () => {
    expect(canCancel(request())).toBe(true);
    expect(canCancel(routed({ lenderState: 'pull_slip_printed', borrowerState: 'expect_to_supply' }))).toBe(true);
    expect(canCancel(routed({ lenderState: 'awaiting_shipping', borrowerState: 'expect_to_supply' }))).toBe(false);
    expect(canCancel(routed({ lenderState: 'shipped', borrowerState: 'shipped' }))).toBe(false);
    expect(canCancel(request({ borrowerState: 'cancelled', lenderState: 'cancelled' }))).toBe(false);
    expect(canCancel(routed({ borrowerState: 'unfilled', lenderState: 'cannot_supply' }))).toBe(false);
  });
});
