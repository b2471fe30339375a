// Swap fairs in the shared rules: the service makes fairs, books and
// reservations (never a desk); a desk's hand-over is judged by when the slip
// was scanned, so a hand-over made offline in time stands after a lapse sweep;
// a repeat scan changes nothing; other libraries' slips are unknown.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import type { MemoryStore } from '#shared/domain/store';
import type { DomainEvent, EventPayload, EventType } from '#shared/domain/events';
import { holdUntilFor, isPastHold } from '#shared/domain/fairs/hold';
import { isSlipCode, luhnDigit, slipCodeOf } from '#shared/domain/fairs/slip-code';
import { applyWrites, atLocal, BORROWER, ev, LENDER, world } from '../fixtures';

const LIB = BORROWER;
const FAIR = 'fair-2025-spring';
const SLIP_A = slipCodeOf('202503031');
const SLIP_B = slipCodeOf('202503032');
const OPENS = '2025-03-03';
const CLOSES = '2025-03-07';

function service<T extends EventType>(type: T, payload: EventPayload<T>, at: string, libraryId = LIB): DomainEvent<T> {
  return { ...ev(type, payload, libraryId, at), deviceId: 'admin' } as DomainEvent<T>;
}

function must(store: MemoryStore, e: DomainEvent): void {
  const res = reduce(store, e);
  if (!res.ok) throw new Error(`${e.type} refused: ${res.reason} ${JSON.stringify(res.params)}`);
  applyWrites(store, res.writes);
}

const holdUntil = (reservedAt: string) => holdUntilFor({ startsOn: OPENS, endsOn: CLOSES, holdDays: 3 }, Date.parse(reservedAt), 480);

function fairWorld(): MemoryStore {
  const s = world();
  const at = atLocal('2025-02-20');
  must(s, service('fair.created', { fair: { id: FAIR, title: '春季曬書祭', place: '圖書館一樓大廳', startsOn: OPENS, endsOn: CLOSES, rules: '憑預約單入場', holdDays: 3, perPatron: 2 } }, at));
  must(s, service('fair.items_added', { fairId: FAIR, items: [
    { id: 'fi-1', title: '臺灣通史', author: '連橫', shelfMark: 'A-01' },
    { id: 'fi-2', title: '老人與海', author: 'Hemingway', shelfMark: 'A-02' },
  ] }, at));
  return s;
}

function reserve(s: MemoryStore, slip: string, itemId: string, at: string, patronId = 'p-1'): void {
  must(s, service('fair.reserved', { slipCode: slip, fairId: FAIR, itemId, patronId, patronMasked: '王○明', holdUntil: holdUntil(at) }, at));
}

const handOver = (slip: string, at: string, libraryId = LIB) => ev('fair.handed_over', { slipCode: slip }, libraryId, at) as DomainEvent;

describe('slip codes', () => {
  it('are ten digits with a Luhn check digit that catches one wrong digit and a swap', () => {
    expect(slipCodeOf('123456789')).toBe('1234567897');
    expect(isSlipCode('1234567897')).toBe(true);
    expect(isSlipCode('1234567891')).toBe(false);
    expect(isSlipCode('2134567897')).toBe(false);
    expect(isSlipCode('123456789')).toBe(false);
    expect(luhnDigit('7992739871')).toBe(3);
  });
});

describe('hold time', () => {
  it('runs 3 days from the reservation, from the opening when made before, never past the last day', () => {
    expect(holdUntil(atLocal('2025-03-04'))).toBe(new Date(Date.parse(atLocal('2025-03-04')) + 3 * 86_400_000).toISOString());
    expect(holdUntil(atLocal('2025-02-20'))).toBe(atLocal('2025-03-06', '00:00'));
    expect(holdUntil(atLocal('2025-03-06'))).toBe(atLocal('2025-03-08', '00:00'));
    expect(isPastHold(holdUntil(atLocal('2025-03-04')), Date.parse(atLocal('2025-03-07', '09:59')))).toBe(false);
    expect(isPastHold(holdUntil(atLocal('2025-03-04')), Date.parse(atLocal('2025-03-07', '10:01')))).toBe(true);
  });
});

describe('fairs and reservations (service only)', () => {
  it('a desk cannot create a fair or reserve', () => {
    const s = world();
    const r = reduce(s, ev('fair.created', { fair: { id: 'x', title: 't', place: 'p', startsOn: OPENS, endsOn: CLOSES, rules: '', holdDays: 3, perPatron: 1 } }, LIB) as DomainEvent);
    expect(r).toMatchObject({ ok: false, reason: 'SERVICE_ONLY' });
  });

  it('refuses a fair that ends before it starts', () => {
    const r = reduce(world(), service('fair.created', { fair: { id: 'x', title: 't', place: 'p', startsOn: CLOSES, endsOn: OPENS, rules: '', holdDays: 3, perPatron: 1 } }, atLocal('2025-02-20')));
    expect(r).toMatchObject({ ok: false, reason: 'FAIR_INVALID' });
  });

  it('one reservation per book; a reserved book is taken', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    expect(s.get('fairItems', 'fi-1')).toMatchObject({ state: 'reserved', reservationId: SLIP_A });
    expect(s.get('fairReservations', SLIP_A)).toMatchObject({ state: 'reserved', title: '臺灣通史', shelfMark: 'A-01', patronMasked: '王○明' });
    const again = reduce(s, service('fair.reserved', { slipCode: SLIP_B, fairId: FAIR, itemId: 'fi-1', patronId: 'p-2', patronMasked: '李○', holdUntil: holdUntil(atLocal('2025-03-03')) }, atLocal('2025-03-03')));
    expect(again).toMatchObject({ ok: false, reason: 'FAIR_ITEM_TAKEN', params: { title: '臺灣通史' } });
  });

  it('no reservation after the fair ended; another library cannot reserve into it', () => {
    const s = fairWorld();
    const late = reduce(s, service('fair.reserved', { slipCode: SLIP_A, fairId: FAIR, itemId: 'fi-1', patronId: 'p-1', patronMasked: '', holdUntil: atLocal('2025-03-09') }, atLocal('2025-03-08')));
    expect(late).toMatchObject({ ok: false, reason: 'FAIR_CLOSED' });
    const other = reduce(s, service('fair.reserved', { slipCode: SLIP_A, fairId: FAIR, itemId: 'fi-1', patronId: 'p-1', patronMasked: '', holdUntil: atLocal('2025-03-05') }, atLocal('2025-03-03'), LENDER));
    expect(other).toMatchObject({ ok: false, reason: 'FAIR_UNKNOWN' });
  });

  it('a lapse after the hold frees the book; a lapse before it changes nothing', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    const early = reduce(s, service('fair.reservation_lapsed', { slipCode: SLIP_A }, atLocal('2025-03-05')));
    expect(early).toEqual({ ok: true, writes: [], outcome: { kind: 'recorded' } });
    must(s, service('fair.reservation_lapsed', { slipCode: SLIP_A }, atLocal('2025-03-06', '10:01')));
    expect(s.get('fairReservations', SLIP_A)).toMatchObject({ state: 'lapsed' });
    expect(s.get('fairItems', 'fi-1')).toMatchObject({ state: 'available', reservationId: null });
  });
});

describe('hand-over at the fair entry', () => {
  it('hands the book over and marks who did it and when', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    const at = atLocal('2025-03-04', '11:00');
    must(s, handOver(SLIP_A, at));
    expect(s.get('fairReservations', SLIP_A)).toMatchObject({ state: 'handed_over', handedOverAt: at, handedOverBy: `desk-${LIB}` });
    expect(s.get('fairItems', 'fi-1')).toMatchObject({ state: 'handed_over', reservationId: SLIP_A });
  });

  it('a repeat scan changes nothing (the first hand-over stands)', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    must(s, handOver(SLIP_A, atLocal('2025-03-04', '11:00')));
    const again = reduce(s, handOver(SLIP_A, atLocal('2025-03-04', '11:05')));
    expect(again).toEqual({ ok: true, writes: [], outcome: { kind: 'recorded' } });
    expect(s.get('fairReservations', SLIP_A)?.handedOverAt).toBe(atLocal('2025-03-04', '11:00'));
  });

  it('refuses an unknown slip, and another library\'s slip the same way', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    expect(reduce(s, handOver(SLIP_B, atLocal('2025-03-04')))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_UNKNOWN', params: { slipCode: SLIP_B } });
    expect(reduce(s, handOver(SLIP_A, atLocal('2025-03-04'), LENDER))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_UNKNOWN', params: { slipCode: SLIP_A } });
  });

  it('refuses a slip past its hold even before the sweep lapsed it, and outside the fair\'s days', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-02-25'));
    expect(reduce(s, handOver(SLIP_A, atLocal('2025-03-06', '00:01')))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_LAPSED', params: { slipCode: SLIP_A, title: '臺灣通史', holdUntil: '2025-03-06 00:00' } });
    expect(reduce(s, handOver(SLIP_A, atLocal('2025-03-02')))).toMatchObject({ ok: false, reason: 'FAIR_NOT_OPEN', params: { today: '2025-03-02' } });
  });

  it('a cancelled slip is refused as cancelled', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    must(s, service('fair.reservation_cancelled', { slipCode: SLIP_A }, atLocal('2025-03-03', '12:00')));
    expect(s.get('fairItems', 'fi-1')?.state).toBe('available');
    expect(reduce(s, handOver(SLIP_A, atLocal('2025-03-04')))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_CANCELLED' });
  });

  it('a hand-over made offline in time stands after the sweep lapsed it; a later reservation of the book is withdrawn', () => {
    const s = fairWorld();
    reserve(s, SLIP_A, 'fi-1', atLocal('2025-03-03'));
    const scannedOffline = handOver(SLIP_A, atLocal('2025-03-06', '09:00'));
    must(s, service('fair.reservation_lapsed', { slipCode: SLIP_A }, atLocal('2025-03-06', '10:30')));
    reserve(s, SLIP_B, 'fi-1', atLocal('2025-03-06', '11:00'), 'p-2');
    must(s, scannedOffline);
    expect(s.get('fairReservations', SLIP_A)).toMatchObject({ state: 'handed_over' });
    expect(s.get('fairReservations', SLIP_B)).toMatchObject({ state: 'withdrawn' });
    expect(s.get('fairItems', 'fi-1')).toMatchObject({ state: 'handed_over', reservationId: SLIP_A });
    expect(reduce(s, handOver(SLIP_B, atLocal('2025-03-06', '12:00')))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_WITHDRAWN' });
  });
});
