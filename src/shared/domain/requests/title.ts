// Title-level requests: placed for a patron, reviewed at the borrowing
// library (審核), routed by the service along a rota of lenders, and moved
// along it — deterministically, here — when a lender cannot supply or does
// not answer in time. The copy's barcode is bound when the lender prints the
// pull slip with a scanned copy or packs one.
import type { DomainEvent } from '../events';
import { localDateOf, openDaysAfter } from '../dates';
import { policyFor } from '../policy-for';
import { accept, reject, type ReduceResult } from '../kit/results';
import type { DomainReader } from '../store';
import { isOpenRequest } from '../store';
import { advance, isParty } from './history';
import { borrowerRefusal, newRequest, placingPatronRefusal } from './new-request';
import type { RequestRecord, RotaEntry } from './records';

/** Why a title request ended unfilled; desks word these (see the request views). */
export const UNFILLED_NO_LENDER = 'ROTA_EMPTY';
export const UNFILLED_ROTA_EXHAUSTED = 'ROTA_EXHAUSTED';

export const isTitleRequest = (req: Pick<RequestRecord, 'work'>): boolean => req.work !== null;

export function requestPlaced(r: DomainReader, e: DomainEvent<'request.placed'>): ReduceResult {
  const p = e.payload;
  const refused = borrowerRefusal(r, e) ?? placingPatronRefusal(r, e);
  if (refused) return refused;
  // Staff at the desk review as they place; a patron's request waits unless the library approves automatically.
  const approved = p.by === 'staff' || policyFor(r, { at: e.libraryId }).autoApproveRequests;
  const doc = newRequest(e, {
    lenderLibraryId: '',
    item: { barcode: '', title: p.work.title, author: p.work.author, callNumber: '', location: '', parts: 1 },
    work: p.work,
    review: { state: approved ? 'approved' : 'pending', placedBy: p.by, decidedAt: approved ? e.at : null, reason: '' },
  });
  return accept([{ collection: 'requests', doc }]);
}

export function requestReviewed(r: DomainReader, e: DomainEvent<'request.reviewed'>): ReduceResult {
  const p = e.payload;
  const req = r.get('requests', p.requestId);
  if (!req || !isParty(req, e.libraryId)) return reject('UNKNOWN_REQUEST', { requestId: p.requestId });
  if (req.borrowerLibraryId !== e.libraryId) return reject('NOT_A_PARTY', { role: 'borrower' });
  if (!req.work || !req.review) return reject('NOT_A_TITLE_REQUEST', { requestId: req.id });
  if (req.review.state !== 'pending' || !isOpenRequest(req)) return reject('REVIEW_NOT_PENDING', { state: req.review.state });
  const reason = p.reason.trim();
  if (p.decision === 'reject') {
    if (reason === '') return reject('REJECT_NEEDS_REASON');
    return accept([{
      collection: 'requests',
      doc: advance(req, e, { review: { ...req.review, state: 'rejected', decidedAt: e.at, reason }, borrowerState: 'cancelled', lenderState: 'cancelled', reason }),
    }]);
  }
  const work = p.edition !== undefined ? { ...req.work, edition: p.edition.trim() } : req.work;
  return accept([{ collection: 'requests', doc: advance(req, e, { work, review: { ...req.review, state: 'approved', decidedAt: e.at, reason } }) }]);
}

export function requestRouted(r: DomainReader, e: DomainEvent<'request.routed'>): ReduceResult {
  const req = r.get('requests', e.payload.requestId);
  if (!req) return reject('UNKNOWN_REQUEST', { requestId: e.payload.requestId });
  if (!req.work || !req.review) return reject('NOT_A_TITLE_REQUEST', { requestId: req.id });
  if (req.review.state !== 'approved') return reject('INVALID_TRANSITION', { state: `review ${req.review.state}` });
  if (req.rotaIndex !== -1 || !isOpenRequest(req)) return reject('INVALID_TRANSITION', { state: req.borrowerState });
  const rota: RotaEntry[] = e.payload.rota
    .filter((p) => p.libraryId !== req.borrowerLibraryId)
    .map((p, i) => ({ ...p, outcome: i === 0 ? 'asked' : 'waiting', note: '' }));
  const first = rota[0];
  if (!first) {
    return accept([{ collection: 'requests', doc: advance(req, e, { rota, borrowerState: 'unfilled', reason: UNFILLED_NO_LENDER }) }]);
  }
  return accept([{ collection: 'requests', doc: advance(req, e, { rota, rotaIndex: 0, lenderLibraryId: first.libraryId, askedAt: e.at, lenderState: 'new' }) }]);
}

/**
 * The current lender is done with the request (`outcome`): the next in the
 * rota gets it, fresh (no slip, no bound copy); after the last, the request
 * is unfilled for the borrowing library to review.
 */
export function moveAlong(req: RequestRecord, e: DomainEvent, outcome: 'cannot_supply' | 'timed_out', note: string): RequestRecord {
  const rota = req.rota.map((p, i) => (i === req.rotaIndex ? { ...p, outcome, note } : p));
  const next = req.rotaIndex + 1;
  const nextEntry = rota[next];
  if (!nextEntry) {
    return advance(req, e, { rota, lenderState: 'cannot_supply', borrowerState: 'unfilled', reason: UNFILLED_ROTA_EXHAUSTED });
  }
  rota[next] = { ...nextEntry, outcome: 'asked' };
  return advance(req, e, {
    rota, rotaIndex: next, lenderLibraryId: nextEntry.libraryId, askedAt: e.at,
    lenderState: 'new', borrowerState: 'sent', pullSlipPrintedAt: null,
    item: { ...req.item, barcode: '', callNumber: '', location: '' },
  });
}

export function lenderTimedOut(r: DomainReader, e: DomainEvent<'request.lender_timed_out'>): ReduceResult {
  const p = e.payload;
  const req = r.get('requests', p.requestId);
  if (!req) return reject('UNKNOWN_REQUEST', { requestId: p.requestId });
  if (!req.work) return reject('NOT_A_TITLE_REQUEST', { requestId: req.id });
  // A lender that acted, or a rota already past this position (another service process was first): nothing to skip.
  const current = req.rota[req.rotaIndex];
  if (req.rotaIndex !== p.position || current?.libraryId !== p.lenderLibraryId || req.lenderState !== 'new' || !isOpenRequest(req)) {
    return reject('ROTA_MOVED_ON');
  }
  const policy = policyFor(r, { at: p.lenderLibraryId });
  const waited = openDaysAfter(localDateOf(req.askedAt ?? req.updatedAt, policy.utcOffsetMinutes), localDateOf(e.at, policy.utcOffsetMinutes), policy);
  if (waited < policy.lenderResponseDays) return reject('LENDER_NOT_LATE', { days: waited, limit: policy.lenderResponseDays });
  return accept([{ collection: 'requests', doc: moveAlong(req, e, 'timed_out', '') }]);
}

/**
 * The request with a scanned copy bound: an item-level request (or a title
 * request already bound) only takes its own barcode; an unbound title request
 * takes the copy the lender scanned, with its shelf mark when the rota lists it.
 */
export function bindCopy(req: RequestRecord, barcode: string): RequestRecord['item'] | null {
  if (req.item.barcode !== '') return req.item.barcode === barcode ? req.item : null;
  if (!req.work) return null;
  const copy = req.rota[req.rotaIndex]?.copies.find((c) => c.barcode === barcode);
  return { ...req.item, barcode, callNumber: copy?.callNumber ?? req.item.callNumber, location: copy?.location ?? req.item.location };
}
