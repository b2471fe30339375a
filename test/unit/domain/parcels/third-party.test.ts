// Issue 14: a library that takes no part in a request learns nothing about
// it. A staff desk's receive (loose, parcelId null) or pack of another pair's
// item is refused with the answer an unknown barcode or request gets — the
// same code, the same params, none naming a title, request or destination —
// in every state of the request; and no ambiguity is reported for an item
// only another pair handles.
import { describe, expect, it } from 'vitest';
import { reduce, type ReduceResult } from '#shared/domain/reducer';
import type { DomainEvent } from '#shared/domain/events';
import type { MemoryStore } from '#shared/domain/store';
import { BARCODE, BORROWER, checkedOut, created, ev, LENDER, onHoldShelf, shipped, step, THIRD, world } from '../fixtures';

const UNKNOWN_BARCODE = '39999999999999';

const STATES: Array<[string, () => MemoryStore]> = [
  ['new', () => created()],
  ['shipped', () => shipped()],
  ['on the hold shelf', () => onHoldShelf()],
  ['checked out', () => checkedOut()],
  ['awaiting return shipping', () => {
    const s = checkedOut();
    step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, '2025-03-20T02:00:00.000Z');
    return s;
  }],
];

const refusal = (res: ReduceResult) => (res.ok ? { accepted: res.outcome } : { reason: res.reason, params: res.params });

describe('third-party receives and packs', () => {
  it.each(STATES)('a loose receive at a third library (%s) is answered as for an unknown barcode', (_, make) => {
    const s = make();
    const known = refusal(reduce(s, ev('item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-3' }, THIRD) as DomainEvent));
    const unknown = refusal(reduce(s, ev('item.received', { itemBarcode: UNKNOWN_BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-3' }, THIRD) as DomainEvent));
    expect(known).toEqual({ reason: 'ITEM_NOT_EXPECTED', params: { itemBarcode: BARCODE } });
    expect(unknown).toEqual({ reason: 'ITEM_NOT_EXPECTED', params: { itemBarcode: UNKNOWN_BARCODE } });
  });

  it.each(STATES)('a pack of another pair\'s request by a third library (%s) is answered as for an unknown request', (_, make) => {
    const s = make();
    for (const [barcode, to] of [[BARCODE, BORROWER], ['30000000000000', LENDER], [BARCODE, THIRD]] as const) {
      const known = refusal(reduce(s, ev('item.packed', { parcelId: 'par-9', toLibraryId: to, requestId: 'r-1', itemBarcode: barcode }, THIRD) as DomainEvent));
      const unknown = refusal(reduce(s, ev('item.packed', { parcelId: 'par-9', toLibraryId: to, requestId: 'r-404', itemBarcode: barcode }, THIRD) as DomainEvent));
      expect(known).toEqual({ reason: 'UNKNOWN_REQUEST', params: { requestId: 'r-1' } });
      expect(unknown).toEqual({ reason: 'UNKNOWN_REQUEST', params: { requestId: 'r-404' } });
    }
  });

  it('an item only another pair handles does not make a party\'s scan ambiguous', () => {
    const s = world();
    created(s);
    // NUK lends the same barcode to NPTU: NKUST takes no part in that request.
    step(s, 'request.created', { requestId: 'r-2', patronId: 'p-9', lenderLibraryId: LENDER, item: s.get('requests', 'r-1')!.item, neededBy: null, note: '' }, THIRD);
    shipped(s);
    const res = reduce(s, ev('item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-1' }, BORROWER) as DomainEvent);
    expect(res.ok && res.outcome).toMatchObject({ kind: 'hold_shelf', requestId: 'r-1' });
  });
});
