// Title requests in the reducer: placing, review (審核), routing, the moves
// along the rota (cannot supply, a late lender) and binding the copy.
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '#shared/domain/events';
import type { RequestRecord } from '#shared/domain/records';
import type { RotaPosition } from '#shared/domain/requests/rota';
import type { MemoryStore } from '#shared/domain/store';
import { atLocal, BORROWER, freezeAll, LENDER, libraryPolicy, MON, refused, snapshot, step, THIRD, world, created, BARCODE } from '../fixtures';

const WORK = { workId: 'w-stats', title: '統計學：觀念與應用', author: '王小明', isbn: '9789573267851', edition: '' };
const place = (over: Partial<EventPayload<'request.placed'>> = {}): EventPayload<'request.placed'> => ({
  requestId: 't-1', patronId: 'p-1', work: WORK, by: 'staff', neededBy: null, note: '', ...over,
});
const position = (libraryId: string, barcodes: Array<string | null> = [`${libraryId}-1`]): RotaPosition => ({
  libraryId, basis: 'available', availableCopies: barcodes.length, load: 0,
  copies: barcodes.map((b) => ({ barcode: b, callNumber: '510 8345', location: 'MAIN', availability: 'available' as const })),
});
const req = (s: MemoryStore, id = 't-1') => s.get('requests', id) as RequestRecord;

/** A staff-placed request routed to LENDER (NPTU), then THIRD (NUK). */
function routed(store = world(), rota = [position(LENDER), position(THIRD)]): MemoryStore {
  step(store, 'request.placed', place(), BORROWER, atLocal(MON, '09:00'));
  step(store, 'request.routed', { requestId: 't-1', rota }, BORROWER, atLocal(MON, '09:01'));
  return store;
}

describe('request.placed and review', () => {
  it('staff place it approved; it has no lender and no copy until routed', () => {
    const s = world();
    step(s, 'request.placed', place(), BORROWER);
    expect(req(s)).toMatchObject({
      lenderLibraryId: '', work: WORK, review: { state: 'approved', placedBy: 'staff', decidedAt: atLocal(MON) }, rota: [], rotaIndex: -1,
      item: { barcode: '', title: WORK.title }, borrowerState: 'sent', lenderState: 'new',
    });
  });

  it('a patron\'s request waits for review unless the library approves automatically', () => {
    const s = world();
    step(s, 'request.placed', place({ by: 'patron' }), BORROWER);
    expect(req(s).review).toMatchObject({ state: 'pending', decidedAt: null });
    const auto = world();
    auto.put({ collection: 'policies', doc: libraryPolicy(BORROWER, { autoApproveRequests: true }) });
    step(auto, 'request.placed', place({ by: 'patron' }), BORROWER);
    expect(req(auto).review?.state).toBe('approved');
  });

  it('refuses a patron of another library, and a patron who may not borrow', () => {
    expect(refused(world(), 'request.placed', place({ patronId: 'p-9' }), BORROWER, 'PATRON_NOT_OF_LIBRARY')).toEqual({ libraryId: BORROWER });
    refused(world(), 'request.placed', place({ patronId: 'nobody' }), BORROWER, 'UNKNOWN_PATRON');
  });

  it('review: reject needs a reason and cancels; approve narrows the edition; only the borrowing library, only once', () => {
    const s = world();
    step(s, 'request.placed', place({ by: 'patron' }), BORROWER, atLocal(MON, '09:00'));
    refused(s, 'request.reviewed', { requestId: 't-1', decision: 'reject', reason: '  ' }, BORROWER, 'REJECT_NEEDS_REASON');
    refused(s, 'request.reviewed', { requestId: 't-1', decision: 'approve', reason: '' }, THIRD, 'UNKNOWN_REQUEST');
    step(s, 'request.reviewed', { requestId: 't-1', decision: 'approve', reason: '', edition: '2019 年版' }, BORROWER, atLocal(MON, '11:30'));
    expect(req(s)).toMatchObject({ review: { state: 'approved', decidedAt: atLocal(MON, '11:30') }, work: { edition: '2019 年版' } });
    expect(req(s).history.map((h) => [h.type, h.at])).toEqual([['request.placed', atLocal(MON, '09:00')], ['request.reviewed', atLocal(MON, '11:30')]]);
    refused(s, 'request.reviewed', { requestId: 't-1', decision: 'reject', reason: 'late' }, BORROWER, 'REVIEW_NOT_PENDING');

    const r = world();
    step(r, 'request.placed', place({ by: 'patron' }), BORROWER);
    step(r, 'request.reviewed', { requestId: 't-1', decision: 'reject', reason: '本館已有館藏' }, BORROWER);
    expect(req(r)).toMatchObject({ borrowerState: 'cancelled', lenderState: 'cancelled', reason: '本館已有館藏', review: { state: 'rejected' } });
  });

  it('an item-level request is not reviewed', () => {
    refused(created(), 'request.reviewed', { requestId: 'r-1', decision: 'approve', reason: '' }, BORROWER, 'NOT_A_TITLE_REQUEST');
  });
});

describe('request.routed and the moves along the rota', () => {
  it('routing asks the first lender; a pending review is not routed; an empty rota is unfilled', () => {
    const s = routed();
    expect(req(s)).toMatchObject({ lenderLibraryId: LENDER, rotaIndex: 0, askedAt: atLocal(MON, '09:01') });
    expect(req(s).rota.map((p) => p.outcome)).toEqual(['asked', 'waiting']);
    refused(s, 'request.routed', { requestId: 't-1', rota: [] }, BORROWER, 'INVALID_TRANSITION');

    const pending = world();
    step(pending, 'request.placed', place({ by: 'patron' }), BORROWER);
    refused(pending, 'request.routed', { requestId: 't-1', rota: [position(LENDER)] }, BORROWER, 'INVALID_TRANSITION');

    const none = world();
    step(none, 'request.placed', place(), BORROWER);
    step(none, 'request.routed', { requestId: 't-1', rota: [position(BORROWER)] }, BORROWER); // the borrower itself is never a lender
    expect(req(none)).toMatchObject({ borrowerState: 'unfilled', reason: 'ROTA_EMPTY', rota: [], lenderLibraryId: '' });
  });

  it('cannot supply moves it to the next lender with history; after the last it is unfilled', () => {
    const s = routed();
    refused(s, 'request.cannot_supply', { requestId: 't-1', reason: 'x' }, THIRD, 'UNKNOWN_REQUEST'); // not asked yet
    step(s, 'request.pull_slip_printed', { requestIds: ['t-1'] }, LENDER);
    step(s, 'request.cannot_supply', { requestId: 't-1', reason: '書況不佳' }, LENDER, atLocal(MON, '14:00'));
    expect(req(s)).toMatchObject({ lenderLibraryId: THIRD, rotaIndex: 1, askedAt: atLocal(MON, '14:00'), lenderState: 'new', borrowerState: 'sent', pullSlipPrintedAt: null });
    expect(req(s).rota.map((p) => [p.outcome, p.note])).toEqual([['cannot_supply', '書況不佳'], ['asked', '']]);
    step(s, 'request.cannot_supply', { requestId: 't-1', reason: '遺失' }, THIRD);
    expect(req(s)).toMatchObject({ borrowerState: 'unfilled', lenderState: 'cannot_supply', reason: 'ROTA_EXHAUSTED', lenderLibraryId: THIRD });
    expect(req(s).history.map((h) => h.type)).toEqual(['request.placed', 'request.routed', 'request.pull_slip_printed', 'request.cannot_supply', 'request.cannot_supply']);
  });

  it('a late lender is skipped only at its own position, only once its open days are up (Sunday closed)', () => {
    const s = freezeAll(routed());
    const late = { requestId: 't-1', position: 0, lenderLibraryId: LENDER };
    // Monday 09:01 → Thursday: Tue, Wed, Thu = 3 open days. Wednesday is only 2.
    expect(refused(s, 'request.lender_timed_out', late, BORROWER, 'LENDER_NOT_LATE', atLocal('2025-03-05'))).toEqual({ days: 2, limit: 3 });
    refused(s, 'request.lender_timed_out', { ...late, position: 1, lenderLibraryId: THIRD }, BORROWER, 'ROTA_MOVED_ON', atLocal('2025-03-10'));
    const before = snapshot(s);
    step(s, 'request.lender_timed_out', late, BORROWER, atLocal('2025-03-06'));
    expect(snapshot(s)).not.toBe(before);
    expect(req(s)).toMatchObject({ lenderLibraryId: THIRD, rotaIndex: 1 });
    expect(req(s).rota[0]!.outcome).toBe('timed_out');
    refused(s, 'request.lender_timed_out', late, BORROWER, 'ROTA_MOVED_ON', atLocal('2025-03-06'));
  });

  it('counts the lender\'s open days: Saturday → Wednesday over a closed Sunday and a closed date is 2', () => {
    const s = world();
    s.put({ collection: 'policies', doc: libraryPolicy(LENDER, { closedDates: ['2025-03-10'] }) });
    step(s, 'request.placed', place(), BORROWER, atLocal('2025-03-08'));
    step(s, 'request.routed', { requestId: 't-1', rota: [position(LENDER), position(THIRD)] }, BORROWER, atLocal('2025-03-08'));
    expect(refused(s, 'request.lender_timed_out', { requestId: 't-1', position: 0, lenderLibraryId: LENDER }, BORROWER, 'LENDER_NOT_LATE', atLocal('2025-03-12'))).toEqual({ days: 2, limit: 3 });
  });

  it('a lender that printed its slip has acted: not skipped', () => {
    const s = routed();
    step(s, 'request.pull_slip_printed', { requestIds: ['t-1'] }, LENDER);
    refused(s, 'request.lender_timed_out', { requestId: 't-1', position: 0, lenderLibraryId: LENDER }, BORROWER, 'ROTA_MOVED_ON', atLocal('2025-03-20'));
  });
});

describe('binding the copy', () => {
  it('packing binds the scanned copy, with its shelf mark from the rota; then only that copy', () => {
    const s = routed();
    step(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 't-1', itemBarcode: `${LENDER}-1` }, LENDER);
    expect(req(s)).toMatchObject({ item: { barcode: `${LENDER}-1`, callNumber: '510 8345', location: 'MAIN' }, lenderState: 'awaiting_shipping', parcelId: 'par-1' });
  });

  it('the pull slip may bind the copy; a later scan of another copy is refused', () => {
    const s = routed(world(), [position(LENDER, [null])]); // this library exports no barcodes
    step(s, 'request.pull_slip_printed', { requestIds: ['t-1'], copies: [{ requestId: 't-1', itemBarcode: '31010000777771' }] }, LENDER);
    expect(req(s).item.barcode).toBe('31010000777771');
    refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 't-1', itemBarcode: '31010000888881' }, LENDER, 'ITEM_MISMATCH');
  });

  it('an item-level request still takes only its own item', () => {
    refused(created(), 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: '39999999999999' }, LENDER, 'ITEM_MISMATCH');
    step(created(), 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODE }, LENDER);
  });
});

