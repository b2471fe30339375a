// Issue 14: two desks of one library pack into the same open parcel to a
// library; one seals it. Whatever order their events reach the reducer in —
// the service's arrival order, or a desk replaying its pending events over
// what it has pulled — no scan is refused: a scan into the sealed parcel goes
// into its open successor, the same one for every desk and for the service.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import type { DomainEvent } from '#shared/domain/events';
import type { MemoryStore } from '#shared/domain/store';
import { applyWrites, BORROWER, ev, item, LENDER, step, THIRD, world } from '../fixtures';

const BARCODES = ['31234000000101', '31234000000102', '31234000000103', '31234000000104', '31234000000105', '31234000000106'];

/** Six requests lent by NPTU to NKUST, pull slips printed: six items on the packing table. */
function table(): MemoryStore {
  const s = world();
  BARCODES.forEach((b, i) => step(s, 'request.created', { requestId: `r-${i + 1}`, patronId: 'p-1', lenderLibraryId: LENDER, item: item(b), neededBy: null, note: '' }, BORROWER));
  step(s, 'request.pull_slip_printed', { requestIds: BARCODES.map((_, i) => `r-${i + 1}`) }, LENDER);
  return s;
}

const packInto = (parcelId: string, n: number): DomainEvent => ev('item.packed', { parcelId, toLibraryId: BORROWER, requestId: `r-${n}`, itemBarcode: BARCODES[n - 1]! }, LENDER) as DomainEvent;
const seal = (parcelId: string): DomainEvent => ev('parcel.sealed', { parcelId }, LENDER) as DomainEvent;

/** Every merge of two desks' event lists that keeps each desk's own order. */
function interleavings<T>(a: readonly T[], b: readonly T[]): T[][] {
  if (a.length === 0) return [[...b]];
  if (b.length === 0) return [[...a]];
  return [
    ...interleavings(a.slice(1), b).map((rest) => [a[0]!, ...rest]),
    ...interleavings(a, b.slice(1)).map((rest) => [b[0]!, ...rest]),
  ];
}

function run(order: readonly DomainEvent[]): { store: MemoryStore; refusals: string[]; redirected: number } {
  const store = table();
  const refusals: string[] = [];
  let redirected = 0;
  for (const e of order) {
    const res = reduce(store, e);
    if (!res.ok) {
      refusals.push(`${e.type} ${JSON.stringify(e.payload)}: ${res.reason}`);
      continue;
    }
    if (res.outcome.kind === 'packed' && res.outcome.redirectedFrom) redirected++;
    applyWrites(store, res.writes);
  }
  return { store, refusals, redirected };
}

/** Where each item ended up: every barcode in exactly one parcel, and its request points there. */
function placement(store: MemoryStore): Map<string, string> {
  const where = new Map<string, string>();
  for (const parcel of store.all('parcels')) {
    for (const i of parcel.items) {
      expect(where.has(i.barcode), `${i.barcode} in two parcels`).toBe(false);
      where.set(i.barcode, parcel.id);
      expect(store.get('requests', i.requestId)!.parcelId).toBe(parcel.id);
    }
  }
  return where;
}

describe('two desks of one library packing to the same library while one seals', () => {
  // Desk A packs three items into par-1; desk B packs two into par-1 and then seals it.
  const deskA = [packInto('par-1', 1), packInto('par-1', 2), packInto('par-1', 3)];
  const deskB = [packInto('par-1', 4), packInto('par-1', 5), seal('par-1')];
  const orders = interleavings(deskA, deskB);

  it(`no scan becomes an exception in any of the ${orders.length} orders`, () => {
    expect(orders).toHaveLength(20);
    for (const order of orders) {
      const { store, refusals, redirected } = run(order);
      expect(refusals).toEqual([]);
      const where = placement(store);
      expect(where.size).toBe(5);
      // What was in par-1 when it was sealed stays there; A's later scans are in its successor, still open.
      const sealedAt = order.indexOf(deskB[2]!);
      const late = deskA.filter((e) => order.indexOf(e) > sealedAt).map((e) => (e.payload as { itemBarcode: string }).itemBarcode);
      for (const b of late) expect(where.get(b)).toBe('par-1:2');
      expect(redirected).toBe(late.length);
      expect(store.get('parcels', 'par-1')!.state).toBe('sealed');
      if (late.length > 0) expect(store.get('parcels', 'par-1:2')).toMatchObject({ state: 'open', fromLibraryId: LENDER, toLibraryId: BORROWER, items: late.map((barcode) => expect.objectContaining({ barcode })) });
    }
  });

  it('a second seal moves later scans on to the next successor; every desk derives the same parcels', () => {
    const a = [packInto('par-1', 1), packInto('par-1', 2), packInto('par-1', 3), packInto('par-1', 6)];
    const b = [packInto('par-1', 4), seal('par-1'), seal('par-1:2')];
    for (const order of interleavings(a, b)) {
      // B's seal of par-1:2 may come before any scan reached it (then it is refused as unknown): only scans must never be.
      const store = table();
      const refusals: string[] = [];
      for (const e of order) {
        const res = reduce(store, e);
        if (res.ok) applyWrites(store, res.writes);
        else refusals.push(`${e.type}:${res.reason}`);
      }
      expect(refusals.filter((r) => r.startsWith('item.packed'))).toEqual([]);
      const where = placement(store);
      expect(where.size).toBe(5);
      for (const id of where.values()) expect(['par-1', 'par-1:2', 'par-1:3']).toContain(id);
    }
  });

  it('the successor is used only on the same route, and another library\'s parcel is never one', () => {
    const s = table();
    step(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODES[0]! }, LENDER);
    step(s, 'parcel.sealed', { parcelId: 'par-1' }, LENDER);
    // Someone else's parcel already carries the successor's id: the scan skips it for the next one.
    s.put({ collection: 'parcels', doc: { ...s.get('parcels', 'par-1')!, id: 'par-1:2', fromLibraryId: THIRD, state: 'open', items: [], sealedAt: null } });
    expect(step(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-2', itemBarcode: BARCODES[1]! }, LENDER).outcome)
      .toMatchObject({ kind: 'packed', parcelId: 'par-1:3', redirectedFrom: 'par-1', count: 1 });
  });
});
