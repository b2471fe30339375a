// Request creation and the lender's early steps (pull slip, cannot supply),
// and the borrower's cancellation.
import type { DomainEvent } from '../events';
import { accept, reject, type HandlersOf, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import type { REQUEST_EVENTS } from './events';
import { advance, isParty } from './history';
import { borrowerRefusal, newRequest, placingPatronRefusal } from './new-request';
import { bindCopy, isTitleRequest, lenderTimedOut, moveAlong, requestPlaced, requestReviewed, requestRouted } from './title';

function requestCreated(r: DomainReader, e: DomainEvent<'request.created'>): ReduceResult {
  const p = e.payload;
  const refused = borrowerRefusal(r, e);
  if (refused) return refused;
  const lender = r.get('libraries', p.lenderLibraryId);
  if (!lender) return reject('UNKNOWN_LIBRARY', { libraryId: p.lenderLibraryId });
  if (!lender.active) return reject('LIBRARY_INACTIVE', { libraryId: p.lenderLibraryId });
  if (lender.id === e.libraryId) return reject('SAME_LIBRARY');
  const patronRefused = placingPatronRefusal(r, e);
  if (patronRefused) return patronRefused;
  return accept([{ collection: 'requests', doc: newRequest(e, { lenderLibraryId: p.lenderLibraryId, item: p.item, work: null, review: null }) }]);
}

function pullSlipPrinted(r: DomainReader, e: DomainEvent<'request.pull_slip_printed'>): ReduceResult {
  const writes: RecordWrite[] = [];
  const scanned = new Map((e.payload.copies ?? []).map((c) => [c.requestId, c.itemBarcode]));
  for (const id of new Set(e.payload.requestIds)) {
    const req = r.get('requests', id);
    if (!req || !isParty(req, e.libraryId)) return reject('UNKNOWN_REQUEST', { requestId: id });
    if (req.lenderLibraryId !== e.libraryId) return reject('NOT_A_PARTY', { role: 'lender' });
    // Reprinting a slip for a request already further along is harmless: record nothing.
    if (req.lenderState !== 'new') continue;
    const barcode = scanned.get(id);
    const item = barcode === undefined ? req.item : bindCopy(req, barcode);
    if (!item) return reject('ITEM_MISMATCH', { scanned: barcode ?? '', expected: req.item.barcode });
    writes.push({
      collection: 'requests',
      doc: advance(req, e, {
        item,
        lenderState: 'pull_slip_printed',
        borrowerState: req.borrowerState === 'sent' ? 'expect_to_supply' : req.borrowerState,
        pullSlipPrintedAt: e.at,
      }),
    });
  }
  return accept(writes);
}

function cannotSupply(r: DomainReader, e: DomainEvent<'request.cannot_supply'>): ReduceResult {
  const req = r.get('requests', e.payload.requestId);
  // A request the library takes no part in is answered as one that does not exist (see hiddenFrom).
  if (!req || !isParty(req, e.libraryId)) return reject('UNKNOWN_REQUEST', { requestId: e.payload.requestId });
  if (req.lenderLibraryId !== e.libraryId) return reject('NOT_A_PARTY', { role: 'lender' });
  if (req.lenderState !== 'new' && req.lenderState !== 'pull_slip_printed') return reject('INVALID_TRANSITION', { state: req.lenderState });
  // A title request goes on to the next lender in its rota (or ends unfilled after the last).
  if (isTitleRequest(req) && req.rotaIndex >= 0) return accept([{ collection: 'requests', doc: moveAlong(req, e, 'cannot_supply', e.payload.reason) }]);
  return accept([{ collection: 'requests', doc: advance(req, e, { lenderState: 'cannot_supply', borrowerState: 'unfilled', reason: e.payload.reason }) }]);
}

function requestCancelled(r: DomainReader, e: DomainEvent<'request.cancelled'>): ReduceResult {
  const req = r.get('requests', e.payload.requestId);
  // A request the library takes no part in is answered as one that does not exist (see hiddenFrom).
  if (!req || !isParty(req, e.libraryId)) return reject('UNKNOWN_REQUEST', { requestId: e.payload.requestId });
  if (req.borrowerLibraryId !== e.libraryId) return reject('NOT_A_PARTY', { role: 'borrower' });
  // Once the item is packed it is physically on its way: it must come back through the normal cycle.
  if (req.lenderState !== 'new' && req.lenderState !== 'pull_slip_printed') return reject('INVALID_TRANSITION', { state: req.lenderState });
  return accept([{ collection: 'requests', doc: advance(req, e, { lenderState: 'cancelled', borrowerState: 'cancelled', reason: e.payload.reason }) }]);
}

export const REQUEST_HANDLERS: HandlersOf<keyof typeof REQUEST_EVENTS> = {
  'request.created': requestCreated,
  'request.pull_slip_printed': pullSlipPrinted,
  'request.cannot_supply': cannotSupply,
  'request.cancelled': requestCancelled,
  'request.placed': requestPlaced,
  'request.reviewed': requestReviewed,
  'request.routed': requestRouted,
  'request.lender_timed_out': lenderTimedOut,
};
