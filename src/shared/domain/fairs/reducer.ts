// Swap fairs in the shared rules. The service creates fairs and their books,
// takes reservations and lapses them; a desk at the fair's entry records the
// hand-over when the patron's slip is scanned. One rule decides a hand-over
// made offline that reaches the service after its reservation was swept as
// lapsed: what happened at the desk before the hold ran out stands (the book
// is gone), and a later reservation of that book is withdrawn.
import type { DomainEvent } from '../events';
import { accept, reject, type HandlersOf, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import { policyFor, todayAt } from '../policy-for';
import type { FAIR_EVENTS } from './events';
import type { FairItemRecord, FairRecord, FairReservationRecord } from './records';
import { isPastHold } from './hold';

/** Events the service makes itself carry this device id (as the administrator's do). */
const SERVICE_DEVICE_ID = 'admin';

const serviceOnly = (e: DomainEvent): ReduceResult | null => (e.deviceId === SERVICE_DEVICE_ID ? null : reject('SERVICE_ONLY', { type: e.type }));

function fairCreated(r: DomainReader, e: DomainEvent<'fair.created'>): ReduceResult {
  const refused = serviceOnly(e);
  if (refused) return refused;
  const f = e.payload.fair;
  if (r.get('fairs', f.id)) return reject('DUPLICATE_ID', { id: f.id });
  if (!r.get('libraries', e.libraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: e.libraryId });
  if (f.startsOn > f.endsOn) return reject('FAIR_INVALID', { detail: 'startsOn is after endsOn' });
  const fair: FairRecord = { ...f, libraryId: e.libraryId, createdAt: e.at, updatedAt: e.at };
  return accept([{ collection: 'fairs', doc: fair }]);
}

/** The fair, if it is this event's library's (another library's fair is answered as unknown). */
function fairOf(r: DomainReader, fairId: string, libraryId: string): FairRecord | undefined {
  const fair = r.get('fairs', fairId);
  return fair && fair.libraryId === libraryId ? fair : undefined;
}

function itemsAdded(r: DomainReader, e: DomainEvent<'fair.items_added'>): ReduceResult {
  const refused = serviceOnly(e);
  if (refused) return refused;
  const fair = fairOf(r, e.payload.fairId, e.libraryId);
  if (!fair) return reject('FAIR_UNKNOWN', { fairId: e.payload.fairId });
  const seen = new Set<string>();
  const writes: RecordWrite[] = [];
  for (const i of e.payload.items) {
    if (seen.has(i.id) || r.get('fairItems', i.id)) return reject('DUPLICATE_ID', { id: i.id });
    seen.add(i.id);
    const item: FairItemRecord = { ...i, fairId: fair.id, libraryId: fair.libraryId, state: 'available', reservationId: null, updatedAt: e.at };
    writes.push({ collection: 'fairItems', doc: item });
  }
  return accept(writes);
}

function reserved(r: DomainReader, e: DomainEvent<'fair.reserved'>): ReduceResult {
  const refused = serviceOnly(e);
  if (refused) return refused;
  const p = e.payload;
  const fair = fairOf(r, p.fairId, e.libraryId);
  if (!fair) return reject('FAIR_UNKNOWN', { fairId: p.fairId });
  if (todayAt(r, e, fair.libraryId) > fair.endsOn) return reject('FAIR_CLOSED', { title: fair.title, endsOn: fair.endsOn });
  const item = r.get('fairItems', p.itemId);
  if (!item || item.fairId !== fair.id) return reject('FAIR_ITEM_UNKNOWN', { itemId: p.itemId });
  if (item.state !== 'available') return reject('FAIR_ITEM_TAKEN', { title: item.title });
  if (r.get('fairReservations', p.slipCode)) return reject('DUPLICATE_ID', { id: p.slipCode });
  const reservation: FairReservationRecord = {
    id: p.slipCode, fairId: fair.id, itemId: item.id, libraryId: fair.libraryId, title: item.title, shelfMark: item.shelfMark,
    patronId: p.patronId, patronMasked: p.patronMasked, reservedAt: e.at, holdUntil: p.holdUntil, state: 'reserved',
    handedOverAt: null, handedOverBy: null, endedAt: null, updatedAt: e.at,
  };
  return accept([
    { collection: 'fairReservations', doc: reservation },
    { collection: 'fairItems', doc: { ...item, state: 'reserved', reservationId: reservation.id, updatedAt: e.at } },
  ]);
}

/** The reservation ends without a hand-over; its book goes back on offer if this reservation still held it. */
function endWithout(r: DomainReader, res: FairReservationRecord, state: 'lapsed' | 'cancelled', at: string): RecordWrite[] {
  const writes: RecordWrite[] = [{ collection: 'fairReservations', doc: { ...res, state, endedAt: at, updatedAt: at } }];
  const item = r.get('fairItems', res.itemId);
  if (item && item.reservationId === res.id && item.state === 'reserved') writes.push({ collection: 'fairItems', doc: { ...item, state: 'available', reservationId: null, updatedAt: at } });
  return writes;
}

function cancelled(r: DomainReader, e: DomainEvent<'fair.reservation_cancelled'>): ReduceResult {
  const refused = serviceOnly(e);
  if (refused) return refused;
  const res = r.get('fairReservations', e.payload.slipCode);
  if (!res || res.libraryId !== e.libraryId) return reject('FAIR_SLIP_UNKNOWN', { slipCode: e.payload.slipCode });
  if (res.state !== 'reserved') return reject(refusalOf(res), paramsOf(r, res));
  return accept(endWithout(r, res, 'cancelled', e.at));
}

function lapsed(r: DomainReader, e: DomainEvent<'fair.reservation_lapsed'>): ReduceResult {
  const refused = serviceOnly(e);
  if (refused) return refused;
  const res = r.get('fairReservations', e.payload.slipCode);
  if (!res || res.libraryId !== e.libraryId) return reject('FAIR_SLIP_UNKNOWN', { slipCode: e.payload.slipCode });
  // Handed over (or ended) meanwhile, or not yet due: nothing to lapse.
  if (res.state !== 'reserved' || !isPastHold(res.holdUntil, Date.parse(e.at))) return accept([]);
  return accept(endWithout(r, res, 'lapsed', e.at));
}

/** The hold's end as staff and patrons read it: the library's local date and time (2026-12-10 10:00). */
function localTime(r: DomainReader, iso: string, libraryId: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms + policyFor(r, { at: libraryId }).utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

const paramsOf = (r: DomainReader, res: FairReservationRecord) => ({ slipCode: res.id, title: res.title, holdUntil: localTime(r, res.holdUntil, res.libraryId) });
function refusalOf(res: FairReservationRecord): 'FAIR_SLIP_LAPSED' | 'FAIR_SLIP_CANCELLED' | 'FAIR_SLIP_WITHDRAWN' {
  return res.state === 'cancelled' ? 'FAIR_SLIP_CANCELLED' : res.state === 'withdrawn' ? 'FAIR_SLIP_WITHDRAWN' : 'FAIR_SLIP_LAPSED';
}

function handedOver(r: DomainReader, e: DomainEvent<'fair.handed_over'>): ReduceResult {
  const res = r.get('fairReservations', e.payload.slipCode);
  // Another library's slip is answered as one that does not exist.
  if (!res || res.libraryId !== e.libraryId) return reject('FAIR_SLIP_UNKNOWN', { slipCode: e.payload.slipCode });
  // A second scan (this desk or another, offline together) changes nothing: the first hand-over stands.
  if (res.state === 'handed_over') return accept([]);
  if (res.state === 'cancelled' || res.state === 'withdrawn') return reject(refusalOf(res), paramsOf(r, res));
  // Judged by when the desk scanned it, so a hand-over made offline in time stands even if the sweep lapsed it since.
  if (isPastHold(res.holdUntil, Date.parse(e.at))) return reject('FAIR_SLIP_LAPSED', paramsOf(r, res));
  const fair = r.get('fairs', res.fairId);
  if (fair) {
    const today = todayAt(r, e, fair.libraryId);
    if (today < fair.startsOn || today > fair.endsOn) return reject('FAIR_NOT_OPEN', { title: fair.title, startsOn: fair.startsOn, endsOn: fair.endsOn, today });
  }
  const writes: RecordWrite[] = [{ collection: 'fairReservations', doc: { ...res, state: 'handed_over', handedOverAt: e.at, handedOverBy: e.deviceId, endedAt: e.at, updatedAt: e.at } }];
  const item = r.get('fairItems', res.itemId);
  if (item) {
    writes.push({ collection: 'fairItems', doc: { ...item, state: 'handed_over', reservationId: res.id, updatedAt: e.at } });
    // Lapsed here meanwhile and reserved again: the later reservation cannot have the book.
    const later = item.reservationId !== null && item.reservationId !== res.id ? r.get('fairReservations', item.reservationId) : undefined;
    if (later && later.state === 'reserved') writes.push({ collection: 'fairReservations', doc: { ...later, state: 'withdrawn', endedAt: e.at, updatedAt: e.at } });
  }
  return accept(writes);
}

export const FAIR_HANDLERS: HandlersOf<keyof typeof FAIR_EVENTS> = {
  'fair.created': fairCreated,
  'fair.items_added': itemsAdded,
  'fair.reserved': reserved,
  'fair.reservation_cancelled': cancelled,
  'fair.reservation_lapsed': lapsed,
  'fair.handed_over': handedOver,
};
