// Whether a patron may borrow now, and the patron record's maintenance.
import type { LocalDate } from '../dates';
import { policyFor } from '../policy-for';
import { accept, reject, type HandlersOf, type ReduceResult } from '../kit/results';
import type { DomainReader } from '../store';
import type { PATRON_EVENTS } from './events';
import type { PatronRecord } from './records';

export interface BorrowCheck {
  /** Also refuse when one more item would pass the loan limit. */
  readonly countLoans: boolean;
  /**
   * The library where the patron would borrow (the pickup library): its
   * policy sets the loan limit and the fines threshold (policyFor). Absent,
   * the patron's home library — where a relay patron always borrows.
   */
  readonly at?: string;
}

/** A refusal if the patron may not borrow (or, with countLoans, may not take one more item). */
export function patronRefusal(r: DomainReader, patron: PatronRecord, today: LocalDate, opts: BorrowCheck): ReduceResult | null {
  if (patron.status === 'barred') return reject('PATRON_BARRED');
  if (patron.status === 'expired' || patron.expiresOn < today) return reject('PATRON_EXPIRED', { expiresOn: patron.expiresOn });
  const block = patron.blocks[0];
  if (block) return reject('PATRON_BLOCKED', { block: block.note || block.code });
  const policy = policyFor(r, { at: opts.at ?? patron.homeLibraryId });
  if (patron.finesOwed > policy.fineBlockThreshold) return reject('FINES_OVER_LIMIT', { owed: patron.finesOwed, threshold: policy.fineBlockThreshold });
  if (opts.countLoans) {
    const count = r.activeLoansOf(patron.id).length;
    if (count >= policy.loanLimit) return reject('LOAN_LIMIT_REACHED', { count, limit: policy.loanLimit });
  }
  return null;
}

export const PATRON_HANDLERS: HandlersOf<keyof typeof PATRON_EVENTS> = {
  'patron.upserted': (r, e) => {
    const p = e.payload.patron;
    if (!r.get('libraries', p.homeLibraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: p.homeLibraryId });
    // A desk may only maintain its own library's patrons; the administrator acts for any library.
    if (e.deviceId !== 'admin' && p.homeLibraryId !== e.libraryId) return reject('PATRON_NOT_OF_LIBRARY', { libraryId: e.libraryId });
    const existing = r.get('patrons', p.id);
    if (existing && existing.homeLibraryId !== p.homeLibraryId) return reject('PATRON_NOT_OF_LIBRARY', { libraryId: p.homeLibraryId });
    const doc: PatronRecord = { ...p, loanCount: existing?.loanCount ?? 0, finesOwed: existing?.finesOwed ?? 0, updatedAt: e.at };
    return accept([{ collection: 'patrons', doc }]);
  },
};
