// Receiving courier parcels and routing every received item: hold shelf,
// home to its shelf, or onward; closing a parcel with what was missing.
//
// A library learns about a request only if it takes part in it, or if the
// item reached it in a parcel addressed to it from a library that does (a
// mis-sent item it now holds). Any other scan gets the answer an unknown
// barcode gets, so nobody can ask whether another pair's item exists.
import type { DomainEvent } from '../events';
import { dueDateFor, pickupByFor } from '../policy';
import { policyFor, todayAt } from '../policy-for';
import { accept, reject, type Outcome, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import { advance, isParty } from '../requests/history';
import type { RequestRecord } from '../requests/records';
import { parcelHidden } from './packing';
import type { ParcelRecord } from './records';

/** Whether a library may learn about the request from this scan: a party, or the receiver of a parcel a party sent. */
function mayReceive(req: RequestRecord, libraryId: string, parcel: ParcelRecord | undefined): boolean {
  return isParty(req, libraryId) || (parcel !== undefined && parcel.toLibraryId === libraryId && isParty(req, parcel.fromLibraryId));
}

/**
 * The open request an arriving barcode belongs to, using the parcel's sender
 * and the tag's owner to disambiguate — among the requests this library may
 * know of, so that neither the answer nor an ambiguity tells of others'.
 */
function findRequest(r: DomainReader, barcode: string, parcel: ParcelRecord | undefined, owner: string | null, libraryId: string): RequestRecord | 'none' | 'ambiguous' {
  const inManifest = parcel?.items.find((i) => i.barcode === barcode);
  if (inManifest) {
    const req = r.get('requests', inManifest.requestId);
    if (req && mayReceive(req, libraryId, parcel)) return req;
  }
  let candidates = r.openRequestsForItem(barcode).filter((c) => mayReceive(c, libraryId, parcel));
  if (owner) candidates = candidates.filter((c) => c.lenderLibraryId === owner);
  if (candidates.length > 1 && parcel) {
    const from = parcel.fromLibraryId;
    const narrowed = candidates.filter((c) => c.lenderLibraryId === from || c.borrowerLibraryId === from);
    if (narrowed.length > 0) candidates = narrowed;
  }
  if (candidates.length === 0) return 'none';
  if (candidates.length > 1) return 'ambiguous';
  return candidates[0]!;
}

const ARRIVING_AT_BORROWER = new Set(['sent', 'expect_to_supply', 'shipped']);
const ARRIVING_AT_LENDER = new Set(['awaiting_return_shipping', 'shipped_back']);

function itemReceived(r: DomainReader, e: DomainEvent<'item.received'>): ReduceResult {
  const p = e.payload;
  let parcel: ParcelRecord | undefined;
  if (p.parcelId !== null) {
    parcel = r.get('parcels', p.parcelId);
    if (!parcel || parcelHidden(parcel, e.libraryId)) return reject('UNKNOWN_PARCEL', { parcelId: p.parcelId });
    if (parcel.toLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
    // Items may arrive before the sender's dispatch reached the service (both desks offline): reality wins.
    if (parcel.state !== 'in_transit' && parcel.state !== 'sealed' && parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
  }
  const found = findRequest(r, p.itemBarcode, parcel, p.ownerLibraryId, e.libraryId);
  if (found === 'none') return reject('ITEM_NOT_EXPECTED', { itemBarcode: p.itemBarcode });
  if (found === 'ambiguous') return reject('AMBIGUOUS_ITEM', { itemBarcode: p.itemBarcode });
  const req = found;

  const writes: RecordWrite[] = [];
  // The item is credited to the parcel that carries it — the one being received, another one on its way here, or one
  // already closed with the item recorded missing — so closing that parcel never records a false shortage.
  const holder = holderOf(r, req, p.itemBarcode, parcel, e.libraryId);
  let foundLate = false;
  if (holder) {
    const item = holder.items.find((i) => i.barcode === p.itemBarcode)!;
    if (item.receivedAt !== null) return accept([], repeatOutcome(r, req, e.libraryId));
    const items = holder.items.map((it) => (it === item ? { ...it, receivedAt: e.at } : it));
    if (holder.state === 'discrepancy') {
      // A late arrival of a book recorded missing: the shortage is cleared on the parcel and on the request.
      foundLate = true;
      const missing = holder.missing.filter((b) => b !== p.itemBarcode);
      writes.push({ collection: 'parcels', doc: { ...holder, items, missing, state: missing.length > 0 ? 'discrepancy' : 'received', updatedAt: e.at } });
    } else {
      writes.push({ collection: 'parcels', doc: { ...holder, items, updatedAt: e.at } });
    }
  } else if (parcel && !parcel.extras.includes(p.itemBarcode)) {
    writes.push({ collection: 'parcels', doc: { ...parcel, extras: [...parcel.extras, p.itemBarcode], updatedAt: e.at } });
  }
  const cleared = foundLate ? { reason: '' } : {};

  if (e.libraryId === req.borrowerLibraryId && ARRIVING_AT_BORROWER.has(req.borrowerState)) {
    // The hold's policy (policyFor): the pickup library's, where the loan will be made.
    const policy = policyFor(r, { at: e.libraryId });
    const today = todayAt(r, e, e.libraryId);
    if (r.get('holds', p.holdId)) return reject('DUPLICATE_ID', { id: p.holdId });
    const patron = r.get('patrons', req.patronId);
    const shelfSpot = shelfSpotFor(patron?.cardNumbers[0] ?? req.patronId);
    const pickupBy = pickupByFor(today, policy);
    // The loan period counts from the day the borrowing library checks the item in (consortium rule).
    const dueDate = dueDateFor(today, policy);
    writes.push({
      collection: 'holds',
      doc: {
        id: p.holdId, requestId: req.id, patronId: req.patronId, libraryId: e.libraryId, ownerLibraryId: req.lenderLibraryId, itemBarcode: req.item.barcode,
        title: req.item.title, parts: req.item.parts, shelfSpot, shelvedOn: today, pickupBy, state: 'waiting', updatedAt: e.at,
      },
    });
    writes.push({
      collection: 'requests',
      doc: advance(req, e, { borrowerState: 'on_hold_shelf', lenderState: 'shipped', holdId: p.holdId, checkedInOn: today, dueDate, parcelId: null, ...cleared }),
    });
    return accept(writes, { kind: 'hold_shelf', holdId: p.holdId, patronId: req.patronId, shelfSpot, pickupBy, dueDate, title: req.item.title, parts: req.item.parts, requestId: req.id });
  }
  if (e.libraryId === req.lenderLibraryId && ARRIVING_AT_LENDER.has(req.borrowerState)) {
    writes.push({ collection: 'requests', doc: advance(req, e, { borrowerState: 'complete', lenderState: 'complete', parcelId: null, ...cleared }) });
    return accept(writes, { kind: 'home', requestId: req.id, title: req.item.title, callNumber: req.item.callNumber, location: req.item.location });
  }
  const onward = forwardOrHere(req, e.libraryId);
  // A third library that now holds the item notes it on the request: that is what lets it pack the item onward (mayPack).
  if ((onward.kind === 'forward' && !isParty(req, e.libraryId)) || foundLate) writes.push({ collection: 'requests', doc: advance(req, e, cleared) });
  return accept(writes, onward);
}

const RECEIVABLE = new Set(['open', 'sealed', 'in_transit', 'discrepancy']);

/**
 * The parcel addressed to this library that lists the item: the one being received if its manifest has it, else the
 * request's own parcel (the item came in another box, or loose). A closed parcel counts only when it recorded the
 * item missing.
 */
function holderOf(r: DomainReader, req: RequestRecord, barcode: string, parcel: ParcelRecord | undefined, libraryId: string): ParcelRecord | undefined {
  if (parcel?.items.some((i) => i.barcode === barcode)) return parcel;
  const own = req.parcelId ? r.get('parcels', req.parcelId) : undefined;
  if (!own || own.toLibraryId !== libraryId || !RECEIVABLE.has(own.state)) return undefined;
  if (!own.items.some((i) => i.barcode === barcode)) return undefined;
  if (own.state === 'discrepancy' && !own.missing.includes(barcode)) return undefined;
  return own;
}

/** What the desk tells staff about a scan beyond its route: credited to another parcel, or already received (a repeat). */
export interface Receipt {
  elsewhere?: { parcelId: string; fromLibraryId: string; wasMissing: boolean };
  /** When this item was received here already: the scan is a repeat. */
  receivedAt?: string;
}

/** Read before the scan is recorded, with the same rule the reducer credits the item by (holderOf). */
export function receiptOf(r: DomainReader, barcode: string, parcelId: string | null, owner: string | null, libraryId: string): Receipt {
  const parcel = parcelId ? r.get('parcels', parcelId) : undefined;
  const found = findRequest(r, barcode, parcel, owner, libraryId);
  const holder = typeof found === 'string' ? undefined : holderOf(r, found, barcode, parcel, libraryId);
  const item = holder?.items.find((i) => i.barcode === barcode);
  if (!holder || !item) return {};
  if (item.receivedAt !== null) return { receivedAt: item.receivedAt };
  if (holder.id === parcelId) return {};
  return { elsewhere: { parcelId: holder.id, fromLibraryId: holder.fromLibraryId, wasMissing: holder.state === 'discrepancy' } };
}

/** A second scan of an item already received here gets the same answer as the first. */
function repeatOutcome(r: DomainReader, req: RequestRecord, libraryId: string): Outcome {
  const hold = req.holdId ? r.get('holds', req.holdId) : undefined;
  if (libraryId === req.borrowerLibraryId && hold && hold.state === 'waiting') {
    return {
      kind: 'hold_shelf', holdId: hold.id, patronId: hold.patronId, shelfSpot: hold.shelfSpot, pickupBy: hold.pickupBy,
      dueDate: req.dueDate ?? hold.pickupBy, title: req.item.title, parts: req.item.parts, requestId: req.id,
    };
  }
  if (libraryId === req.lenderLibraryId && req.lenderState === 'complete') {
    return { kind: 'home', requestId: req.id, title: req.item.title, callNumber: req.item.callNumber, location: req.item.location };
  }
  return forwardOrHere(req, libraryId);
}

/** Where an item goes when it arrives somewhere that is not the end of its current leg. */
function forwardOrHere(req: RequestRecord, libraryId: string): Outcome {
  if (req.borrowerState === 'on_hold_shelf' && libraryId === req.borrowerLibraryId) {
    return { kind: 'recorded' };
  }
  const returning = ARRIVING_AT_LENDER.has(req.borrowerState);
  const to = returning ? req.lenderLibraryId : req.borrowerLibraryId;
  if (to === libraryId) return { kind: 'recorded' };
  return { kind: 'forward', requestId: req.id, toLibraryId: to, title: req.item.title };
}

/** Hold shelves are sorted by the last digits of the card number, as most desks already do. */
export function shelfSpotFor(card: string): string {
  const digits = card.replace(/\D/g, '');
  return `H-${(digits.slice(-3) || '000').padStart(3, '0')}`;
}

function parcelClosed(r: DomainReader, e: DomainEvent<'parcel.closed'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel || parcelHidden(parcel, e.libraryId)) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
  if (parcel.toLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
  if (parcel.state === 'received' || parcel.state === 'discrepancy') return reject('PARCEL_STATE', { state: parcel.state });
  const missing = parcel.items.filter((i) => i.receivedAt === null).map((i) => i.barcode);
  const writes: RecordWrite[] = [{
    collection: 'parcels',
    doc: { ...parcel, state: missing.length > 0 ? 'discrepancy' : 'received', missing, closedAt: e.at, updatedAt: e.at },
  }];
  // A missing item is recorded on its request too, so both libraries see it in the request's history.
  for (const item of parcel.items) {
    if (item.receivedAt !== null) continue;
    const req = r.get('requests', item.requestId);
    if (req) writes.push({ collection: 'requests', doc: advance(req, e, { reason: `missing from parcel ${parcel.id}` }) });
  }
  return accept(writes, { kind: 'parcel_closed', parcelId: parcel.id, missing, extras: parcel.extras });
}

export const RECEIVING_HANDLERS = { 'item.received': itemReceived, 'parcel.closed': parcelClosed } as const;
