// Issue 17's receiving rules, in the reducer the desk and the service share:
// an item is credited to the parcel addressed here that lists it (another
// parcel on its way, or scanned loose), so that parcel closes without a false
// shortage; a book recorded missing and scanned later is received and the
// shortage cleared on the parcel and on its request; receiptOf tells the desk
// which of these a scan is before it is recorded.
import { describe, expect, it } from 'vitest';
import { receiptOf } from '#shared/domain/parcels/receiving';
import { BARCODE, BORROWER, created, shipped, step, world } from '../fixtures';

const B2 = '31234000000025';

/** r-1 (BARCODE) in par-1 and r-2 (B2) in par-2, both dispatched from the lender to the borrower. */
function twoParcels() {
  const s = shipped(created(world()));
  shipped(created(s, 'r-2', B2), 'r-2', B2, 'par-2');
  return s;
}

describe('crediting a received item to the parcel that lists it', () => {
  it('an item of par-2 scanned while par-1 is open is credited to par-2, not an extra of par-1', () => {
    const s = twoParcels();
    expect(receiptOf(s, B2, 'par-1', null, BORROWER)).toEqual({ elsewhere: { parcelId: 'par-2', fromLibraryId: 'NPTU', wasMissing: false } });
    step(s, 'item.received', { itemBarcode: B2, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-2' }, BORROWER);
    expect(s.get('parcels', 'par-1')!.extras).toEqual([]);
    expect(s.get('parcels', 'par-2')!.items[0]!.receivedAt).not.toBeNull();
    step(s, 'parcel.closed', { parcelId: 'par-2' }, BORROWER);
    expect(s.get('parcels', 'par-2')).toMatchObject({ state: 'received', missing: [] });
  });

  it('a loose scan is credited to its parcel', () => {
    const s = twoParcels();
    step(s, 'item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-1' }, BORROWER);
    expect(s.get('parcels', 'par-1')!.items[0]!.receivedAt).not.toBeNull();
    // Scanned again with its parcel open: a repeat, with when it was received.
    expect(receiptOf(s, BARCODE, 'par-1', null, BORROWER).receivedAt).toBe(s.get('parcels', 'par-1')!.items[0]!.receivedAt);
  });

  it('a late scan of a book recorded missing receives it and clears the shortage on both sides', () => {
    const s = twoParcels();
    step(s, 'parcel.closed', { parcelId: 'par-1' }, BORROWER);
    expect(s.get('parcels', 'par-1')).toMatchObject({ state: 'discrepancy', missing: [BARCODE] });
    expect(s.get('requests', 'r-1')!.reason).toBe('missing from parcel par-1');
    expect(receiptOf(s, BARCODE, null, null, BORROWER).elsewhere).toMatchObject({ parcelId: 'par-1', wasMissing: true });
    const { outcome } = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-1' }, BORROWER);
    expect(outcome).toMatchObject({ kind: 'hold_shelf', holdId: 'h-1' });
    expect(s.get('parcels', 'par-1')).toMatchObject({ state: 'received', missing: [] });
    const req = s.get('requests', 'r-1')!;
    expect(req).toMatchObject({ reason: '', borrowerState: 'on_hold_shelf' });
    expect(req.history.slice(-2).map((h) => h.type)).toEqual(['parcel.closed', 'item.received']);
  });
});
