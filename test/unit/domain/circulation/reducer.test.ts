// The hold shelf and the counter: expiry, pickup (loan.started) with the
// patron checks, return with fines, renewal, and paying or waiving fines.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import { RECORD_COLLECTIONS, type LoanRecord, type RecordCollection } from '#shared/domain/records';
import { MemoryStore, type RecordWrite } from '#shared/domain/store';
import {
  atLocal, BARCODE, BORROWER, checkedOut, ev, freezeAll, LENDER, MON, onHoldShelf, patron, refused, shipped, snapshot, step, THIRD, world,
} from '../fixtures';

function loan(id: string, patronId: string, over: Partial<LoanRecord> = {}): LoanRecord {
  return {
    id, requestId: null, itemBarcode: `b-${id}`, title: 'T', patronId, libraryId: BORROWER, ownerLibraryId: BORROWER,
    startedAt: MON, dueDate: '2025-03-31', renewals: 0, state: 'active', returnedAt: null, fineAmount: 0, updatedAt: MON, ...over,
  };
}

const startLoan = (s: MemoryStore, patronId = 'p-1', loanId = 'l-1', holdId = 'h-1', date = MON) =>
  step(s, 'loan.started', { loanId, holdId, patronId }, BORROWER, atLocal(date, '12:00'));

describe('hold.expired', () => {
  it('is refused on or before pickupBy, accepted after; the item goes back to awaiting_return_shipping', () => {
    const s = onHoldShelf();
    expect(s.get('holds', 'h-1')!.pickupBy).toBe('2025-03-10');
    expect(refused(s, 'hold.expired', { holdId: 'h-1' }, BORROWER, 'HOLD_NOT_EXPIRED_YET', atLocal('2025-03-10', '23:59'))).toEqual({ pickupBy: '2025-03-10' });
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'hold.expired', { holdId: 'h-1' }, LENDER, 'UNKNOWN_HOLD', atLocal('2025-03-11'));
    refused(s, 'hold.expired', { holdId: 'h-x' }, BORROWER, 'UNKNOWN_HOLD', atLocal('2025-03-11'));
    freezeAll(s);
    step(s, 'hold.expired', { holdId: 'h-1' }, BORROWER, atLocal('2025-03-11', '00:01'));
    expect(s.get('holds', 'h-1')!.state).toBe('expired');
    expect(s.get('requests', 'r-1')).toMatchObject({ borrowerState: 'awaiting_return_shipping', holdId: null, reason: 'hold expired' });
    expect(refused(s, 'hold.expired', { holdId: 'h-1' }, BORROWER, 'HOLD_NOT_WAITING', atLocal('2025-03-12'))).toEqual({ state: 'expired' });
    refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'HOLD_NOT_WAITING', atLocal('2025-03-12'));
  });
});

describe('loan.started', () => {
  it('lends a waiting hold through its pickup-by day, not after (issue 17: expired holds are not offered)', () => {
    const s = onHoldShelf();
    expect(refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'HOLD_PAST_PICKUP', atLocal('2025-03-11', '09:00'))).toEqual({ pickupBy: '2025-03-10' });
    step(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-10', '20:00'));
    expect(s.get('holds', 'h-1')!.state).toBe('picked_up');
  });

  it('checks the item out to the hold\'s patron with the due date set at check-in', () => {
    const s = freezeAll(onHoldShelf());
    const { outcome, writes } = startLoan(s, 'p-1', 'l-1', 'h-1', '2025-03-05');
    expect(writes.map((w) => w.collection)).toEqual(['loans', 'holds', 'requests', 'patrons']);
    expect(outcome).toEqual({ kind: 'loan', loanId: 'l-1', dueDate: '2025-03-31', loanCount: 1, loanLimit: 6, title: `Title ${BARCODE}` });
    expect(s.get('loans', 'l-1')).toMatchObject({
      requestId: 'r-1', itemBarcode: BARCODE, patronId: 'p-1', libraryId: BORROWER, ownerLibraryId: LENDER, dueDate: '2025-03-31', renewals: 0, state: 'active',
    });
    expect(s.get('holds', 'h-1')!.state).toBe('picked_up');
    expect(s.get('requests', 'r-1')).toMatchObject({ borrowerState: 'checked_out', loanId: 'l-1', dueDate: '2025-03-31' });
    expect(s.get('patrons', 'p-1')!.loanCount).toBe(1);
  });

  it('refuses another patron, a second pickup, a reused loan id, an unknown hold, another library', () => {
    const s = onHoldShelf();
    refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-2' }, BORROWER, 'HOLD_FOR_ANOTHER_PATRON');
    refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-x', patronId: 'p-1' }, BORROWER, 'UNKNOWN_HOLD');
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, THIRD, 'UNKNOWN_HOLD');
    startLoan(s);
    expect(refused(s, 'loan.started', { loanId: 'l-2', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'HOLD_NOT_WAITING')).toEqual({ state: 'picked_up' });
    expect(refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'DUPLICATE_ID')).toEqual({ id: 'l-1' });
  });

  it('LOAN_LIMIT_REACHED at 6 active loans (policy loanLimit); 5 is still fine', () => {
    const s = onHoldShelf();
    for (let i = 1; i <= 5; i++) s.put({ collection: 'loans', doc: loan(`old-${i}`, 'p-1') });
    s.put({ collection: 'loans', doc: loan('gone', 'p-1', { state: 'returned' }) });
    const t = onHoldShelf();
    for (let i = 1; i <= 6; i++) t.put({ collection: 'loans', doc: loan(`old-${i}`, 'p-1') });
    freezeAll(t);
    expect(refused(t, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'LOAN_LIMIT_REACHED')).toEqual({ count: 6, limit: 6 });
    expect(startLoan(s).outcome).toMatchObject({ loanCount: 6, loanLimit: 6 });
  });

  it('follows a library override of loanLimit for the patron\'s home library', () => {
    const s = onHoldShelf();
    s.put({ collection: 'policies', doc: { id: 'policy-NKUST', libraryId: BORROWER, fields: { loanLimit: 1 }, updatedAt: MON } });
    s.put({ collection: 'loans', doc: loan('old-1', 'p-1') });
    expect(refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'LOAN_LIMIT_REACHED')).toEqual({ count: 1, limit: 1 });
  });

  it('FINES_OVER_LIMIT above the threshold; at the threshold it is allowed', () => {
    const s = onHoldShelf();
    s.put({ collection: 'patrons', doc: { ...s.get('patrons', 'p-1')!, finesOwed: 101 } });
    expect(refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'FINES_OVER_LIMIT')).toEqual({ owed: 101, threshold: 100 });
    s.put({ collection: 'patrons', doc: { ...s.get('patrons', 'p-1')!, finesOwed: 100 } });
    startLoan(s);
  });

  it('PATRON_EXPIRED when the card expired before the pickup day, even with the item on the shelf', () => {
    const s = onHoldShelf();
    s.put({ collection: 'patrons', doc: patron('p-1', BORROWER, '2001000012345', { expiresOn: '2025-03-04' }) });
    startLoan(s, 'p-1', 'l-0', 'h-1', '2025-03-04'); // its last valid day
    const t = onHoldShelf();
    t.put({ collection: 'patrons', doc: patron('p-1', BORROWER, '2001000012345', { expiresOn: '2025-03-04' }) });
    expect(refused(t, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'PATRON_EXPIRED', atLocal('2025-03-05'))).toEqual({ expiresOn: '2025-03-04' });
  });
});

/** The same records in a reader that is (the service) or is not (a desk, a kiosk) the consortium's own. */
function copyOf(s: MemoryStore, authoritative: boolean, without: readonly RecordCollection[] = []): MemoryStore {
  const out = new MemoryStore(true, authoritative);
  for (const c of RECORD_COLLECTIONS) if (!without.includes(c)) for (const doc of s.all(c)) out.put({ collection: c, doc } as RecordWrite);
  return out;
}

describe('loan.started without the hold\'s request', () => {
  const pickup = () => ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00'));

  it('on a kiosk or desk (not authoritative): the loan from the hold, the same as the service\'s, no request written', () => {
    const full = onHoldShelf();
    const e = pickup();
    const service = reduce(copyOf(full, true), e);
    const kiosk = reduce(freezeAll(copyOf(full, false, ['requests'])), e);
    if (!service.ok || !kiosk.ok) throw new Error('refused');
    expect(kiosk.writes.map((w) => w.collection)).toEqual(['loans', 'holds', 'patrons']);
    expect(kiosk.outcome).toEqual(service.outcome);
    const loanOf = (res: typeof kiosk) => res.writes.find((w) => w.collection === 'loans')!.doc;
    expect(loanOf(kiosk)).toEqual(loanOf(service));
    expect(loanOf(kiosk)).toMatchObject({ requestId: 'r-1', ownerLibraryId: LENDER, dueDate: '2025-03-31' });
  });

  it('takes the owner and the due date from the hold: its lender, its check-in day and the pickup library\'s loan period', () => {
    const full = onHoldShelf();
    const kiosk = copyOf(full, false, ['requests']);
    kiosk.put({ collection: 'holds', doc: { ...kiosk.get('holds', 'h-1')!, ownerLibraryId: THIRD, shelvedOn: '2025-03-04' } });
    // A pickup library override: 14 days from Tue 2025-03-04 is Tue 2025-03-18.
    kiosk.put({ collection: 'policies', doc: { id: 'policy-NKUST', libraryId: BORROWER, fields: { loanDays: 14 }, updatedAt: MON } });
    const res = reduce(kiosk, pickup());
    if (!res.ok) throw new Error(res.reason);
    expect(res.writes.find((w) => w.collection === 'loans')!.doc).toMatchObject({ ownerLibraryId: THIRD, dueDate: '2025-03-18' });
    expect(res.outcome).toMatchObject({ kind: 'loan', dueDate: '2025-03-18' });
  });

  it('at the service (authoritative): still UNKNOWN_REQUEST, nothing written', () => {
    const s = copyOf(onHoldShelf(), true, ['requests']);
    const before = snapshot(s);
    expect(refused(s, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, 'UNKNOWN_REQUEST')).toEqual({ requestId: 'r-1' });
    expect(snapshot(s)).toBe(before);
  });

  it('with the request present, authoritative or not, the request decides and is updated as before', () => {
    for (const authoritative of [true, false]) {
      const s = copyOf(onHoldShelf(), authoritative);
      // A hold whose copy of the owner disagrees: the request is the record of the loan between libraries.
      s.put({ collection: 'holds', doc: { ...s.get('holds', 'h-1')!, ownerLibraryId: THIRD } });
      freezeAll(s);
      const { writes, outcome } = startLoan(s, 'p-1', 'l-1', 'h-1', '2025-03-05');
      expect(writes.map((w) => w.collection)).toEqual(['loans', 'holds', 'requests', 'patrons']);
      expect(outcome).toMatchObject({ kind: 'loan', dueDate: '2025-03-31' });
      expect(s.get('loans', 'l-1')).toMatchObject({ requestId: 'r-1', ownerLibraryId: LENDER, dueDate: '2025-03-31' });
      expect(s.get('requests', 'r-1')).toMatchObject({ borrowerState: 'checked_out', loanId: 'l-1', dueDate: '2025-03-31' });
    }
  });
});

describe('loan.ended', () => {
  it('on time: no fine, the item goes back to the lender', () => {
    const s = freezeAll(checkedOut());
    const { outcome, writes } = step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-03-31', '20:00'));
    expect(outcome).toEqual({ kind: 'returned', loanId: 'l-1', fineAmount: 0, overdueDays: 0, returnTo: LENDER, title: `Title ${BARCODE}` });
    expect(writes.some((w) => w.collection === 'fines')).toBe(false);
    expect(s.get('loans', 'l-1')).toMatchObject({ state: 'returned', fineAmount: 0 });
    expect(s.get('patrons', 'p-1')).toMatchObject({ loanCount: 0, finesOwed: 0 });
    expect(s.get('requests', 'r-1')!.borrowerState).toBe('awaiting_return_shipping');
  });

  it('late: a fine for the open days after the due date (Sundays skipped), a fine record, finesOwed raised', () => {
    const s = checkedOut();
    freezeAll(s);
    // Due Monday 03-31; returned Tuesday 04-08: 04-01..04-08 minus Sunday 04-06 = 7 days × 5.
    const at = atLocal('2025-04-08');
    const { outcome } = step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, at);
    expect(outcome).toMatchObject({ kind: 'returned', fineAmount: 35, overdueDays: 7 });
    expect(s.get('fines', 'f-1')).toEqual({
      id: 'f-1', loanId: 'l-1', patronId: 'p-1', libraryId: BORROWER, itemBarcode: BARCODE, overdueDays: 7, amount: 35, state: 'owed', createdAt: at, updatedAt: at,
    });
    expect(s.get('loans', 'l-1')).toMatchObject({ state: 'returned', returnedAt: at, fineAmount: 35 });
    expect(s.get('patrons', 'p-1')).toMatchObject({ finesOwed: 35, loanCount: 0 });
    expect(s.get('requests', 'r-1')!.borrowerState).toBe('awaiting_return_shipping');
  });

  it('refuses a second return, an unknown loan, another desk library and a reused fine id', () => {
    const s = checkedOut();
    refused(s, 'loan.ended', { loanId: 'l-x', fineId: 'f-1' }, BORROWER, 'UNKNOWN_LOAN');
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, LENDER, 'UNKNOWN_LOAN');
    s.put({ collection: 'fines', doc: { id: 'f-0', loanId: 'x', patronId: 'p-1', libraryId: BORROWER, itemBarcode: 'x', overdueDays: 1, amount: 5, state: 'paid', createdAt: MON, updatedAt: MON } });
    expect(refused(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-0' }, BORROWER, 'DUPLICATE_ID', atLocal(MON, '13:00'))).toEqual({ id: 'f-0' });
    step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal(MON, '13:00'));
    refused(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-2' }, BORROWER, 'LOAN_NOT_ACTIVE', atLocal(MON, '13:05'));
  });
});

describe('loan.renewed', () => {
  it('extends by renewalDays from the due date, moved to an open day, up to the limit', () => {
    const s = checkedOut();
    freezeAll(s);
    // 03-31 + 14 = 04-14 (Monday).
    expect(step(s, 'loan.renewed', { loanId: 'l-1' }, BORROWER, atLocal('2025-03-31')).outcome).toMatchObject({ kind: 'loan', dueDate: '2025-04-14', loanCount: 1 });
    expect(s.get('loans', 'l-1')).toMatchObject({ dueDate: '2025-04-14', renewals: 1 });
    expect(s.get('requests', 'r-1')!.dueDate).toBe('2025-04-14');
    expect(refused(s, 'loan.renewed', { loanId: 'l-1' }, BORROWER, 'RENEWAL_LIMIT', atLocal('2025-04-01'))).toEqual({ renewals: 1 });
  });

  it('moves a renewed due date off a Sunday', () => {
    const s = world();
    s.put({ collection: 'loans', doc: loan('l-9', 'p-1', { dueDate: '2025-03-29' }) }); // Saturday + 15 = Sunday 04-13
    s.put({ collection: 'policies', doc: { id: 'consortium', libraryId: null, fields: { renewalDays: 15 }, updatedAt: MON } });
    expect(step(s, 'loan.renewed', { loanId: 'l-9' }, BORROWER).outcome).toMatchObject({ dueDate: '2025-04-14' });
  });

  it('refuses an overdue loan, a returned loan, an unknown loan', () => {
    const s = checkedOut();
    refused(s, 'loan.renewed', { loanId: 'l-1' }, BORROWER, 'RENEWAL_OVERDUE', atLocal('2025-04-01'));
    refused(s, 'loan.renewed', { loanId: 'l-x' }, BORROWER, 'UNKNOWN_LOAN');
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'loan.renewed', { loanId: 'l-1' }, THIRD, 'UNKNOWN_LOAN');
    step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal(MON, '13:00'));
    refused(s, 'loan.renewed', { loanId: 'l-1' }, BORROWER, 'LOAN_NOT_ACTIVE', atLocal(MON, '13:05'));
  });
});

describe('fine.paid and fine.waived', () => {
  function fined(): MemoryStore {
    const s = checkedOut();
    step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-04-08'));
    s.put({ collection: 'patrons', doc: { ...s.get('patrons', 'p-1')!, finesOwed: 50 } }); // 35 + 15 from elsewhere
    return freezeAll(s);
  }

  it('paying lowers finesOwed by the fine and marks it paid, once', () => {
    const s = fined();
    step(s, 'fine.paid', { fineId: 'f-1' }, BORROWER);
    expect(s.get('fines', 'f-1')!.state).toBe('paid');
    expect(s.get('patrons', 'p-1')!.finesOwed).toBe(15);
    expect(refused(s, 'fine.paid', { fineId: 'f-1' }, BORROWER, 'FINE_NOT_OWED')).toEqual({ state: 'paid' });
    refused(s, 'fine.waived', { fineId: 'f-1', reason: 'x' }, BORROWER, 'FINE_NOT_OWED');
  });

  it('waiving lowers finesOwed the same way', () => {
    const s = fined();
    // Issue 14: a record outside the library's scope is refused as one that does not exist.
    refused(s, 'fine.waived', { fineId: 'f-1', reason: 'x' }, LENDER, 'UNKNOWN_FINE');
    refused(s, 'fine.waived', { fineId: 'f-x', reason: 'x' }, BORROWER, 'UNKNOWN_FINE');
    step(s, 'fine.waived', { fineId: 'f-1', reason: 'library closed by typhoon' }, BORROWER);
    expect(s.get('fines', 'f-1')!.state).toBe('waived');
    expect(s.get('patrons', 'p-1')!.finesOwed).toBe(15);
  });
});

describe('the whole cycle leaves the patron at zero loans', () => {
  it('request → … → home', () => {
    const s = shipped();
    step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER);
    startLoan(s);
    step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-03-20'));
    step(s, 'item.packed', { parcelId: 'par-2', toLibraryId: LENDER, requestId: 'r-1', itemBarcode: BARCODE }, BORROWER);
    step(s, 'parcel.sealed', { parcelId: 'par-2' }, BORROWER);
    step(s, 'parcel.dispatched', { parcelId: 'par-2', courier: 'HCT', trackingNumber: 'T2' }, BORROWER);
    step(s, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-2', ownerLibraryId: LENDER, holdId: 'unused' }, LENDER, atLocal('2025-03-24'));
    const r = s.get('requests', 'r-1')!;
    expect(`${r.borrowerState}/${r.lenderState}`).toBe('complete/complete');
    expect(r.history.map((h) => h.type)).toEqual([
      'request.created', 'request.pull_slip_printed', 'item.packed', 'parcel.dispatched', 'item.received', 'loan.started', 'loan.ended',
      'item.packed', 'parcel.dispatched', 'item.received',
    ]);
    expect(s.get('patrons', 'p-1')).toMatchObject({ loanCount: 0, finesOwed: 0 });
  });
});
