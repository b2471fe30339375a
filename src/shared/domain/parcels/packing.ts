// Packing, sealing and dispatching courier parcels at the sending library.
//
// Two desks of one library may pack into the same open parcel. When one
// seals it, the other's scans (made before it knew, online or offline) still
// land somewhere: the reducer puts the item into the parcel's successor, an
// open parcel on the same route whose id is derived from the sealed one's
// (successorOf), so every desk and the service pick the same parcel without
// having to list parcels, and the outcome says where the item went.
import type { DomainEvent } from '../events';
import { accept, reject, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import { advance, isParty } from '../requests/history';
import type { RequestRecord } from '../requests/records';
import { bindCopy } from '../requests/title';
import type { ParcelItemKind, ParcelRecord } from './records';

/** A parcel neither sent from nor to the library: refusals about it are those for an unknown parcel (see hiddenFrom). */
export function parcelHidden(parcel: Pick<ParcelRecord, 'fromLibraryId' | 'toLibraryId'>, libraryId: string): boolean {
  return parcel.fromLibraryId !== libraryId && parcel.toLibraryId !== libraryId;
}

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

/**
 * Whether a library may pack the request's item: a party, or a third library
 * the item has reached (its last step is this library receiving it). Anyone
 * else learns nothing, not even that the request exists.
 */
export function mayPack(req: RequestRecord, libraryId: string): boolean {
  if (isParty(req, libraryId)) return true;
  const last = req.history[req.history.length - 1];
  return last !== undefined && last.type === 'item.received' && last.libraryId === libraryId;
}

const MAX_SUCCESSORS = 100;
const ID_MAX = 64;

/** The parcel that takes scans meant for `parcelId` once it is sealed: P → P:2 → P:3 … */
export function successorOf(parcelId: string): string {
  const m = /^(.*):(\d{1,3})$/.exec(parcelId);
  const [base, n] = m ? [m[1]!, Number(m[2])] : [parcelId, 1];
  const suffix = `:${n + 1}`;
  return `${base.slice(0, ID_MAX - suffix.length)}${suffix}`;
}

type Target = { parcel: ParcelRecord; redirectedFrom?: string } | ReduceResult;

/** The open parcel a scan into `chosen` goes to: itself while open, else the first open (or new) successor on the same route. */
function packTarget(r: DomainReader, e: DomainEvent<'item.packed'>, chosen: ParcelRecord | undefined): Target {
  const p = e.payload;
  if (!chosen) return { parcel: newParcel(p.parcelId, e) };
  if (chosen.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: chosen.id });
  if (chosen.toLibraryId !== p.toLibraryId) return reject('PARCEL_WRONG_DESTINATION', { expected: p.toLibraryId, actual: chosen.toLibraryId });
  if (chosen.state === 'open') return { parcel: chosen };
  let id = chosen.id;
  for (let i = 0; i < MAX_SUCCESSORS; i++) {
    id = successorOf(id);
    const next = r.get('parcels', id);
    if (!next) return { parcel: newParcel(id, e), redirectedFrom: chosen.id };
    const sameRoute = next.fromLibraryId === e.libraryId && next.toLibraryId === p.toLibraryId;
    if (sameRoute && next.state === 'open') return { parcel: next, redirectedFrom: chosen.id };
  }
  return reject('PARCEL_STATE', { state: chosen.state });
}

function newParcel(id: string, e: DomainEvent<'item.packed'>): ParcelRecord {
  return {
    id, fromLibraryId: e.libraryId, toLibraryId: e.payload.toLibraryId, state: 'open', courier: '', trackingNumber: '',
    items: [], missing: [], extras: [], openedAt: e.at, sealedAt: null, dispatchedAt: null, closedAt: null, updatedAt: e.at,
  };
}

export function itemPacked(r: DomainReader, e: DomainEvent<'item.packed'>): ReduceResult {
  const p = e.payload;
  const req = r.get('requests', p.requestId);
  // Not a party and not holding the item: the same answer as for a request that does not exist.
  if (!req || !mayPack(req, e.libraryId)) return reject('UNKNOWN_REQUEST', { requestId: p.requestId });
  // A title request takes the copy the lender scanned (bindCopy); any other request only its own item.
  const item = bindCopy(req, p.itemBarcode);
  if (!item) return reject('ITEM_MISMATCH', { scanned: p.itemBarcode, expected: req.item.barcode });
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

  const target = packTarget(r, e, r.get('parcels', p.parcelId));
  if ('ok' in target) return target;
  const { parcel, redirectedFrom } = target;
  if (parcel.items.some((i) => i.barcode === p.itemBarcode)) return reject('ITEM_ALREADY_PACKED', { itemBarcode: p.itemBarcode, parcelId: parcel.id });
  const items = [...parcel.items, { barcode: p.itemBarcode, requestId: req.id, kind: leg.kind, title: req.item.title, packedAt: e.at, receivedAt: null }];
  const nextParcel: ParcelRecord = { ...parcel, items, updatedAt: e.at };
  const nextReq = advance(req, e, { item, parcelId: parcel.id, ...(leg.kind === 'outbound' ? { lenderState: 'awaiting_shipping' as const } : {}) });
  return accept(
    [{ collection: 'parcels', doc: nextParcel }, { collection: 'requests', doc: nextReq }],
    { kind: 'packed', parcelId: parcel.id, toLibraryId: parcel.toLibraryId, itemKind: leg.kind, count: items.length, ...(redirectedFrom ? { redirectedFrom } : {}) },
  );
}

export function itemUnpacked(r: DomainReader, e: DomainEvent<'item.unpacked'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel || parcelHidden(parcel, e.libraryId)) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
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
  if (!parcel || parcelHidden(parcel, e.libraryId)) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
  if (parcel.fromLibraryId !== e.libraryId) return reject('PARCEL_NOT_YOURS', { parcelId: parcel.id });
  if (parcel.state !== 'open') return reject('PARCEL_STATE', { state: parcel.state });
  if (parcel.items.length === 0) return reject('PARCEL_EMPTY');
  return accept([{ collection: 'parcels', doc: { ...parcel, state: 'sealed', sealedAt: e.at, updatedAt: e.at } }]);
}

export function parcelDispatched(r: DomainReader, e: DomainEvent<'parcel.dispatched'>): ReduceResult {
  const parcel = r.get('parcels', e.payload.parcelId);
  if (!parcel || parcelHidden(parcel, e.libraryId)) return reject('UNKNOWN_PARCEL', { parcelId: e.payload.parcelId });
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
