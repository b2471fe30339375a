// The hold shelf and the counter: pickup (a loan), return (with the overdue
// fine the policy sets), renewal, expired holds and fine payments. Every
// rule reads the policy of the library where the item is lent (policyFor).
import type { DomainEvent } from '../events';
import { addDays, nextOpenDay } from '../dates';
import { assessFine, dueDateFor } from '../policy';
import { policyFor, todayAt } from '../policy-for';
import { accept, reject, type HandlersOf, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import { patronRefusal } from '../patrons/reducer';
import { advance } from '../requests/history';
import type { RequestRecord } from '../requests/records';
import type { CIRCULATION_EVENTS } from './events';
import type { LoanRecord } from './records';

/** How far two desks' clocks may disagree before a return "before" its loan is taken for a wrong clock. */
export const CLOCK_ALLOWANCE_MS = 15 * 60_000;

function holdExpired(r: DomainReader, e: DomainEvent<'hold.expired'>): ReduceResult {
  const hold = r.get('holds', e.payload.holdId);
  // Another library's hold is answered as one that does not exist (see hiddenFrom).
  if (!hold || hold.libraryId !== e.libraryId) return reject('UNKNOWN_HOLD', { holdId: e.payload.holdId });
  if (hold.state !== 'waiting') return reject('HOLD_NOT_WAITING', { state: hold.state });
  if (todayAt(r, e, e.libraryId) <= hold.pickupBy) return reject('HOLD_NOT_EXPIRED_YET', { pickupBy: hold.pickupBy });
  const writes: RecordWrite[] = [{ collection: 'holds', doc: { ...hold, state: 'expired', updatedAt: e.at } }];
  const req = r.get('requests', hold.requestId);
  // An unclaimed item goes back to its owner in the next return parcel.
  if (req) writes.push({ collection: 'requests', doc: advance(req, e, { borrowerState: 'awaiting_return_shipping', holdId: null, reason: 'hold expired' }) });
  return accept(writes);
}

function loanStarted(r: DomainReader, e: DomainEvent<'loan.started'>): ReduceResult {
  const p = e.payload;
  if (r.get('loans', p.loanId)) return reject('DUPLICATE_ID', { id: p.loanId });
  const hold = r.get('holds', p.holdId);
  if (!hold || hold.libraryId !== e.libraryId) return reject('UNKNOWN_HOLD', { holdId: p.holdId });
  if (hold.patronId !== p.patronId) return reject('HOLD_FOR_ANOTHER_PATRON');
  if (hold.state !== 'waiting') return reject('HOLD_NOT_WAITING', { state: hold.state });
  const today = todayAt(r, e, e.libraryId);
  // Past its pickup-by day the hold is the hold shelf's to expire (and the book's to go home), not the counter's to lend.
  if (today > hold.pickupBy) return reject('HOLD_PAST_PICKUP', { pickupBy: hold.pickupBy });
  const patron = r.get('patrons', p.patronId);
  if (!patron) return reject('UNKNOWN_PATRON', { patronId: p.patronId });
  const refusal = patronRefusal(r, patron, today, { countLoans: true, at: hold.libraryId });
  if (refusal) return refusal;
  const req = r.get('requests', hold.requestId);
  // The service has every request, so a hold without one is broken there. A
  // desk's replica may lack it, and a kiosk's never has it (its role does not
  // read requests): there the hold carries what the loan needs, and the
  // service, running this rule against the real request, has the last word.
  if (!req && r.authoritative) return reject('UNKNOWN_REQUEST', { requestId: hold.requestId });
  const policy = policyFor(r, { hold });
  const dueDate = req
    ? req.dueDate ?? nextOpenDay(addDays(today, policy.loanDays), policy)
    // What item.received stored on the request: the check-in day plus the pickup library's loan period, on an open day.
    : dueDateFor(hold.shelvedOn, policy);
  const loan: LoanRecord = {
    id: p.loanId, requestId: hold.requestId, itemBarcode: hold.itemBarcode, title: hold.title, patronId: patron.id,
    libraryId: e.libraryId, ownerLibraryId: req ? req.lenderLibraryId : hold.ownerLibraryId, startedAt: e.at, dueDate, renewals: 0,
    state: 'active', returnedAt: null, fineAmount: 0, updatedAt: e.at,
  };
  const loanCount = r.activeLoansOf(patron.id).length + 1;
  const writes: RecordWrite[] = [
    { collection: 'loans', doc: loan },
    { collection: 'holds', doc: { ...hold, state: 'picked_up', updatedAt: e.at } },
  ];
  if (req) writes.push({ collection: 'requests', doc: advance(req, e, { borrowerState: 'checked_out', loanId: loan.id, dueDate }) });
  writes.push({ collection: 'patrons', doc: { ...patron, loanCount, updatedAt: e.at } });
  return accept(writes, { kind: 'loan', loanId: loan.id, dueDate, loanCount, loanLimit: policy.loanLimit, title: hold.title });
}

function loanEnded(r: DomainReader, e: DomainEvent<'loan.ended'>): ReduceResult {
  const loan = r.get('loans', e.payload.loanId);
  if (!loan || loan.libraryId !== e.libraryId) return reject('UNKNOWN_LOAN', { loanId: e.payload.loanId });
  if (loan.state !== 'active') return reject('LOAN_NOT_ACTIVE');
  // A return cannot precede its loan: such a time is a wrong clock, and would return the item fine-free.
  // Desks' clocks differ a little (a kiosk lends, the staff desk beside it takes the item back), hence the allowance.
  if (Date.parse(e.at) < Date.parse(loan.startedAt) - CLOCK_ALLOWANCE_MS) return reject('RETURN_BEFORE_LOAN', { at: e.at, startedAt: loan.startedAt });
  if (r.get('fines', e.payload.fineId)) return reject('DUPLICATE_ID', { id: e.payload.fineId });
  const patron = r.get('patrons', loan.patronId);
  const policy = policyFor(r, { loan });
  const { overdueDays, amount } = assessFine(loan.dueDate, todayAt(r, e, e.libraryId), policy);
  const writes: RecordWrite[] = [{ collection: 'loans', doc: { ...loan, state: 'returned', returnedAt: e.at, fineAmount: amount, updatedAt: e.at } }];
  if (amount > 0) {
    writes.push({
      collection: 'fines',
      doc: { id: e.payload.fineId, loanId: loan.id, patronId: loan.patronId, libraryId: loan.libraryId, itemBarcode: loan.itemBarcode, overdueDays, amount, state: 'owed', createdAt: e.at, updatedAt: e.at },
    });
  }
  if (patron) {
    const loanCount = Math.max(0, r.activeLoansOf(patron.id).filter((l) => l.id !== loan.id).length);
    writes.push({ collection: 'patrons', doc: { ...patron, loanCount, finesOwed: patron.finesOwed + amount, updatedAt: e.at } });
  }
  let returnTo = loan.ownerLibraryId;
  const req: RequestRecord | undefined = loan.requestId ? r.get('requests', loan.requestId) : undefined;
  if (req) {
    writes.push({ collection: 'requests', doc: advance(req, e, { borrowerState: 'awaiting_return_shipping' }) });
    returnTo = req.lenderLibraryId;
  }
  return accept(writes, { kind: 'returned', loanId: loan.id, fineAmount: amount, overdueDays, returnTo, title: loan.title });
}

function loanRenewed(r: DomainReader, e: DomainEvent<'loan.renewed'>): ReduceResult {
  const loan = r.get('loans', e.payload.loanId);
  if (!loan || loan.libraryId !== e.libraryId) return reject('UNKNOWN_LOAN', { loanId: e.payload.loanId });
  if (loan.state !== 'active') return reject('LOAN_NOT_ACTIVE');
  const policy = policyFor(r, { loan });
  if (loan.renewals >= policy.renewals) return reject('RENEWAL_LIMIT', { renewals: policy.renewals });
  if (todayAt(r, e, e.libraryId) > loan.dueDate) return reject('RENEWAL_OVERDUE');
  const dueDate = nextOpenDay(addDays(loan.dueDate, policy.renewalDays), policy);
  const writes: RecordWrite[] = [{ collection: 'loans', doc: { ...loan, dueDate, renewals: loan.renewals + 1, updatedAt: e.at } }];
  const req = loan.requestId ? r.get('requests', loan.requestId) : undefined;
  if (req) writes.push({ collection: 'requests', doc: advance(req, e, { dueDate }) });
  return accept(writes, { kind: 'loan', loanId: loan.id, dueDate, loanCount: r.activeLoansOf(loan.patronId).length, loanLimit: policy.loanLimit, title: loan.title });
}

function fineSettled(r: DomainReader, e: DomainEvent<'fine.paid'> | DomainEvent<'fine.waived'>): ReduceResult {
  const fine = r.get('fines', e.payload.fineId);
  if (!fine || fine.libraryId !== e.libraryId) return reject('UNKNOWN_FINE', { fineId: e.payload.fineId });
  if (fine.state !== 'owed') return reject('FINE_NOT_OWED', { state: fine.state });
  const writes: RecordWrite[] = [{ collection: 'fines', doc: { ...fine, state: e.type === 'fine.paid' ? 'paid' : 'waived', updatedAt: e.at } }];
  const patron = r.get('patrons', fine.patronId);
  if (patron) writes.push({ collection: 'patrons', doc: { ...patron, finesOwed: Math.max(0, patron.finesOwed - fine.amount), updatedAt: e.at } });
  return accept(writes);
}

export const CIRCULATION_HANDLERS: HandlersOf<keyof typeof CIRCULATION_EVENTS> = {
  'hold.expired': holdExpired,
  'loan.started': loanStarted,
  'loan.ended': loanEnded,
  'loan.renewed': loanRenewed,
  'fine.paid': fineSettled,
  'fine.waived': fineSettled,
};
