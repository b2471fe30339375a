// What every kind of request (item-level request.created, title-level
// request.placed) checks before it exists, and the record it starts as: one
// place, so the two kinds cannot drift apart.
import type { DomainEvent } from '../events';
import { todayAt } from '../policy-for';
import { reject, type ReduceResult } from '../kit/results';
import type { DomainReader } from '../store';
import { patronRefusal } from '../patrons/reducer';
import { advance } from './history';
import type { RequestRecord } from './records';

type Placing = DomainEvent<'request.created'> | DomainEvent<'request.placed'>;

/** A new id, and an active borrowing library (the device's own). */
export function borrowerRefusal(r: DomainReader, e: Placing): ReduceResult | null {
  if (r.get('requests', e.payload.requestId)) return reject('DUPLICATE_ID', { id: e.payload.requestId });
  const borrower = r.get('libraries', e.libraryId);
  if (!borrower) return reject('UNKNOWN_LIBRARY', { libraryId: e.libraryId });
  if (!borrower.active) return reject('LIBRARY_INACTIVE', { libraryId: e.libraryId });
  return null;
}

/** The borrowing library's own patron, in good standing (loans are counted at pickup, not here). */
export function placingPatronRefusal(r: DomainReader, e: Placing): ReduceResult | null {
  const patron = r.get('patrons', e.payload.patronId);
  if (!patron) return reject('UNKNOWN_PATRON', { patronId: e.payload.patronId });
  if (patron.homeLibraryId !== e.libraryId) return reject('PATRON_NOT_OF_LIBRARY', { libraryId: e.libraryId });
  return patronRefusal(r, patron, todayAt(r, e, e.libraryId), { countLoans: false });
}

export type NewRequestFields = Pick<RequestRecord, 'lenderLibraryId' | 'item' | 'work' | 'review'>;

/** The request as it starts, with its first history entry. */
export function newRequest(e: Placing, fields: NewRequestFields): RequestRecord {
  const p = e.payload;
  const base: RequestRecord = {
    id: p.requestId,
    borrowerLibraryId: e.libraryId,
    patronId: p.patronId,
    ...fields,
    rota: [],
    rotaIndex: -1,
    askedAt: null,
    neededBy: p.neededBy,
    note: p.note,
    borrowerState: 'sent',
    lenderState: 'new',
    pullSlipPrintedAt: null,
    parcelId: null,
    holdId: null,
    loanId: null,
    checkedInOn: null,
    dueDate: null,
    reason: '',
    history: [],
    createdAt: e.at,
    updatedAt: e.at,
  };
  return advance(base, e, {});
}
