// Packing, sealing, dispatching, receiving (with routing) and closing parcels.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import type { MemoryStore } from '#shared/domain/store';
import {
  atLocal, BARCODE, BORROWER, checkedOut, created, ev, freezeAll, LENDER, MON, onHoldShelf, refused, shipped, snapshot, step, THIRD, world,
} from '../fixtures';

const B2 = '31234000000025';
const B3 = '31234000000033';

const pack = (s: MemoryStore, requestId: string, itemBarcode: string, parcelId = 'par-1', to = BORROWER, lib = LENDER) =>
  step(s, 'item.packed', { parcelId, toLibraryId: to, requestId, itemBarcode }, lib);

/** Back at the borrower's desk after the patron returned it: awaiting_return_shipping. */
function returned(): MemoryStore {
  const s = checkedOut();
  step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-03-20'));
  return s;
}

/** …packed into par-2 for the lender, sealed and dispatched: shipped_back / return_in_transit. */
function shippedBack(): MemoryStore {
  const s = returned();
  pack(s, 'r-1', BARCODE, 'par-2', LENDER, BORROWER);
  step(s, 'parcel.sealed', { parcelId: 'par-2' }, BORROWER);
  step(s, 'parcel.dispatched', { parcelId: 'par-2', courier: 'HCT', trackingNumber: 'HCT-2' }, BORROWER);
  return s;
}

const state = (s: MemoryStore, id = 'r-1') => {
  const r = s.get('requests', id)!;
  return `${r.borrowerState}/${r.lenderState}`;
};

describe('item.packed', () => {
  it('opens a parcel, adds the item and moves the lender to awaiting_shipping', () => {
    const s = freezeAll(created());
    const { writes, outcome } = pack(s, 'r-1', BARCODE);
    expect(outcome).toEqual({ kind: 'packed', parcelId: 'par-1', toLibraryId: BORROWER, itemKind: 'outbound', count: 1 });
    expect(writes.map((w) => w.collection)).toEqual(['parcels', 'requests']);
    expect(s.get('parcels', 'par-1')).toMatchObject({ fromLibraryId: LENDER, toLibraryId: BORROWER, state: 'open', missing: [], extras: [] });
    expect(s.get('parcels', 'par-1')!.items).toEqual([
      { barcode: BARCODE, requestId: 'r-1', kind: 'outbound', title: `Title ${BARCODE}`, packedAt: atLocal(MON), receivedAt: null },
    ]);
    expect(s.get('requests', 'r-1')).toMatchObject({ lenderState: 'awaiting_shipping', borrowerState: 'sent', parcelId: 'par-1' });
  });

  it('scan-to-confirm: a different barcode is refused and changes nothing', () => {
    const s = created();
    const before = snapshot(s);
    expect(refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: '39999999999999' }, LENDER, 'ITEM_MISMATCH'))
      .toEqual({ scanned: '39999999999999', expected: BARCODE });
    expect(snapshot(s)).toBe(before);
    expect(s.get('parcels', 'par-1')).toBeUndefined();
  });

  it('groups parcels by destination', () => {
    const s = created();
    created(s, 'r-3', B3);
    // r-2: p-9 at NUK borrows from the same lender.
    step(s, 'request.created', { requestId: 'r-2', patronId: 'p-9', lenderLibraryId: LENDER, item: { ...s.get('requests', 'r-1')!.item, barcode: B2 }, neededBy: null, note: '' }, THIRD);
    pack(s, 'r-1', BARCODE);
    expect(pack(s, 'r-3', B3).outcome).toMatchObject({ kind: 'packed', parcelId: 'par-1', count: 2 });
    expect(refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-2', itemBarcode: B2 }, LENDER, 'PARCEL_WRONG_DESTINATION'))
      .toEqual({ expected: THIRD, actual: BORROWER });
    expect(refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: THIRD, requestId: 'r-2', itemBarcode: B2 }, LENDER, 'PARCEL_WRONG_DESTINATION'))
      .toEqual({ expected: THIRD, actual: BORROWER });
    expect(pack(s, 'r-2', B2, 'par-3', THIRD).outcome).toMatchObject({ kind: 'packed', parcelId: 'par-3', toLibraryId: THIRD, count: 1 });
    expect(s.get('parcels', 'par-1')!.items.map((i) => i.barcode)).toEqual([BARCODE, B3]);
  });

  it('refuses an item already packed in another open parcel', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    expect(refused(s, 'item.packed', { parcelId: 'par-2', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODE }, LENDER, 'ITEM_ALREADY_PACKED'))
      .toEqual({ itemBarcode: BARCODE, parcelId: 'par-1' });
  });

  it('refuses a second scan of the same item into the same parcel as ITEM_ALREADY_PACKED (return leg)', () => {
    const s = returned();
    pack(s, 'r-1', BARCODE, 'par-2', LENDER, BORROWER);
    expect(refused(s, 'item.packed', { parcelId: 'par-2', toLibraryId: LENDER, requestId: 'r-1', itemBarcode: BARCODE }, BORROWER, 'ITEM_ALREADY_PACKED'))
      .toEqual({ itemBarcode: BARCODE, parcelId: 'par-2' });
  });

  // BUG candidate: on the outbound leg the same double scan is reported as INVALID_TRANSITION {state:'awaiting_shipping'}.
  it('refuses a second scan of the same item into the same parcel as ITEM_ALREADY_PACKED (outbound leg)', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    expect(refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODE }, LENDER, 'ITEM_ALREADY_PACKED'))
      .toEqual({ itemBarcode: BARCODE, parcelId: 'par-1' });
  });

  // Issue 14: a scan into a parcel another desk has sealed goes to the next open parcel to that library, not to an exception.
  it('packs a scan into a sealed parcel into its open successor; refuses someone else\'s parcel or an unknown request', () => {
    const s = created();
    created(s, 'r-3', B3);
    pack(s, 'r-1', BARCODE);
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    expect(pack(s, 'r-3', B3).outcome).toEqual({ kind: 'packed', parcelId: 'par-1:2', toLibraryId: BORROWER, itemKind: 'outbound', count: 1, redirectedFrom: 'par-1' });
    expect(s.get('requests', 'r-3')!.parcelId).toBe('par-1:2');
    expect(s.get('parcels', 'par-1')!.items.map((i) => i.barcode)).toEqual([BARCODE]);
    expect(s.get('parcels', 'par-1:2')).toMatchObject({ state: 'open', fromLibraryId: LENDER, toLibraryId: BORROWER });
    refused(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'nope', itemBarcode: B3 }, LENDER, 'UNKNOWN_REQUEST');

    const t = returned();
    expect(refused(t, 'item.packed', { parcelId: 'par-1', toLibraryId: LENDER, requestId: 'r-1', itemBarcode: BARCODE }, BORROWER, 'PARCEL_NOT_YOURS')).toEqual({ parcelId: 'par-1' });
  });

  it('refuses packing by a library with no leg to ship (INVALID_TRANSITION)', () => {
    const s = onHoldShelf();
    expect(refused(s, 'item.packed', { parcelId: 'par-9', toLibraryId: LENDER, requestId: 'r-1', itemBarcode: BARCODE }, BORROWER, 'INVALID_TRANSITION'))
      .toEqual({ state: 'on_hold_shelf' });
  });
});

describe('item.unpacked', () => {
  it('takes the item out and puts the request back to pull_slip_printed', () => {
    const s = created();
    step(s, 'request.pull_slip_printed', { requestIds: ['r-1'] }, LENDER);
    pack(s, 'r-1', BARCODE);
    freezeAll(s);
    step(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: BARCODE }, LENDER);
    expect(s.get('parcels', 'par-1')!.items).toEqual([]);
    expect(s.get('requests', 'r-1')).toMatchObject({ lenderState: 'pull_slip_printed', parcelId: null });
    // …and it can be packed again.
    pack(s, 'r-1', BARCODE, 'par-2');
  });

  // BUG candidate: unpacking always sets 'pull_slip_printed', even when no slip was ever printed.
  it('an item packed straight from "new" goes back to "new" (no slip was printed)', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    step(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: BARCODE }, LENDER);
    const r = s.get('requests', 'r-1')!;
    expect({ lenderState: r.lenderState, pullSlipPrintedAt: r.pullSlipPrintedAt }).toEqual({ lenderState: 'new', pullSlipPrintedAt: null });
  });

  it('refuses an item not in the parcel, an unknown parcel, and a sealed parcel', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    expect(refused(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: B2 }, LENDER, 'ITEM_NOT_IN_PARCEL')).toEqual({ itemBarcode: B2, parcelId: 'par-1' });
    refused(s, 'item.unpacked', { parcelId: 'par-x', itemBarcode: BARCODE }, LENDER, 'UNKNOWN_PARCEL');
    refused(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: BARCODE }, BORROWER, 'PARCEL_NOT_YOURS');
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    refused(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: BARCODE }, LENDER, 'PARCEL_STATE');
  });
});

describe('parcel.sealed and parcel.dispatched', () => {
  it('seals a packed parcel once; an empty parcel is refused', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    step(s, 'item.unpacked', { parcelId: 'par-1', itemBarcode: BARCODE }, LENDER);
    refused(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER, 'PARCEL_EMPTY');
    pack(s, 'r-1', BARCODE);
    freezeAll(s);
    const at = atLocal(MON, '15:00');
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER, at);
    expect(s.get('parcels', 'par-1')).toMatchObject({ state: 'sealed', sealedAt: at });
    expect(refused(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER, 'PARCEL_STATE')).toEqual({ state: 'sealed' });
    refused(s, 'parcel.sealed', { parcelId: 'par-1' }, BORROWER, 'PARCEL_NOT_YOURS');
    refused(s, 'parcel.sealed', { parcelId: 'par-x' }, LENDER, 'UNKNOWN_PARCEL');
  });

  it('dispatches only a sealed parcel; the outbound leg becomes shipped/shipped', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    expect(refused(s, 'parcel.dispatched', { parcelId: 'par-1', courier: 'HCT', trackingNumber: 'T' }, LENDER, 'PARCEL_STATE')).toEqual({ state: 'open' });
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    freezeAll(s);
    step(s, 'parcel.dispatched', { parcelId: 'par-1', courier: '新竹物流', trackingNumber: 'HCT-0001' }, LENDER);
    expect(s.get('parcels', 'par-1')).toMatchObject({ state: 'in_transit', courier: '新竹物流', trackingNumber: 'HCT-0001' });
    expect(state(s)).toBe('shipped/shipped');
    refused(s, 'parcel.dispatched', { parcelId: 'par-1', courier: 'HCT', trackingNumber: 'T' }, LENDER, 'PARCEL_STATE');
  });

  it('the return leg becomes shipped_back/return_in_transit', () => {
    const s = returned();
    expect(state(s)).toBe('awaiting_return_shipping/shipped');
    expect(pack(s, 'r-1', BARCODE, 'par-2', LENDER, BORROWER).outcome).toMatchObject({ itemKind: 'return', toLibraryId: LENDER });
    expect(state(s)).toBe('awaiting_return_shipping/shipped');
    step(s, 'parcel.sealed', { parcelId: 'par-2' }, BORROWER);
    step(s, 'parcel.dispatched', { parcelId: 'par-2', courier: 'HCT', trackingNumber: 'HCT-2' }, BORROWER);
    expect(state(s)).toBe('shipped_back/return_in_transit');
  });
});

describe('item.received routing', () => {
  it('at the borrower: hold shelf, pickup-by, shelf spot from the card, due date from check-in', () => {
    const s = freezeAll(shipped());
    const at = atLocal(MON, '11:00');
    const { outcome } = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, at);
    expect(outcome).toEqual({
      kind: 'hold_shelf', holdId: 'h-1', patronId: 'p-1', shelfSpot: 'H-345', pickupBy: '2025-03-10', dueDate: '2025-03-31',
      title: `Title ${BARCODE}`, parts: 1, requestId: 'r-1',
    });
    expect(s.get('holds', 'h-1')).toEqual({
      id: 'h-1', requestId: 'r-1', patronId: 'p-1', libraryId: BORROWER, ownerLibraryId: LENDER, itemBarcode: BARCODE, title: `Title ${BARCODE}`, parts: 1,
      shelfSpot: 'H-345', shelvedOn: MON, pickupBy: '2025-03-10', state: 'waiting', updatedAt: at,
    });
    expect(s.get('requests', 'r-1')).toMatchObject({
      borrowerState: 'on_hold_shelf', lenderState: 'shipped', holdId: 'h-1', checkedInOn: MON, dueDate: '2025-03-31', parcelId: null,
    });
    expect(s.get('parcels', 'par-1')!.items[0]!.receivedAt).toBe(at);
  });

  it('moves the due date and pickup-by past closed days of the borrowing library', () => {
    const s = shipped(created(world({ policy: { closedDates: ['2025-04-08', '2025-03-18'] } })));
    const { outcome } = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, atLocal('2025-03-11'));
    // 03-11 + 7 = 03-18 (closed) → 03-19; 03-11 + 28 = 04-08 (closed) → 04-09.
    expect(outcome).toMatchObject({ kind: 'hold_shelf', pickupBy: '2025-03-19', dueDate: '2025-04-09' });
    expect(s.get('requests', 'r-1')!.dueDate).toBe('2025-04-09');
  });

  it('uses the local date: 23:30 local on Sunday 03-09 counts as 03-09', () => {
    const s = shipped();
    const { outcome } = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, '2025-03-09T15:30:00.000Z');
    // 03-09 + 7 = 03-16 (Sunday) → 03-17; 03-09 + 28 = 04-06 (Sunday) → 04-07.
    expect(outcome).toMatchObject({ pickupBy: '2025-03-17', dueDate: '2025-04-07' });
    expect(s.get('holds', 'h-1')!.shelvedOn).toBe('2025-03-09');
  });

  it('at the lender on the way back: home, complete/complete', () => {
    const s = freezeAll(shippedBack());
    const { outcome } = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-2', ownerLibraryId: LENDER, holdId: 'unused-1' }, LENDER, atLocal('2025-03-24'));
    expect(outcome).toEqual({ kind: 'home', requestId: 'r-1', title: `Title ${BARCODE}`, callNumber: '001.1 A12', location: 'Stacks' });
    expect(state(s)).toBe('complete/complete');
    expect(s.get('holds', 'unused-1')).toBeUndefined();
    expect(s.openRequestsForItem(BARCODE)).toEqual([]);
  });

  // Issue 14: a library that is no party learns of the request only if the item reached it in a parcel a party sent it.
  it('at a third library: forward to the borrower (outbound) or to the lender (return) when it came in a parcel from a party', () => {
    const misSent = (s: MemoryStore, id: string, from: string) => s.put({ collection: 'parcels', doc: {
      id, fromLibraryId: from, toLibraryId: THIRD, state: 'in_transit', courier: 'HCT', trackingNumber: id, items: [], missing: [], extras: [],
      openedAt: MON, sealedAt: MON, dispatchedAt: MON, closedAt: null, updatedAt: MON,
    } });
    const s = shipped();
    misSent(s, 'par-t', LENDER);
    const res = reduce(s, ev('item.received', { itemBarcode: BARCODE, parcelId: 'par-t', ownerLibraryId: null, holdId: 'h-x' }, THIRD));
    expect(res.ok && res.outcome).toEqual({ kind: 'forward', requestId: 'r-1', toLibraryId: BORROWER, title: `Title ${BARCODE}` });
    // Recorded: an extra in the parcel, and on the request that the third library now holds the item.
    expect(res.ok && res.writes.map((w) => w.collection)).toEqual(['parcels', 'requests']);

    const t = shippedBack();
    misSent(t, 'par-u', BORROWER);
    expect(step(t, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-u', ownerLibraryId: null, holdId: 'h-x' }, THIRD).outcome)
      .toMatchObject({ kind: 'forward', toLibraryId: LENDER });
    // The third library can send it on in a forward parcel.
    expect(pack(t, 'r-1', BARCODE, 'par-f', LENDER, THIRD).outcome).toMatchObject({ itemKind: 'forward', toLibraryId: LENDER });
  });

  // BUG candidate: the re-scan answers { kind: 'recorded' } instead of the hold-shelf routing.
  it('a duplicate scan at the borrower is a no-op with the same routing (hold shelf for the same patron)', () => {
    const s = shipped();
    const first = step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER).outcome;
    const before = snapshot(s);
    const res = reduce(s, ev('item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-2' }, BORROWER, atLocal(MON, '11:05')));
    expect(res.ok && res.writes).toEqual([]);
    expect(snapshot(s)).toBe(before);
    expect(s.get('holds', 'h-2')).toBeUndefined();
    expect(res.ok && res.outcome).toEqual(first);
  });

  // BUG: the re-scan of a completed request answers "forward to NKUST" (the borrower).
  it('a duplicate scan at the lender is a no-op with the same routing (home, not onward)', () => {
    const s = shippedBack();
    const payload = { itemBarcode: BARCODE, parcelId: 'par-2', ownerLibraryId: LENDER, holdId: 'unused-1' };
    const first = step(s, 'item.received', payload, LENDER).outcome;
    expect(first.kind).toBe('home');
    const before = snapshot(s);
    const res = reduce(s, ev('item.received', payload, LENDER, atLocal('2025-03-24', '11:00')));
    expect(res.ok && res.writes).toEqual([]);
    expect(snapshot(s)).toBe(before);
    expect(res.ok && res.outcome).toEqual(first);
  });

  it('records an item that is not in the manifest as an extra, and still routes it', () => {
    const s = created();
    created(s, 'r-2', B2);
    shipped(s);
    const { outcome } = step(s, 'item.received', { itemBarcode: B2, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-2' }, BORROWER);
    expect(outcome).toMatchObject({ kind: 'hold_shelf', requestId: 'r-2', holdId: 'h-2' });
    expect(s.get('parcels', 'par-1')).toMatchObject({ extras: [B2] });
    expect(s.get('parcels', 'par-1')!.items.map((i) => i.barcode)).toEqual([BARCODE]);
  });

  it('refuses an item with no open request, a parcel addressed elsewhere, and a reused hold id', () => {
    const s = shipped();
    expect(refused(s, 'item.received', { itemBarcode: '39999999999999', parcelId: null, ownerLibraryId: null, holdId: 'h-1' }, BORROWER, 'ITEM_NOT_EXPECTED'))
      .toEqual({ itemBarcode: '39999999999999' });
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, THIRD, 'UNKNOWN_PARCEL');
    refused(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-x', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, 'UNKNOWN_PARCEL');
    s.put({ collection: 'holds', doc: { id: 'h-1', requestId: 'r-0', patronId: 'p-2', libraryId: BORROWER, ownerLibraryId: LENDER, itemBarcode: 'x', title: 'x', parts: 1, shelfSpot: 'H-777', shelvedOn: MON, pickupBy: MON, state: 'waiting', updatedAt: MON } });
    const before = snapshot(s);
    expect(refused(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, 'DUPLICATE_ID')).toEqual({ id: 'h-1' });
    expect(snapshot(s)).toBe(before);
  });

  it('AMBIGUOUS_ITEM when two lenders have the same barcode and nothing narrows it; the owner tag or the parcel does', () => {
    const s = created();
    created(s, 'r-2', BARCODE, THIRD);
    shipped(s);
    expect(s.openRequestsForItem(BARCODE)).toHaveLength(2);
    expect(refused(s, 'item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: null, holdId: 'h-1' }, BORROWER, 'AMBIGUOUS_ITEM'))
      .toEqual({ itemBarcode: BARCODE });
    expect(step(s, 'item.received', { itemBarcode: BARCODE, parcelId: null, ownerLibraryId: THIRD, holdId: 'h-2' }, BORROWER).outcome)
      .toMatchObject({ kind: 'hold_shelf', requestId: 'r-2' });
    const t = created();
    created(t, 'r-2', BARCODE, THIRD);
    shipped(t);
    expect(step(t, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER).outcome)
      .toMatchObject({ kind: 'hold_shelf', requestId: 'r-1' });
  });

  it('reality wins: an item received from a parcel the sender has not dispatched yet', () => {
    const s = created();
    pack(s, 'r-1', BARCODE);
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    expect(step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER).outcome.kind).toBe('hold_shelf');
    // The late dispatch does not move the request back to shipped.
    step(s, 'parcel.dispatched', { parcelId: 'par-1', courier: 'HCT', trackingNumber: 'T' }, LENDER);
    expect(state(s)).toBe('on_hold_shelf/shipped');
  });
});

describe('parcel.closed', () => {
  it('with missing items: discrepancy, the missing list, and an entry in the request history', () => {
    const s = created();
    created(s, 'r-3', B3);
    step(s, 'request.pull_slip_printed', { requestIds: ['r-1', 'r-3'] }, LENDER);
    pack(s, 'r-1', BARCODE);
    pack(s, 'r-3', B3);
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    step(s, 'parcel.dispatched', { parcelId: 'par-1', courier: 'HCT', trackingNumber: 'T' }, LENDER);
    step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER);
    freezeAll(s);
    const historyBefore = s.get('requests', 'r-3')!.history.length;
    const at = atLocal(MON, '18:00');
    const { outcome } = step(s, 'parcel.closed', { parcelId: 'par-1' }, BORROWER, at);
    expect(outcome).toEqual({ kind: 'parcel_closed', parcelId: 'par-1', missing: [B3], extras: [] });
    expect(s.get('parcels', 'par-1')).toMatchObject({ state: 'discrepancy', missing: [B3], closedAt: at });
    const r3 = s.get('requests', 'r-3')!;
    expect(r3.history).toHaveLength(historyBefore + 1);
    expect(r3.history.at(-1)).toMatchObject({ type: 'parcel.closed', libraryId: BORROWER, borrowerState: 'shipped', lenderState: 'shipped' });
    expect(r3.reason).toContain('par-1');
    expect(refused(s, 'parcel.closed', { parcelId: 'par-1' }, BORROWER, 'PARCEL_STATE')).toEqual({ state: 'discrepancy' });
  });

  it('with everything received: received, nothing missing; only the receiver closes', () => {
    const s = onHoldShelf();
    refused(s, 'parcel.closed', { parcelId: 'par-1' }, LENDER, 'PARCEL_NOT_YOURS');
    refused(s, 'parcel.closed', { parcelId: 'par-x' }, BORROWER, 'UNKNOWN_PARCEL');
    expect(step(s, 'parcel.closed', { parcelId: 'par-1' }, BORROWER).outcome).toMatchObject({ missing: [] });
    expect(s.get('parcels', 'par-1')!.state).toBe('received');
    refused(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-9' }, BORROWER, 'PARCEL_STATE');
  });
});
