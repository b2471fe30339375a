// Packing, sealing, dispatching and receiving courier parcels, and routing
// every received item: hold shelf, home to its shelf, or onward.
import { pickupByFor, dueDateFor } from './policy';
import type { DomainEvent } from './events';
import type { ParcelItemKind, ParcelRecord, RequestRecord } from './records';
import { accept, advance, policyAt, reject, todayAt, type Outcome, type ReduceResult } from './reducer-kit';
import type { DomainReader, RecordWrite } from './store';

/** Which leg an item is on when this library packs it, and where that leg ends (the desk uses it to pick the parcel). */
export function legFor(req: RequestRecord, libraryId: string): { kind: ParcelItemKind; to: string } | null {
  if (libraryId === req.lenderLibraryId && (req.lenderState === 'new' || req.lenderState === 'pull_slip_printed')) {
    return { kind: 'outbound', to: req.borrowerLibraryId };
  }
  if (libraryId === req.borrowerLibraryId && req.borrowerState === 'awaiting_return_shipping') {
    return { kind: 'return', to: req.lenderLibraryId };
  }
  // An item that reached a third library by mistake travels on to where it was going.
  if (libraryId !== req.lenderLibraryId && libraryId !== req.borrowerLibraryId) {
    if (req.borrowerState === 'shipped') return { kind: 'forward', to: req.borrowerLibraryId };
    if (req.borrowerState === 'shipped_back') return { kind: 'forward', to: req.lenderLibraryId };
  }
  return null;
}

export function itemPacked(r: DomainReader, e: DomainEvent<'item.packed'>): ReduceResult {
  const p = e.payload;
  const req = r.get('requests', p.requestId);
  if (!req) return reject('UNKNOWN_REQUEST', { requestId: p.requestId });
  // Only a party (or a library forwarding an item in transit) may learn anything about the request.
  const party = e.libraryId === req.lenderLibraryId || e.libraryId === req.borrowerLibraryId;
  if (!party && req.borrowerState !== 'shipped' && req.borrowerState !== 'shipped_back') return reject('NOT_A_PARTY', { role: 'lender or borrower' });
  if (req.item.barcode !== p.itemBarcode) return reject('ITEM_MISMATCH', { scanned: p.itemBarcode, expected: req.item.barcode });
  // A second scan of a packed item (into this parcel or another) says where it already is.
  if (req.parcelId) {
    const current = r.get('parcels', req.parcelId);
    if (current && (current.state === 'open' || current.state === 'sealed') && current.fromLibraryId === e.libraryId && current.items.some((i) => i.barcode === p.itemBarcode)) {
      return reject('ITEM_ALREADY_PACKED', { itemBarcode: p.itemBarcode, parcelId: current.id });
    }
  }
  const leg = legFor(req, e.libraryId);
  if (!leg) return reject('INVALID_TRANSITION', { state: e.libraryId === req.lenderLibraryId ? req.lenderState : req.borrowerState });
  if (leg.to !== p.toLibraryId) return reject('PARCEL_WRONG_DESTINATION', { expected: leg.to, actual: p.toLibraryId });
  if (!r.get('libraries', p.toLibraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: p.toLibraryId });

  let parcel = r.get('parcels', p.parcelId);
  if (parcel) {
    if (parcel.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
    if (parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
    if (parcel.toLibraryId !== p.toLibraryId) return reject('PARCEL_WRONG_DESTINATION', { expected: p.toLibraryId, actual: parcel.toLibraryId });
    if (parcel.items.some((i) => i.barcode === p.itemBarcode)) return reject('ITEM_ALREADY_PACKED', { itemBarcode: p.itemBarcode, parcelId: parcel.id });
  } else {
    parcel = {
      id: p.parcelId, fromLibraryId: e.libraryId, toLibraryId: p.toLibraryId, state: 'open', courier: '', trackingNumber: '',
      items: [], missing: [], extras: [], openedAt: e.at, sealedAt: null, dispatchedAt: null, closedAt: null, updatedAt: e.at,
    };
  }
  const items = [...parcel.items, { barcode: p.itemBarcode, requestId: req.id, kind: leg.kind, title: req.item.title, packedAt: e.at, receivedAt: null }];
  const nextParcel: ParcelRecord = { ...parcel, items, updatedAt: e.at };
  const nextReq = advance(req, e, { parcelId: parcel.id, ...(leg.kind === 'outbound' ? { lenderState: 'awaiting_shipping' as const } : {}) });
  return accept(
    [{ collection: 'parcels', doc: nextParcel }, { collection: 'requests', doc: nextReq }],
    { kind: 'packed', parcelId: parcel.id, toLibraryId: parcel.toLibraryId, itemKind: leg.kind, count: items.length },
  );
}

export function itemUnpacked(r: DomainReader, e: DomainEvent<'item.unpacked'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
  if (parcel.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
  if (parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
  const item = parcel.items.find((i) => i.barcode === e.payload.itemBarcode);
  if (!item) return reject('ITEM_NOT_IN_PARCEL', { itemBarcode: e.payload.itemBarcode, parcelId: parcel.id });
  const writes: RecordWrite[] = [{ collection: 'parcels', doc: { ...parcel, items: parcel.items.filter((i) => i !== item), updatedAt: e.at } }];
  const req = r.get('requests', item.requestId);
  if (req) {
    // Back to the step before packing: 'new' unless a pull slip was really printed.
    const lenderState = req.pullSlipPrintedAt ? ('pull_slip_printed' as const) : ('new' as const);
    writes.push({ collection: 'requests', doc: advance(req, e, { parcelId: null, ...(item.kind === 'outbound' ? { lenderState } : {}) }) });
  }
  return accept(writes);
}

export function parcelSealed(r: DomainReader, e: DomainEvent<'parcel.sealed'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
  if (parcel.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
  if (parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
  if (parcel.items.length === 0) return reject('PARCEL_EMPTY');
  return accept([{ collection: 'parcels', doc: { ...parcel, state: 'sealed', sealedAt: e.at, updatedAt: e.at } }]);
}

export function parcelDispatched(r: DomainReader, e: DomainEvent<'parcel.dispatched'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
  if (parcel.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
  if (parcel.state !== 'sealed') return reject('PARCEL_STATE', { state: parcel.state });
  const writes: RecordWrite[] = [{
    collection: 'parcels',
    doc: { ...parcel, state: 'in_transit', courier: e.payload.courier, trackingNumber: e.payload.trackingNumber, dispatchedAt: e.at, updatedAt: e.at },
  }];
  for (const item of parcel.items) {
    const req = r.get('requests', item.requestId);
    if (!req || req.parcelId !== parcel.id) continue;
    if (item.kind === 'outbound') writes.push({ collection: 'requests', doc: advance(req, e, { lenderState: 'shipped', borrowerState: 'shipped' }) });
    else if (item.kind === 'return') writes.push({ collection: 'requests', doc: advance(req, e, { lenderState: 'return_in_transit', borrowerState: 'shipped_back' }) });
  }
  return accept(writes);
}

/** The open request an arriving barcode belongs to, using the parcel's sender and the tag's owner to disambiguate. */
function findRequest(r: DomainReader, barcode: string, parcel: ParcelRecord | undefined, owner: string | null): RequestRecord | 'none' | 'ambiguous' {
  const inManifest = parcel?.items.find((i) => i.barcode === barcode);
  if (inManifest) {
    const req = r.get('requests', inManifest.requestId);
    if (req) return req;
  }
  let candidates = r.openRequestsForItem(barcode);
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

export function itemReceived(r: DomainReader, e: DomainEvent<'item.received'>): ReduceResult {
  const p = e.payload;
  let parcel: ParcelRecord | undefined;
  if (p.parcelId !== null) {
    parcel = r.get('parcels', p.parcelId);
    if (!parcel) return reject('UNKNOWN_PARCEL', { parcelId: p.parcelId });
    if (parcel.toLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
    // Items may arrive before the sender's dispatch reached the service (both desks offline): reality wins.
    if (parcel.state !== 'in_transit' && parcel.state !== 'sealed' && parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
  }
  const found = findRequest(r, p.itemBarcode, parcel, p.ownerLibraryId);
  if (found === 'none') return reject('ITEM_NOT_EXPECTED', { itemBarcode: p.itemBarcode });
  if (found === 'ambiguous') return reject('AMBIGUOUS_ITEM', { itemBarcode: p.itemBarcode });
  const req = found;

  const writes: RecordWrite[] = [];
  if (parcel) {
    const idx = parcel.items.findIndex((i) => i.barcode === p.itemBarcode);
    const already = idx >= 0 && parcel.items[idx]!.receivedAt !== null;
    if (idx >= 0 && !already) {
      const items = parcel.items.map((it, i) => (i === idx ? { ...it, receivedAt: e.at } : it));
      writes.push({ collection: 'parcels', doc: { ...parcel, items, updatedAt: e.at } });
    } else if (idx < 0 && !parcel.extras.includes(p.itemBarcode)) {
      writes.push({ collection: 'parcels', doc: { ...parcel, extras: [...parcel.extras, p.itemBarcode], updatedAt: e.at } });
    }
    if (already) return accept([], repeatOutcome(r, req, e.libraryId));
  }

  if (e.libraryId === req.borrowerLibraryId && ARRIVING_AT_BORROWER.has(req.borrowerState)) {
    const policy = policyAt(r, e.libraryId);
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
      doc: advance(req, e, { borrowerState: 'on_hold_shelf', lenderState: 'shipped', holdId: p.holdId, checkedInOn: today, dueDate, parcelId: null }),
    });
    return accept(writes, { kind: 'hold_shelf', holdId: p.holdId, patronId: req.patronId, shelfSpot, pickupBy, dueDate, title: req.item.title, parts: req.item.parts, requestId: req.id });
  }
  if (e.libraryId === req.lenderLibraryId && ARRIVING_AT_LENDER.has(req.borrowerState)) {
    writes.push({ collection: 'requests', doc: advance(req, e, { borrowerState: 'complete', lenderState: 'complete', parcelId: null }) });
    return accept(writes, { kind: 'home', requestId: req.id, title: req.item.title, callNumber: req.item.callNumber, location: req.item.location });
  }
  return accept(writes, forwardOrHere(req, e.libraryId));
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

export function parcelClosed(r: DomainReader, e: DomainEvent<'parcel.closed'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
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
