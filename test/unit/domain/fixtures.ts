// Small worlds for the reducer's unit tests: libraries, the consortium policy,
// patrons and requests put straight into a MemoryStore, plus helpers that
// build events and apply a reducer result back to the store.
import { expect } from 'vitest';
import type { DomainEvent, EventPayload, EventType } from '#shared/domain/events';
import { formatHlc } from '#shared/domain/hlc';
import { CONSORTIUM_POLICY_ID, type PolicyFields } from '#shared/domain/policy';
import { reduce, type Outcome, type ReduceResult } from '#shared/domain/reducer';
import {
  RECORD_COLLECTIONS,
  type ItemRef,
  type LibraryRecord,
  type PatronRecord,
  type PolicyRecord,
  type RequestRecord,
} from '#shared/domain/records';
import { MemoryStore, type RecordWrite } from '#shared/domain/store';

export const LENDER = 'NPTU';
export const BORROWER = 'NKUST';
export const THIRD = 'NUK';
export const SLEEPY = 'AFIT'; // an inactive member
export const T0 = '2024-01-01T00:00:00.000Z';

/** 2025-03-03 is a Monday; 2025-03-02 and 2025-03-09 are Sundays. */
export const MON = '2025-03-03';

/** An instant at 10:00 local time (UTC+8) on a local date. */
export function atLocal(date: string, hhmm = '10:00'): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + ((h - 8) * 60 + m) * 60_000).toISOString();
}

export function library(code: string, over: Partial<LibraryRecord> = {}): LibraryRecord {
  return {
    id: code, isil: `TW-${code}`, nameZh: code, nameEn: code, region: 'kaohsiung', active: true,
    hours: '', contact: '', courierWeekdays: [1, 4], updatedAt: T0, ...over,
  };
}

export function consortiumPolicy(fields: Partial<PolicyFields> = {}): PolicyRecord {
  return { id: CONSORTIUM_POLICY_ID, libraryId: null, fields, updatedAt: T0 };
}

export function libraryPolicy(libraryId: string, fields: Partial<PolicyFields>): PolicyRecord {
  return { id: `policy-${libraryId}`, libraryId, fields, updatedAt: T0 };
}

export function patron(id: string, homeLibraryId: string, card: string, over: Partial<PatronRecord> = {}): PatronRecord {
  return {
    id, homeLibraryId, cardNumbers: [card], name: `Patron ${id}`, status: 'active', expiresOn: '2030-12-31',
    blocks: [], loanCount: 0, finesOwed: 0, updatedAt: T0, ...over,
  };
}

export function item(barcode: string, over: Partial<ItemRef> = {}): ItemRef {
  return { barcode, title: `Title ${barcode}`, author: 'Author', callNumber: '001.1 A12', location: 'Stacks', parts: 1, ...over };
}

export function requestRecord(over: Partial<RequestRecord> & { id: string }): RequestRecord {
  return {
    borrowerLibraryId: BORROWER, lenderLibraryId: LENDER, patronId: 'p-1', item: item('31234000000017'),
    work: null, review: null, rota: [], rotaIndex: -1, askedAt: null,
    neededBy: null, note: '', borrowerState: 'sent', lenderState: 'new', pullSlipPrintedAt: null, parcelId: null,
    holdId: null, loanId: null, checkedInOn: null, dueDate: null, reason: '', history: [], createdAt: T0, updatedAt: T0,
    ...over,
  };
}

export interface WorldOptions {
  policy?: Partial<PolicyFields>;
  extraPatrons?: PatronRecord[];
}

/**
 * Lender NPTU, borrower NKUST, a third library NUK and an inactive AFIT; the
 * consortium policy; patron p-1 (card …12345) and p-2 (card …00777) of NKUST,
 * p-9 of NUK.
 */
export function world(opts: WorldOptions = {}): MemoryStore {
  const s = new MemoryStore();
  for (const code of [LENDER, BORROWER, THIRD]) s.put({ collection: 'libraries', doc: library(code) });
  s.put({ collection: 'libraries', doc: library(SLEEPY, { active: false }) });
  s.put({ collection: 'policies', doc: consortiumPolicy(opts.policy) });
  s.put({ collection: 'patrons', doc: patron('p-1', BORROWER, '2001000012345') });
  s.put({ collection: 'patrons', doc: patron('p-2', BORROWER, '2001000000777') });
  s.put({ collection: 'patrons', doc: patron('p-9', THIRD, '3001000000999') });
  for (const p of opts.extraPatrons ?? []) s.put({ collection: 'patrons', doc: p });
  return s;
}

let seq = 0;
/** A ULID-shaped event id, unique within the run. */
export function eventId(): string {
  seq += 1;
  return `01J${seq.toString().padStart(23, '0')}`;
}

export function ev<T extends EventType>(type: T, payload: EventPayload<T>, libraryId: string, at = atLocal(MON)): DomainEvent<T> {
  const e = {
    id: eventId(), deviceId: `desk-${libraryId}`, libraryId, hlc: formatHlc({ wallMs: Date.parse(at), counter: 0, node: `desk-${libraryId}` }),
    at, status: 'pending' as const, reason: '', type, payload,
  };
  return e as unknown as DomainEvent<T>;
}

export function applyWrites(store: MemoryStore, writes: readonly RecordWrite[]): void {
  for (const w of writes) store.put(w);
}

/** Reduce an event that must succeed, apply its writes, return its writes and outcome. */
export function step<T extends EventType>(
  store: MemoryStore, type: T, payload: EventPayload<T>, libraryId: string, at?: string,
): { writes: RecordWrite[]; outcome: Outcome } {
  const res = reduce(store, ev(type, payload, libraryId, at) as DomainEvent);
  if (!res.ok) throw new Error(`${type} refused: ${res.reason} ${JSON.stringify(res.params)}`);
  applyWrites(store, res.writes);
  return { writes: res.writes, outcome: res.outcome };
}

/** Reduce an event that must be refused with `reason`; return its params. */
export function refused<T extends EventType>(
  store: MemoryStore, type: T, payload: EventPayload<T>, libraryId: string, reason: string, at?: string,
): Record<string, string | number> {
  const res: ReduceResult = reduce(store, ev(type, payload, libraryId, at) as DomainEvent);
  expect(res.ok ? 'accepted' : res.reason).toBe(reason);
  return res.ok ? {} : { ...res.params };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** Freeze every document in the store (in place), so a mutating reducer throws. */
export function freezeAll(store: MemoryStore): MemoryStore {
  for (const c of RECORD_COLLECTIONS) for (const d of store.all(c)) deepFreeze(d);
  return store;
}

/** A JSON snapshot of every document, to show nothing changed. */
export function snapshot(store: MemoryStore): string {
  return JSON.stringify(RECORD_COLLECTIONS.map((c) => store.all(c)));
}

export const BARCODE = '31234000000017';

/** Request r-1 (p-1 at NKUST borrows BARCODE from NPTU), created on MON. */
export function created(store = world(), id = 'r-1', barcode = BARCODE, lender = LENDER): MemoryStore {
  step(store, 'request.created', { requestId: id, patronId: 'p-1', lenderLibraryId: lender, item: item(barcode), neededBy: null, note: '' }, BORROWER, atLocal(MON, '09:00'));
  return store;
}

/** …pull slip printed, packed into par-1, sealed, dispatched: shipped/shipped. */
export function shipped(store = created(), id = 'r-1', barcode = BARCODE, parcelId = 'par-1'): MemoryStore {
  const req = store.get('requests', id)!;
  const lender = req.lenderLibraryId;
  step(store, 'request.pull_slip_printed', { requestIds: [id] }, lender);
  step(store, 'item.packed', { parcelId, toLibraryId: req.borrowerLibraryId, requestId: id, itemBarcode: barcode }, lender);
  step(store, 'parcel.sealed', { parcelId }, lender);
  step(store, 'parcel.dispatched', { parcelId, courier: 'HCT', trackingNumber: 'HCT-1' }, lender);
  return store;
}

/** …received at NKUST on `date` into hold h-1. */
export function onHoldShelf(store = shipped(), date = MON): MemoryStore {
  step(store, 'item.received', { itemBarcode: BARCODE, parcelId: 'par-1', ownerLibraryId: null, holdId: 'h-1' }, BORROWER, atLocal(date, '11:00'));
  return store;
}

/** …picked up by p-1 as loan l-1 on `date`. */
export function checkedOut(store = onHoldShelf(), date = MON): MemoryStore {
  step(store, 'loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal(date, '12:00'));
  return store;
}
