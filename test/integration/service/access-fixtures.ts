// Shared by access.test.ts and bad-input.test.ts: devices paired straight on
// the database (POST /pair allows 10 per minute per address), a schema-valid
// payload for every event type, an independent oracle of who may read what,
// and small checks on refusals.
import { expect } from 'vitest';
import { createPairingCode, pairDevice } from '#server/pairing/auth';
import { EVENT_TYPES, type EventPayload, type EventType } from '#shared/domain/events';
import { DeskClient, http, type HttpResult } from '#test/support/client';
import type { TestService } from '#test/support/service';

export const ALL_COLLECTIONS = ['libraries', 'policies', 'patrons', 'requests', 'parcels', 'holds', 'loans', 'fines', 'exceptions', 'events', 'cards', 'cardKeys', 'fairs', 'fairItems', 'fairReservations'] as const;
export type CollectionName = (typeof ALL_COLLECTIONS)[number];

/** Written down here rather than imported, so the tests check the service against the specification, not against itself. */
export const KIOSK_HIDDEN: readonly CollectionName[] = ['requests', 'parcels', 'fairs', 'fairItems', 'fairReservations'];
export const KIOSK_EVENT_TYPES: readonly EventType[] = ['loan.started', 'loan.ended'];
/** Never accepted from a desk: the administrator's, the card service's own (issuing, signing keys), the request router's (rota, late lenders) and the swap fairs' (made from the console and the portal). */
export const ADMIN_EVENT_TYPES: readonly EventType[] = ['library.upserted', 'policy.set', 'card.issued', 'cardKey.published', 'cardKey.retired', 'request.routed', 'request.lender_timed_out',
  'fair.created', 'fair.items_added', 'fair.reserved', 'fair.reservation_cancelled', 'fair.reservation_lapsed'];
export const STAFF_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => !ADMIN_EVENT_TYPES.includes(t));

export type Role = 'staff' | 'kiosk';

/** Pair a desk without going through POST /pair (and its per-address limit). */
export async function pairOnDb(svc: Pick<TestService, 'db' | 'url'>, libraryId: string, role: Role = 'staff', name = `${libraryId} ${role}`): Promise<DeskClient> {
  const { code } = await createPairingCode(svc.db, libraryId, role);
  const res = await pairDevice(svc.db, code, name);
  if (!res.ok) throw new Error(`pairing on the database failed: ${res.code}`);
  return new DeskClient(svc.url, res.device.id, libraryId, res.token, role);
}

export function canReadCollection(role: string, collection: string): boolean {
  return role === 'staff' || !KIOSK_HIDDEN.includes(collection as CollectionName);
}

/** Whether a device may see a document: the rules from the brief, independent of src/shared/domain/access.ts. */
export function visibleTo(collection: string, doc: Record<string, unknown>, device: { deviceId: string; libraryId: string; role: string }): boolean {
  if (!canReadCollection(device.role, collection)) return false;
  const lib = device.libraryId;
  switch (collection) {
    case 'libraries':
    case 'policies':
    case 'cardKeys':
      return true;
    case 'cards':
      return doc['hostLibraryId'] === '*' || doc['hostLibraryId'] === lib || doc['homeLibraryId'] === lib;
    case 'patrons':
      return doc['homeLibraryId'] === lib;
    case 'requests':
      return doc['borrowerLibraryId'] === lib || doc['lenderLibraryId'] === lib;
    case 'parcels':
      return doc['fromLibraryId'] === lib || doc['toLibraryId'] === lib;
    case 'holds':
    case 'loans':
    case 'fines':
    case 'fairs':
    case 'fairItems':
    case 'fairReservations':
      // Where they happen (for swap fairs: the library holding the fair).
      return doc['libraryId'] === lib;
    case 'exceptions':
      // A library-wide exception (a visitor card over its limit) is for every device of its library.
      return doc['audience'] === 'library' ? doc['libraryId'] === lib : doc['deviceId'] === device.deviceId;
    case 'events':
      return doc['deviceId'] === device.deviceId;
    default:
      throw new Error(`no rule for ${collection}`);
  }
}

const ITEM = { barcode: '30000000000000', title: '樣本', author: '', callNumber: '', location: '', parts: 1 };

/** A payload that passes the schema for each event type; the ids point at nothing, so the rules reject most of them. */
export function samplePayload<T extends EventType>(type: T, libraryId: string, tag: string): EventPayload<T> {
  const payloads: { [K in EventType]: EventPayload<K> } = {
    'library.upserted': {
      library: { id: libraryId, isil: `TW-${libraryId}`, nameZh: '測試', nameEn: 'Test', region: 'kaohsiung', active: true, hours: '', contact: '', courierWeekdays: [2] },
    },
    'policy.set': { libraryId, fields: { loanLimit: 99 } },
    'patron.upserted': { patron: { id: `sample-patron-${tag}`, homeLibraryId: libraryId, cardNumbers: [`S${tag}`], name: '樣本', status: 'active', expiresOn: '2099-12-31', blocks: [] } },
    'request.created': { requestId: `sample-req-${tag}`, patronId: 'no-such-patron', lenderLibraryId: 'NUK', item: ITEM, neededBy: null, note: '' },
    'request.pull_slip_printed': { requestIds: ['no-such-request'] },
    'request.cannot_supply': { requestId: 'no-such-request', reason: 'missing on shelf' },
    'request.cancelled': { requestId: 'no-such-request', reason: 'patron cancelled' },
    'request.placed': { requestId: `sample-title-${tag}`, patronId: 'no-such-patron', work: { workId: 'w-sample', title: '樣本', author: '', isbn: '', edition: '' }, by: 'staff', neededBy: null, note: '' },
    'request.reviewed': { requestId: 'no-such-request', decision: 'approve', reason: '' },
    'request.routed': { requestId: 'no-such-request', rota: [] },
    'request.lender_timed_out': { requestId: 'no-such-request', position: 0, lenderLibraryId: 'NUK' },
    'item.packed': { parcelId: `sample-parcel-${tag}`, toLibraryId: 'NUK', requestId: 'no-such-request', itemBarcode: ITEM.barcode },
    'item.unpacked': { parcelId: 'no-such-parcel', itemBarcode: ITEM.barcode },
    'parcel.sealed': { parcelId: 'no-such-parcel' },
    'parcel.dispatched': { parcelId: 'no-such-parcel', courier: '新竹物流', trackingNumber: 'HCT-0' },
    'item.received': { itemBarcode: 'no-such-item', parcelId: null, ownerLibraryId: null, holdId: `sample-hold-${tag}` },
    'parcel.closed': { parcelId: 'no-such-parcel' },
    'hold.expired': { holdId: 'no-such-hold' },
    'loan.started': { loanId: `sample-loan-${tag}`, holdId: 'no-such-hold', patronId: 'no-such-patron' },
    'loan.ended': { loanId: 'no-such-loan', fineId: `sample-fine-${tag}` },
    'loan.renewed': { loanId: 'no-such-loan' },
    'fine.paid': { fineId: 'no-such-fine' },
    'fine.waived': { fineId: 'no-such-fine', reason: 'first offence' },
    'ils.refused': { operation: 'checkout', itemBarcode: ITEM.barcode, screenMessage: 'sample refusal', opKey: `sample-${tag}` },
    'exception.resolved': { exceptionId: 'no-such-exception', note: '' },
    'card.issued': {
      card: {
        id: '01JQ7Z8X4M5N6P7R8S9T0VWXY0', kind: 'interlibrary', holderName: '樣本', holderId: 'sample', homeLibraryId: libraryId, organisation: null,
        hostLibraryId: '*', validFrom: '2025-01-01', validUntil: '2025-12-31', loanLimit: 3, issuedAt: '2025-01-01T00:00:00.000Z', keyId: 'k-sample', issuedBy: libraryId,
      },
    },
    'card.revoked': { cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXY0', reason: 'sample' },
    'cardKey.published': { key: { id: `k-${tag}`.slice(0, 32), publicKey: 'A'.repeat(43), activeFrom: '2025-01-01T00:00:00.000Z' } },
    'cardKey.retired': { keyId: 'k-sample', retiredAt: '2025-01-01T00:00:00.000Z' },
    'loan.visitor_started': {
      loanId: `vl-${tag}`.slice(0, 64), itemBarcode: ITEM.barcode, title: '樣本',
      card: { cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXY0', holderName: '樣本', homeLibraryId: 'NUK', organisation: null, hostLibraryId: '*', validFrom: '2025-01-01', validUntil: '2099-12-31', loanLimit: 3 },
    },
    'fair.created': { fair: { id: `sample-fair-${tag}`.slice(0, 40), title: '樣本', place: '樣本', startsOn: '2025-01-01', endsOn: '2025-01-02', rules: '', holdDays: 3, perPatron: 2 } },
    'fair.items_added': { fairId: 'no-such-fair', items: [{ id: `sample-fi-${tag}`.slice(0, 64), title: '樣本', author: '', shelfMark: '' }] },
    'fair.reserved': { slipCode: '0000000000', fairId: 'no-such-fair', itemId: 'no-such-item', patronId: 'no-such-patron', patronMasked: '', holdUntil: '2025-01-04T00:00:00.000Z' },
    'fair.reservation_cancelled': { slipCode: '0000000000' },
    'fair.reservation_lapsed': { slipCode: '0000000000' },
    'fair.handed_over': { slipCode: '0000000000' },
  };
  return payloads[type];
}

export interface ErrorShape {
  error: { code: string; message: string };
}

/** A refusal: the status, a stable code, a human message, and the body shape every error shares. */
export function expectError(res: HttpResult, status: number, code?: string): void {
  const context = JSON.stringify(res.body).slice(0, 300);
  expect(res.status, context).toBe(status);
  expectErrorShape(res);
  if (code !== undefined) expect((res.body as ErrorShape).error.code, context).toBe(code);
}

/** Any 4xx whose body is {error: {code, message}}. */
export function expectErrorShape(res: HttpResult): void {
  const context = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  expect(typeof res.body, context).toBe('object');
  const err = (res.body as Partial<ErrorShape> | null)?.error;
  expect(err, context).toBeTypeOf('object');
  expect(err?.code, context).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof err?.message, context).toBe('string');
  expect(err?.message.length, context).toBeGreaterThan(0);
}

export function isErrorShaped(res: HttpResult): boolean {
  const err = (res.body as Partial<ErrorShape> | null)?.error;
  return res.status >= 400 && res.status < 500 && typeof err === 'object' && err !== null
    && typeof err.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(err.code) && typeof err.message === 'string' && err.message.length > 0;
}

export async function healthSeq(base: string): Promise<number> {
  const res = await http<{ status: string; seq: number }>(base, 'GET', '/health');
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('ok');
  return res.body.seq;
}

export interface StoredRecord {
  collection: string;
  id: string;
  seq: number;
  deleted: boolean;
  data: Record<string, unknown>;
}

/** Every replicated record, straight from the database (the oracle the API answers are compared with). */
export async function allRecords(svc: Pick<TestService, 'db'>): Promise<StoredRecord[]> {
  const { rows } = await svc.db.query<{ collection: string; id: string; seq: number | string; deleted: boolean; data: Record<string, unknown> }>(
    'select collection, id, seq, deleted, data from records order by seq',
  );
  return rows.map((r) => ({ collection: r.collection, id: r.id, seq: Number(r.seq), deleted: r.deleted, data: r.data }));
}
