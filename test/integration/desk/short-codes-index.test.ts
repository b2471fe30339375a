// The desk core's short-code index (issue 17) over a real optimistic view:
// codes resolve through the records the desk holds, a code naming two
// records is refused rather than resolved to one, a mistyped check digit is
// refused, records arriving later are found and records gone are not, and an
// item barcode that looks like a code stays an item barcode.
import { describe, expect, it, vi } from 'vitest';
import { OptimisticView } from '#desk-core/optimistic-view';
import { dispatchScan, receiveCode, ShortCodeIndex } from '#desk-core/short-codes';
import type { Workflows } from '#desk-core/workflows';
import { groupShortCode, luhnCheckDigit, shortCodeOf } from '#shared/domain/kit/short-code';
import type { ParcelRecord } from '#shared/domain/records';
import { requestRecord, T0 } from '#test/unit/domain/fixtures';

const parcel = (id: string, over: Partial<ParcelRecord> = {}): ParcelRecord => ({
  id, fromLibraryId: 'NPTU', toLibraryId: 'NKUST', state: 'open', courier: '', trackingNumber: '', items: [], missing: [], extras: [],
  openedAt: T0, sealedAt: null, dispatchedAt: null, closedAt: null, updatedAt: T0, ...over,
});

function viewWith(): OptimisticView {
  const view = new OptimisticView();
  view.putBase('requests', requestRecord({ id: 'R-1' }), false);
  view.putBase('requests', requestRecord({ id: 'R-2', item: { barcode: '31234000000024', title: 'B', author: '', callNumber: '', location: '', parts: 1 } }), false);
  view.putBase('parcels', parcel('P-1'), false);
  view.rebuild();
  return view;
}

describe('short-code index', () => {
  it('resolves a request and a parcel by their codes, typed grouped or not', () => {
    const index = new ShortCodeIndex(viewWith());
    expect(index.lookup(shortCodeOf('request', 'R-1'))).toMatchObject({ kind: 'request', request: { id: 'R-1' } });
    expect(index.lookup(shortCodeOf('parcel', 'P-1').replace(/(\d{4})/g, '$1 '))).toMatchObject({ kind: 'parcel', parcel: { id: 'P-1' } });
    expect(index.lookup('31234000000017')).toEqual({ kind: 'none' });
  });

  it('refuses a code two records share, and does not pick one', () => {
    const body = `1${'0'.repeat(14)}42`; // 17 digits; the check digit makes 18
    const shared = body + luhnCheckDigit(body);
    // Every request gets the same code: R-1 and R-2 now collide.
    const index = new ShortCodeIndex(viewWith(), (kind, id) => (kind === 'request' ? shared : shortCodeOf(kind, id)));
    expect(index.lookup(shared)).toEqual({ kind: 'refused', refusal: { ok: false, codeProblem: 'ambiguous', params: { code: groupShortCode(shared), kind: 'request' } } });
    expect(index.lookup(shortCodeOf('parcel', 'P-1'))).toMatchObject({ kind: 'parcel' });
  });

  it('refuses a mistyped check digit and a well-formed code for nothing held', () => {
    const index = new ShortCodeIndex(viewWith());
    const good = shortCodeOf('request', 'R-1');
    const bad = `${good.slice(0, -1)}${(Number(good.at(-1)) + 1) % 10}`;
    expect(index.lookup(bad)).toMatchObject({ kind: 'refused', refusal: { codeProblem: 'check_digit' } });
    expect(index.lookup(shortCodeOf('request', 'R-404'))).toMatchObject({ kind: 'refused', refusal: { codeProblem: 'unknown', params: { kind: 'request' } } });
  });

  it('finds records that arrive after the first lookup and forgets records that left', () => {
    const view = viewWith();
    const index = new ShortCodeIndex(view);
    expect(index.lookup(shortCodeOf('parcel', 'P-2'))).toMatchObject({ kind: 'refused', refusal: { codeProblem: 'unknown' } });
    view.putBase('parcels', parcel('P-2'), false);
    view.rebuild();
    expect(index.lookup(shortCodeOf('parcel', 'P-2'))).toMatchObject({ kind: 'parcel', parcel: { id: 'P-2' } });
    view.putBase('parcels', parcel('P-2'), true);
    view.rebuild();
    expect(index.lookup(shortCodeOf('parcel', 'P-2'))).toMatchObject({ kind: 'refused', refusal: { codeProblem: 'unknown' } });
  });

  it('an item barcode shaped like a code (18 digits, bad check digit) stays an item barcode', () => {
    const view = viewWith();
    const odd = `1${'2'.repeat(16)}${(Number(luhnCheckDigit(`1${'2'.repeat(16)}`)) + 1) % 10}`;
    view.putBase('requests', requestRecord({ id: 'R-3', item: { barcode: odd, title: 'C', author: '', callNumber: '', location: '', parts: 1 } }), false);
    view.rebuild();
    expect(new ShortCodeIndex(view).lookup(odd)).toEqual({ kind: 'none' });
  });
});

describe('what a code does at Dispatch and Receive', () => {
  const deskOf = (view: OptimisticView, libraryId: string) => {
    const packScan = vi.fn(async () => ({ ok: false as const, reason: 'NO_REQUEST_FOR_ITEM' as const, params: {} }));
    return { desk: { view, workflows: { packScan } as unknown as Workflows, config: { libraryId } }, packScan };
  };

  it('a pull slip packs its own request by its item barcode; an item barcode goes straight to packing', async () => {
    const { desk, packScan } = deskOf(viewWith(), 'NPTU');
    expect(await dispatchScan(desk, shortCodeOf('request', 'R-2'))).toMatchObject({ kind: 'packed', itemBarcode: '31234000000024', requestId: 'R-2' });
    expect(packScan).toHaveBeenLastCalledWith('31234000000024', 'R-2');
    expect(await dispatchScan(desk, ' 31234000000017 ')).toMatchObject({ kind: 'packed', requestId: null });
    expect(packScan).toHaveBeenLastCalledWith(' 31234000000017 ');
  });

  it('a label names the parcel and its next step; another library\'s parcel and a title request are refused with reasons', async () => {
    const view = viewWith();
    view.putBase('parcels', parcel('P-S', { state: 'sealed' }), false);
    view.putBase('parcels', parcel('P-T', { state: 'in_transit' }), false);
    view.putBase('requests', requestRecord({ id: 'R-T', item: { barcode: '', title: '統計學', author: '', callNumber: '', location: '', parts: 1 } }), false);
    view.rebuild();
    const { desk, packScan } = deskOf(view, 'NPTU');
    expect(await dispatchScan(desk, shortCodeOf('parcel', 'P-1'))).toMatchObject({ kind: 'parcel', next: 'seal' });
    expect(await dispatchScan(desk, shortCodeOf('parcel', 'P-S'))).toMatchObject({ kind: 'parcel', next: 'dispatch' });
    expect(await dispatchScan(desk, shortCodeOf('parcel', 'P-T'))).toMatchObject({ kind: 'parcel', next: 'sent' });
    expect(await dispatchScan(desk, shortCodeOf('request', 'R-T'))).toMatchObject({ ok: false, codeProblem: 'title_needs_copy', params: { title: '統計學' } });
    expect(await dispatchScan(deskOf(view, 'NKUST').desk, shortCodeOf('parcel', 'P-1'))).toMatchObject({ ok: false, codeProblem: 'not_our_parcel', params: { from: 'NPTU' } });
    expect(packScan).not.toHaveBeenCalled();
    expect(receiveCode(deskOf(view, 'NKUST').desk, shortCodeOf('parcel', 'P-T'))).toMatchObject({ kind: 'parcel', parcel: { id: 'P-T' } });
    expect(receiveCode(deskOf(view, 'NKUST').desk, shortCodeOf('request', 'R-1'))).toMatchObject({ ok: false, codeProblem: 'wrong_kind' });
    expect(receiveCode(deskOf(view, 'NKUST').desk, '31234000000017')).toEqual({ kind: 'none' });
  });
});
