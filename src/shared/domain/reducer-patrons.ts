// Whether a patron may borrow now, and the administrative record changes.
import type { LocalDate } from './dates';
import type { DomainEvent } from './events';
import type { PatronRecord } from './records';
import { accept, policyAt, reject, type ReduceResult } from './reducer-kit';
import type { DomainReader } from './store';

/** A refusal if the patron may not borrow (or, with countLoans, may not take one more item). */
export function patronRefusal(r: DomainReader, patron: PatronRecord, today: LocalDate, opts: { countLoans: boolean }): ReduceResult | null {
  if (patron.status === 'barred') return reject('PATRON_BARRED');
  if (patron.status === 'expired' || patron.expiresOn < today) return reject('PATRON_EXPIRED', { expiresOn: patron.expiresOn });
  const block = patron.blocks[0];
  if (block) return reject('PATRON_BLOCKED', { block: block.note || block.code });
  const policy = policyAt(r, patron.homeLibraryId);
  if (patron.finesOwed > policy.fineBlockThreshold) return reject('FINES_OVER_LIMIT', { owed: patron.finesOwed, threshold: policy.fineBlockThreshold });
  if (opts.countLoans) {
    const count = r.activeLoansOf(patron.id).length;
    if (count >= policy.loanLimit) return reject('LOAN_LIMIT_REACHED', { count, limit: policy.loanLimit });
  }
  return null;
}

export function patronUpserted(r: DomainReader, e: DomainEvent<'patron.upserted'>): ReduceResult {
  const p = e.payload.patron;
  if (!r.get('libraries', p.homeLibraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: p.homeLibraryId });
  // A desk may only maintain its own library's patrons; the administrator acts for any library.
  if (e.deviceId !== 'admin' && p.homeLibraryId !== e.libraryId) return reject('PATRON_NOT_OF_LIBRARY', { libraryId: e.libraryId });
  const existing = r.get('patrons', p.id);
  if (existing && existing.homeLibraryId !== p.homeLibraryId) return reject('PATRON_NOT_OF_LIBRARY', { libraryId: p.homeLibraryId });
  const doc: PatronRecord = { ...p, loanCount: existing?.loanCount ?? 0, finesOwed: existing?.finesOwed ?? 0, updatedAt: e.at };
  return accept([{ collection: 'patrons', doc }]);
}

export function libraryUpserted(_r: DomainReader, e: DomainEvent<'library.upserted'>): ReduceResult {
  return accept([{ collection: 'libraries', doc: { ...e.payload.library, updatedAt: e.at } }]);
}

export function policySet(r: DomainReader, e: DomainEvent<'policy.set'>): ReduceResult {
  const libraryId = e.payload.libraryId;
  if (libraryId !== null && !r.get('libraries', libraryId)) return reject('UNKNOWN_LIBRARY', { libraryId });
  const id = libraryId ?? 'consortium';
  const existing = r.get('policies', id);
  return accept([{ collection: 'policies', doc: { id, libraryId, fields: { ...existing?.fields, ...e.payload.fields }, updatedAt: e.at } }]);
}
