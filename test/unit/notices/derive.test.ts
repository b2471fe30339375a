// Which state changes become which notices (derive.ts) and which dates the
// sweep reminds on (sweep.ts), without a database.
import { describe, expect, it } from 'vitest';
import { noticesOf, type AppliedEvent, type DeriveContext } from '#server/notices/derive';
import { sweepDrafts } from '#server/notices/sweep';
import { DEFAULT_POLICY } from '#shared/domain/policy';
import type { RequestRecord } from '#shared/domain/requests/records';
import type { HoldRecord, LoanRecord } from '#shared/domain/circulation/records';

const at = '2026-12-01T02:00:00.000Z';
const entry = (eventId: string, type: string, borrowerState: RequestRecord['borrowerState']) => ({ at, type, eventId, deviceId: 'dev-1', libraryId: 'NKUST', borrowerState, lenderState: 'new' as const });

function request(history: RequestRecord['history'], extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'req-1', borrowerLibraryId: 'NKUST', lenderLibraryId: 'NPTU', patronId: 'p-1',
    item: { barcode: 'B1', title: '臺灣史', author: '', callNumber: '', location: '', parts: 1 },
    work: null, review: null, rota: [], rotaIndex: -1, askedAt: null, neededBy: null, note: '',
    borrowerState: history[history.length - 1]?.borrowerState ?? 'sent', lenderState: 'new', pullSlipPrintedAt: null, parcelId: null, holdId: null, loanId: null,
    checkedInOn: null, dueDate: null, reason: '', history, createdAt: at, updatedAt: at, ...extra,
  };
}

const hold: HoldRecord = { id: 'hold-1', requestId: 'req-1', patronId: 'p-1', libraryId: 'NKUST', ownerLibraryId: 'NPTU', itemBarcode: 'B1', title: '臺灣史', parts: 1, shelfSpot: 'H-345', shelvedOn: '2026-12-01', pickupBy: '2026-12-08', state: 'waiting', updatedAt: at };
const loan: LoanRecord = { id: 'loan-1', requestId: 'req-1', itemBarcode: 'B1', title: '臺灣史', patronId: 'p-1', libraryId: 'NKUST', ownerLibraryId: 'NPTU', startedAt: at, dueDate: '2026-12-29', renewals: 0, state: 'active', returnedAt: null, fineAmount: 0, updatedAt: at };

function ctx(req: RequestRecord | undefined, extra: { hold?: HoldRecord; loan?: LoanRecord } = {}): DeriveContext {
  return {
    request: (id) => (req?.id === id ? req : undefined),
    hold: (id) => (extra.hold?.id === id ? extra.hold : undefined),
    loan: (id) => (extra.loan?.id === id ? extra.loan : undefined),
    libraryName: (id) => `${id} 圖書館`,
    policy: () => DEFAULT_POLICY,
  };
}

const ev = (id: string, type: string, payload: Record<string, unknown>): AppliedEvent => ({ id, type, at, libraryId: 'NKUST', payload });

describe('notices from state changes', () => {
  it('request received, keyed by the request and the event', () => {
    const req = request([entry('e1', 'request.created', 'sent')]);
    const [d, ...rest] = noticesOf(ev('e1', 'request.created', { requestId: 'req-1' }), 10, ctx(req));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ kind: 'request_received', dedupeKey: 'request_received:req:req-1:e1', patronId: 'p-1', libraryId: 'NKUST', requestId: 'req-1', sourceSeq: 10 });
    expect(d!.vars).toMatchObject({ title: '臺灣史', library: 'NKUST 圖書館', loanDays: 28, finePerDay: 5 });
  });

  it('cannot_fill only on the step that made the request unfilled, with the event\'s reason', () => {
    const req = request([entry('e1', 'request.created', 'sent'), entry('e2', 'request.cannot_supply', 'unfilled'), entry('e3', 'request.cannot_supply', 'unfilled')], { reason: 'later words' });
    expect(noticesOf(ev('e2', 'request.cannot_supply', { requestId: 'req-1', reason: '館藏遺失' }), 11, ctx(req))).toMatchObject([{ kind: 'cannot_fill', vars: { reason: '館藏遺失' } }]);
    // Already unfilled before e3: nothing new to tell.
    expect(noticesOf(ev('e3', 'request.cannot_supply', { requestId: 'req-1', reason: 'again' }), 12, ctx(req))).toEqual([]);
    // A lender that cannot supply while the rota moves on (still 'sent'): nothing.
    const moving = request([entry('e1', 'request.created', 'sent'), entry('e4', 'request.lender_timed_out', 'sent')]);
    expect(noticesOf(ev('e4', 'request.lender_timed_out', { requestId: 'req-1' }), 13, ctx(moving))).toEqual([]);
  });

  it('a review rejection is a cannot_fill; an approval is not', () => {
    const rejected = request([entry('e1', 'request.placed', 'sent'), entry('e2', 'request.reviewed', 'cancelled')]);
    expect(noticesOf(ev('e2', 'request.reviewed', { requestId: 'req-1', decision: 'reject', reason: '超過申請冊數' }), 5, ctx(rejected))).toMatchObject([{ kind: 'cannot_fill', vars: { reason: '超過申請冊數' } }]);
    const approved = request([entry('e1', 'request.placed', 'sent'), entry('e2', 'request.reviewed', 'sent')]);
    expect(noticesOf(ev('e2', 'request.reviewed', { requestId: 'req-1', decision: 'approve', reason: '' }), 5, ctx(approved))).toEqual([]);
  });

  it('ready_for_pickup only for the receiving scan that shelved the hold', () => {
    const req = request([entry('e1', 'request.created', 'sent'), entry('e5', 'item.received', 'on_hold_shelf')], { dueDate: '2026-12-29' });
    expect(noticesOf(ev('e5', 'item.received', { holdId: 'hold-1' }), 20, ctx(req, { hold }))).toMatchObject([{
      kind: 'ready_for_pickup', dedupeKey: 'ready_for_pickup:hold:hold-1:e5', holdId: 'hold-1', vars: { shelfSpot: 'H-345', pickupBy: '2026-12-08', dueOn: '2026-12-29', loanDays: 28 },
    }]);
    // The return leg's scan at the lender names an unused hold id: no hold, no notice.
    expect(noticesOf(ev('e9', 'item.received', { holdId: 'unused-1' }), 21, ctx(req, { hold }))).toEqual([]);
  });

  it('returned for relay loans only, with the fine', () => {
    const returned = { ...loan, state: 'returned' as const, returnedAt: '2026-12-30T03:00:00.000Z', fineAmount: 5 };
    expect(noticesOf(ev('e7', 'loan.ended', { loanId: 'loan-1', fineId: 'f1' }), 30, ctx(undefined, { loan: returned }))).toMatchObject([{
      kind: 'returned', loanId: 'loan-1', vars: { fineAmount: 5, returnedOn: '2026-12-30', dueOn: '2026-12-29' },
    }]);
    expect(noticesOf(ev('e7', 'loan.ended', { loanId: 'loan-1', fineId: 'f1' }), 30, ctx(undefined, { loan: { ...returned, requestId: null } }))).toEqual([]);
  });

  it('ignores events it has nothing to say about, and records it cannot find', () => {
    expect(noticesOf(ev('e1', 'parcel.sealed', { parcelId: 'x' }), 1, ctx(undefined))).toEqual([]);
    expect(noticesOf(ev('e1', 'request.created', { requestId: 'missing' }), 1, ctx(undefined))).toEqual([]);
  });
});

describe('the sweep\'s dates (Taiwan, UTC+8)', () => {
  const dir = { libraryName: (id: string) => id, policy: () => DEFAULT_POLICY };
  const s = { pickupReminderDays: 2, dueSoonDays: 3, overdueCatchUpDays: 7 };
  const kindsOn = (instant: string) => sweepDrafts([hold], [loan], Date.parse(instant), dir, s).map((d) => d.dedupeKey);

  it('reminds from two days before pickup-by through the day itself, by the local date', () => {
    expect(kindsOn('2026-12-05T15:59:00Z')).toEqual([]); // 23:59 on the 5th in Taipei
    expect(kindsOn('2026-12-05T16:00:00Z')).toEqual(['pickup_reminder:hold:hold-1:2026-12-08']); // 00:00 on the 6th
    expect(kindsOn('2026-12-08T15:00:00Z')).toEqual(['pickup_reminder:hold:hold-1:2026-12-08']);
    expect(kindsOn('2026-12-08T16:00:00Z')).toEqual([]);
  });

  it('due soon from three days before, overdue from the day after, for a week at most', () => {
    expect(kindsOn('2026-12-25T04:00:00Z')).toEqual([]);
    expect(kindsOn('2026-12-26T04:00:00Z')).toEqual(['due_soon:loan:loan-1:2026-12-29']);
    expect(kindsOn('2026-12-29T04:00:00Z')).toEqual(['due_soon:loan:loan-1:2026-12-29']);
    expect(kindsOn('2026-12-30T04:00:00Z')).toEqual(['overdue:loan:loan-1:2026-12-29']);
    expect(kindsOn('2027-01-06T04:00:00Z')).toEqual(['overdue:loan:loan-1:2026-12-29']);
    expect(kindsOn('2027-01-07T04:00:00Z')).toEqual([]);
  });

  it('a renewal\'s new due date is a new due_soon; held and returned items get none', () => {
    const renewed = { ...loan, dueDate: '2027-01-12' };
    expect(sweepDrafts([], [renewed], Date.parse('2027-01-10T04:00:00Z'), dir, s).map((d) => d.dedupeKey)).toEqual(['due_soon:loan:loan-1:2027-01-12']);
    expect(sweepDrafts([{ ...hold, state: 'picked_up' }], [{ ...loan, state: 'returned' }], Date.parse('2026-12-07T04:00:00Z'), dir, s)).toEqual([]);
  });
});
