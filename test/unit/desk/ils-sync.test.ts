// Which library-system operations a desk's events call for, and the loop
// that hands them over and records refusals exactly once. The port here is
// an in-memory stand-in for the bridge; test/integration/ils drives the real
// connector against the SIP2 simulator over TCP.
import { describe, expect, it } from 'vitest';
import type { EventDoc } from '#shared/domain/events';
import type { ParcelRecord } from '#shared/domain/records';
import type { IlsPatronCheck } from '#shared/bridge/ils';
import { IlsSync, ilsOpsFrom, type IlsOpRequest, type IlsPort, type IlsRefusal } from '#desk-core/ils-sync';
import { RecordIndex } from '#desk-core/record-index';
import { item, requestRecord, T0 } from '../domain/fixtures';

const ME = 'NPTU';
let n = 0;
const HOME_EVENT = '01J00000000000000000000001';
function event(type: string, payload: Record<string, unknown>, over: Partial<EventDoc> = {}): EventDoc {
  n++;
  return {
    id: `01J0000000000000000000${String(n).padStart(4, '0')}`, deviceId: 'desk-1', libraryId: ME,
    hlc: `${String(1_700_000_000_000 + n).padStart(15, '0')}:0000:desk-1`, at: T0, type, payload, status: 'applied', reason: '', ...over,
  } as EventDoc;
}

function parcel(id: string, items: ParcelRecord['items']): ParcelRecord {
  return { id, fromLibraryId: ME, toLibraryId: 'NKUST', state: 'in_transit', courier: 'HCT', trackingNumber: 'T1', items, missing: [], extras: [], openedAt: T0, sealedAt: T0, dispatchedAt: T0, closedAt: null, updatedAt: T0 };
}

function world(): RecordIndex {
  const r = new RecordIndex();
  // A9 came home: the receipt (event id …0001, the first event below) advanced NPTU's own request.
  r.put({ collection: 'requests', doc: requestRecord({ id: 'r9', item: item('A9'), history: [{ at: T0, type: 'item.received', eventId: HOME_EVENT, deviceId: 'desk-1', libraryId: ME, borrowerState: 'returned', lenderState: 'returned' } as never] }) });
  r.put({ collection: 'requests', doc: requestRecord({ id: 'r1', item: item('A1') }) });
  r.put({ collection: 'requests', doc: requestRecord({ id: 'r2', item: item('A2') }) });
  // Someone else's item forwarded through this library: not this library's system's business.
  r.put({ collection: 'requests', doc: requestRecord({ id: 'r3', lenderLibraryId: 'NUK', item: item('F1') }) });
  const it = (barcode: string, requestId: string, kind: 'outbound' | 'forward') => ({ barcode, requestId, kind, title: barcode, packedAt: T0, receivedAt: null });
  r.put({ collection: 'parcels', doc: parcel('P1', [it('A1', 'r1', 'outbound'), it('F1', 'r3', 'forward'), it('A2', 'r2', 'outbound')]) });
  return r;
}

describe('ilsOpsFrom', () => {
  it('charges own outbound items on dispatch, discharges own items received back, ignores the rest', () => {
    const events = [
      event('item.received', { itemBarcode: 'A9', parcelId: null, ownerLibraryId: ME, holdId: 'h' }),
      event('parcel.dispatched', { parcelId: 'P1', courier: 'HCT', trackingNumber: 'T1' }),
      // Received here, but no request of this library's was advanced by it (someone else's item on the hold shelf).
      event('item.received', { itemBarcode: 'B1', parcelId: null, ownerLibraryId: null, holdId: 'h' }),
      event('parcel.dispatched', { parcelId: 'P1', courier: 'HCT', trackingNumber: 'T1' }, { status: 'rejected' }),
      event('item.received', { itemBarcode: 'A8', parcelId: null, ownerLibraryId: ME, holdId: 'h' }, { libraryId: 'NUK' }),
      event('parcel.dispatched', { parcelId: 'NOPE', courier: 'HCT', trackingNumber: 'T1' }),
    ];
    expect(events[0]!.id).toBe(HOME_EVENT);
    const ops = ilsOpsFrom([...events].reverse(), world(), ME);
    expect(ops.map((o) => [o.kind, o.itemId, o.borrowerLibraryId])).toEqual([
      ['checkin', 'A9', null],
      ['checkout', 'A1', 'NKUST'],
      ['checkout', 'A2', 'NKUST'],
    ]);
    expect(ops[1]!.key).toBe(`${events[1]!.id}:A1:checkout`);
    expect(new Set(ops.map((o) => o.key)).size).toBe(3);
  });
});

class MemoryPort implements IlsPort {
  queue: IlsOpRequest[] = [];
  refused: IlsRefusal[] = [];
  acked: string[] = [];
  failAck = 0;
  private listeners = new Set<() => void>();
  async enqueue(ops: readonly IlsOpRequest[]) {
    for (const o of ops) if (!this.queue.some((q) => q.key === o.key)) this.queue.push(o);
  }
  async refusals() {
    return this.refused.filter((r) => !this.acked.includes(r.key));
  }
  async ack(key: string) {
    if (this.failAck > 0) {
      this.failAck--;
      throw new Error('bridge down');
    }
    this.acked.push(key);
  }
  onChange(l: () => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  changed() {
    for (const l of this.listeners) l();
  }
  async validatePatron(): Promise<IlsPatronCheck> {
    return { reachable: false, code: 'DISABLED', reason: 'not used here', offlinePinRule: 'refuse' };
  }
}

describe('ilsOpsFrom for visitors', () => {
  const loan = (id: string, barcode: string, requestId: string | null) => ({
    id, requestId, itemBarcode: barcode, title: '', patronId: '01JCARD0000000000000000000', libraryId: ME, ownerLibraryId: ME,
    startedAt: T0, dueDate: '2026-12-01', renewals: 0, state: 'returned' as const, returnedAt: T0, fineAmount: 0, updatedAt: T0,
  });
  it('charges an own item lent to a card to the card\'s home library and discharges it when the visitor\'s loan ends', () => {
    const r = new RecordIndex();
    r.put({ collection: 'loans', doc: loan('LV', 'V1', null) });
    // A loan that came from a request (an interlibrary hold) is not a visitor's: the lender's system has it already.
    r.put({ collection: 'loans', doc: loan('LH', 'H1', 'r1') });
    const card = { cardId: '01JCARD0000000000000000000', holderName: '黃怡君', homeLibraryId: 'NKUST', organisation: null, hostLibraryId: ME, validFrom: '2026-01-01', validUntil: '2026-12-31', loanLimit: 3 };
    const events = [
      event('loan.visitor_started', { loanId: 'LV', itemBarcode: 'V1', title: '', card }),
      event('loan.visitor_started', { loanId: 'LP', itemBarcode: 'V2', title: '', card: { ...card, homeLibraryId: null, organisation: '台積電' } }),
      event('loan.ended', { loanId: 'LV', fineId: 'F1' }),
      event('loan.ended', { loanId: 'LH', fineId: 'F2' }),
    ];
    expect(ilsOpsFrom(events, r, ME).map((o) => [o.kind, o.itemId, o.borrowerLibraryId])).toEqual([
      ['checkout', 'V1', 'NKUST'],
      // A partner card has no library account: handed over with none, and the connector skips it.
      ['checkout', 'V2', null],
      ['checkin', 'V1', null],
    ]);
  });
});

describe('ilsOpsFrom for fines paid at the desk', () => {
  it('a fine paid for a visitor\'s loan of an own item becomes Fee Paid on the card\'s home library account; an interlibrary fine does not', () => {
    const r = new RecordIndex();
    const loanDoc = (id: string, barcode: string, requestId: string | null) => ({
      id, requestId, itemBarcode: barcode, title: '', patronId: '01JCARD0000000000000000000', libraryId: ME, ownerLibraryId: ME,
      startedAt: T0, dueDate: '2026-12-01', renewals: 0, state: 'returned' as const, returnedAt: T0, fineAmount: 30, updatedAt: T0,
    });
    const fineDoc = (id: string, loanId: string) => ({ id, loanId, patronId: '01JCARD0000000000000000000', libraryId: ME, itemBarcode: 'V1', overdueDays: 3, amount: 30, state: 'paid' as const, createdAt: T0, updatedAt: T0 });
    r.put({ collection: 'loans', doc: loanDoc('LV', 'V1', null) });
    r.put({ collection: 'loans', doc: loanDoc('LH', 'H1', 'r1') });
    r.put({ collection: 'fines', doc: fineDoc('FV', 'LV') });
    r.put({ collection: 'fines', doc: fineDoc('FH', 'LH') });
    const card = { cardId: '01JCARD0000000000000000000', holderName: '黃怡君', homeLibraryId: 'NKUST', organisation: null, hostLibraryId: ME, validFrom: '2026-01-01', validUntil: '2026-12-31', loanLimit: 3 };
    const events = [
      event('loan.visitor_started', { loanId: 'LV', itemBarcode: 'V1', title: '', card }),
      event('fine.paid', { fineId: 'FV' }),
      event('fine.paid', { fineId: 'FH' }),
    ];
    const fees = ilsOpsFrom(events, r, ME).filter((o) => o.kind === 'fee');
    expect(fees.map((o) => [o.itemId, o.borrowerLibraryId, o.amount])).toEqual([['FV', 'NKUST', '30.00']]);
    expect(fees[0]?.key).toMatch(/:FV:fee$/);
    // The visitor's checkout carries the desk's due date (end of that day in Taiwan) for a late, no-block send.
    expect(ilsOpsFrom(events, r, ME).find((o) => o.kind === 'checkout')?.dueDate).toBe('2026-12-01T15:59:59.000Z');
  });
});

describe('IlsSync', () => {
  it('hands each op over once and records each refusal once, even when the acknowledgement fails', async () => {
    const reader = world();
    const events: EventDoc[] = [event('parcel.dispatched', { parcelId: 'P1', courier: 'HCT', trackingNumber: 'T1' })];
    const port = new MemoryPort();
    const viewListeners = new Set<() => void>();
    const recorded: IlsRefusal[] = [];
    const errors: unknown[] = [];
    const sync = new IlsSync({
      port, me: ME, reader: () => reader, events: () => events,
      subscribe: (l) => {
        viewListeners.add(l);
        return () => viewListeners.delete(l);
      },
      recordRefusal: async (r) => {
        recorded.push(r);
        events.push(event('ils.refused', { operation: r.kind, itemBarcode: r.itemId, screenMessage: r.screenMessage, opKey: r.key }, { status: 'pending' }));
        return true;
      },
      onError: (e) => errors.push(e),
    });
    sync.start();
    await sync.flush();
    expect(port.queue.map((o) => o.itemId)).toEqual(['A1', 'A2']);

    port.refused.push({ key: port.queue[0]!.key, kind: 'checkout', itemId: 'A1', screenMessage: 'Item on hold' });
    port.failAck = 1;
    port.changed();
    await sync.flush();
    expect(recorded).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(port.acked).toEqual([]);

    // Next pass: the refusal is already an event, so it is only acknowledged.
    port.changed();
    await sync.flush();
    expect(recorded).toHaveLength(1);
    expect(port.acked).toEqual([port.queue[0]!.key]);

    // A restart (a new loop over the same events) hands over nothing new to a port that has it all.
    sync.stop();
    const again = new IlsSync({ port, me: ME, reader: () => reader, events: () => events, subscribe: () => () => undefined, recordRefusal: async () => true });
    again.start();
    await again.flush();
    expect(port.queue).toHaveLength(2);
    expect(recorded).toHaveLength(1);
  });
});
