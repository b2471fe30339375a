// request.created, pull slips, cannot supply and cancellation: the happy paths
// and the refusals, each with its exact reason code.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import type { EventPayload } from '#shared/domain/events';
import {
  atLocal, BARCODE, BORROWER, created, ev, freezeAll, item, LENDER, MON, patron, refused, requestRecord, SLEEPY, snapshot, step, THIRD, world,
} from '../fixtures';

const newRequest = (over: Partial<EventPayload<'request.created'>> = {}): EventPayload<'request.created'> => ({
  requestId: 'r-1', patronId: 'p-1', lenderLibraryId: LENDER, item: item(BARCODE), neededBy: '2025-04-01', note: 'for thesis', ...over,
});

describe('request.created', () => {
  it('creates a sent/new request with one history entry', () => {
    const s = freezeAll(world());
    const at = atLocal(MON);
    const e = ev('request.created', newRequest(), BORROWER, at);
    const res = reduce(s, e);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.outcome).toEqual({ kind: 'recorded' });
    expect(res.writes).toHaveLength(1);
    const w = res.writes[0]!;
    expect(w.collection).toBe('requests');
    expect(w.doc).toMatchObject({
      id: 'r-1', borrowerLibraryId: BORROWER, lenderLibraryId: LENDER, patronId: 'p-1', borrowerState: 'sent', lenderState: 'new',
      neededBy: '2025-04-01', note: 'for thesis', parcelId: null, holdId: null, loanId: null, dueDate: null, createdAt: at, updatedAt: at,
    });
    const doc = w.doc as { history: unknown[] };
    expect(doc.history).toEqual([{ at, type: 'request.created', eventId: e.id, deviceId: e.deviceId, libraryId: BORROWER, borrowerState: 'sent', lenderState: 'new' }]);
  });

  it('refuses a duplicate request id', () => {
    const s = created();
    expect(refused(s, 'request.created', newRequest(), BORROWER, 'DUPLICATE_ID')).toEqual({ id: 'r-1' });
  });

  it('refuses unknown and inactive libraries on either side', () => {
    const s = world();
    expect(refused(s, 'request.created', newRequest(), 'NOPE', 'UNKNOWN_LIBRARY')).toEqual({ libraryId: 'NOPE' });
    expect(refused(s, 'request.created', newRequest({ lenderLibraryId: 'NOPE' }), BORROWER, 'UNKNOWN_LIBRARY')).toEqual({ libraryId: 'NOPE' });
    expect(refused(s, 'request.created', newRequest({ lenderLibraryId: SLEEPY }), BORROWER, 'LIBRARY_INACTIVE')).toEqual({ libraryId: SLEEPY });
    expect(refused(s, 'request.created', newRequest(), SLEEPY, 'LIBRARY_INACTIVE')).toEqual({ libraryId: SLEEPY });
  });

  it('refuses borrowing from the same library', () => {
    refused(world(), 'request.created', newRequest({ lenderLibraryId: BORROWER }), BORROWER, 'SAME_LIBRARY');
  });

  it('refuses an unknown patron and a patron of another library', () => {
    const s = world();
    expect(refused(s, 'request.created', newRequest({ patronId: 'ghost' }), BORROWER, 'UNKNOWN_PATRON')).toEqual({ patronId: 'ghost' });
    expect(refused(s, 'request.created', newRequest({ patronId: 'p-9' }), BORROWER, 'PATRON_NOT_OF_LIBRARY')).toEqual({ libraryId: BORROWER });
  });

  it('refuses expired, barred and blocked patrons', () => {
    const s = world({
      extraPatrons: [
        patron('p-exp', BORROWER, '1', { expiresOn: '2025-03-02' }),
        patron('p-exp2', BORROWER, '2', { status: 'expired' }),
        patron('p-bar', BORROWER, '3', { status: 'barred' }),
        patron('p-blk', BORROWER, '4', { blocks: [{ code: 'lost_item', note: 'lost a book', since: '2025-01-01T00:00:00Z' }] }),
        patron('p-fine', BORROWER, '5', { finesOwed: 101 }),
        patron('p-today', BORROWER, '6', { expiresOn: MON }),
      ],
    });
    expect(refused(s, 'request.created', newRequest({ patronId: 'p-exp' }), BORROWER, 'PATRON_EXPIRED')).toEqual({ expiresOn: '2025-03-02' });
    refused(s, 'request.created', newRequest({ patronId: 'p-exp2' }), BORROWER, 'PATRON_EXPIRED');
    refused(s, 'request.created', newRequest({ patronId: 'p-bar' }), BORROWER, 'PATRON_BARRED');
    expect(refused(s, 'request.created', newRequest({ patronId: 'p-blk' }), BORROWER, 'PATRON_BLOCKED')).toEqual({ block: 'lost a book' });
    refused(s, 'request.created', newRequest({ patronId: 'p-fine' }), BORROWER, 'FINES_OVER_LIMIT');
    // The card is still valid on its last day (00:30 local on MON is still the day before in UTC).
    step(s, 'request.created', newRequest({ requestId: 'r-today', patronId: 'p-today' }), BORROWER, atLocal(MON, '00:30'));
  });

  it('does not count loans when requesting', () => {
    const s = world({ policy: { loanLimit: 0 } });
    step(s, 'request.created', newRequest(), BORROWER);
  });
});

describe('request.pull_slip_printed', () => {
  it('prints a batch: each new request moves to pull_slip_printed / expect_to_supply', () => {
    const s = world();
    for (const id of ['r-1', 'r-2', 'r-3']) s.put({ collection: 'requests', doc: requestRecord({ id, item: item(`b-${id}`) }) });
    freezeAll(s);
    const at = atLocal(MON, '14:00');
    const { writes } = step(s, 'request.pull_slip_printed', { requestIds: ['r-1', 'r-2', 'r-3', 'r-1'] }, LENDER, at);
    expect(writes.map((w) => w.doc.id)).toEqual(['r-1', 'r-2', 'r-3']);
    for (const id of ['r-1', 'r-2', 'r-3']) {
      expect(s.get('requests', id)).toMatchObject({ lenderState: 'pull_slip_printed', borrowerState: 'expect_to_supply', pullSlipPrintedAt: at });
      expect(s.get('requests', id)!.history).toHaveLength(1);
    }
  });

  it('reprinting is a no-op', () => {
    const s = created();
    step(s, 'request.pull_slip_printed', { requestIds: ['r-1'] }, LENDER);
    const before = snapshot(s);
    const { writes } = step(s, 'request.pull_slip_printed', { requestIds: ['r-1'] }, LENDER, atLocal(MON, '16:00'));
    expect(writes).toEqual([]);
    expect(snapshot(s)).toBe(before);
  });

  it('is refused for a library that is not the lender, and for an unknown request', () => {
    const s = created();
    expect(refused(s, 'request.pull_slip_printed', { requestIds: ['r-1'] }, BORROWER, 'NOT_A_PARTY')).toEqual({ role: 'lender' });
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'request.pull_slip_printed', { requestIds: ['r-1'] }, THIRD, 'UNKNOWN_REQUEST');
    expect(refused(s, 'request.pull_slip_printed', { requestIds: ['r-1', 'nope'] }, LENDER, 'UNKNOWN_REQUEST')).toEqual({ requestId: 'nope' });
    expect(s.get('requests', 'r-1')!.lenderState).toBe('new');
  });
});

describe('request.cannot_supply', () => {
  it('marks the request cannot_supply / unfilled with the reason, from new or after the slip', () => {
    const s = freezeAll(created());
    step(s, 'request.cannot_supply', { requestId: 'r-1', reason: 'missing from shelf' }, LENDER);
    expect(s.get('requests', 'r-1')).toMatchObject({ lenderState: 'cannot_supply', borrowerState: 'unfilled', reason: 'missing from shelf' });

    const t = created();
    step(t, 'request.pull_slip_printed', { requestIds: ['r-1'] }, LENDER);
    step(t, 'request.cannot_supply', { requestId: 'r-1', reason: 'damaged' }, LENDER);
    expect(t.get('requests', 'r-1')!.borrowerState).toBe('unfilled');
  });

  it('is refused for the borrower, an unknown request, and once packed', () => {
    const s = created();
    refused(s, 'request.cannot_supply', { requestId: 'r-1', reason: 'x' }, BORROWER, 'NOT_A_PARTY');
    refused(s, 'request.cannot_supply', { requestId: 'r-x', reason: 'x' }, LENDER, 'UNKNOWN_REQUEST');
    step(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODE }, LENDER);
    expect(refused(s, 'request.cannot_supply', { requestId: 'r-1', reason: 'x' }, LENDER, 'INVALID_TRANSITION')).toEqual({ state: 'awaiting_shipping' });
  });
});

describe('request.cancelled', () => {
  it('the borrower cancels before packing (new or slip printed)', () => {
    const s = freezeAll(created());
    step(s, 'request.cancelled', { requestId: 'r-1', reason: 'patron no longer needs it' }, BORROWER);
    expect(s.get('requests', 'r-1')).toMatchObject({ borrowerState: 'cancelled', lenderState: 'cancelled', reason: 'patron no longer needs it' });
    expect(s.openRequestsForItem(BARCODE)).toEqual([]);

    const t = created();
    step(t, 'request.pull_slip_printed', { requestIds: ['r-1'] }, LENDER);
    step(t, 'request.cancelled', { requestId: 'r-1', reason: 'x' }, BORROWER);
    expect(t.get('requests', 'r-1')!.lenderState).toBe('cancelled');
  });

  it('is refused once the item is packed, and for the lender', () => {
    const s = created();
    refused(s, 'request.cancelled', { requestId: 'r-1', reason: 'x' }, LENDER, 'NOT_A_PARTY');
    step(s, 'item.packed', { parcelId: 'par-1', toLibraryId: BORROWER, requestId: 'r-1', itemBarcode: BARCODE }, LENDER);
    expect(refused(s, 'request.cancelled', { requestId: 'r-1', reason: 'x' }, BORROWER, 'INVALID_TRANSITION')).toEqual({ state: 'awaiting_shipping' });
    refused(s, 'request.cancelled', { requestId: 'r-x', reason: 'x' }, BORROWER, 'UNKNOWN_REQUEST');
  });
});
