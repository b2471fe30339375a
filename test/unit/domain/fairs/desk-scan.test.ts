// The desk's slip scan (desk-core/fairs.ts): the check digit is checked before
// anything is recorded, a slip scanned twice in quick succession is recorded
// once and the second scan is a repeat, and a refusal by the rules records
// nothing.
import { describe, expect, it } from 'vitest';
import { FairDesk, countsOf, fairsOf } from '#desk-core/fairs';
import { RecordIndex } from '#desk-core/record-index';
import type { ActionResult } from '#desk-core/workflows';
import { reduce } from '#shared/domain/reducer';
import type { DomainEvent } from '#shared/domain/events';
import type { FairRecord, FairReservationRecord } from '#shared/domain/records';
import { slipCodeOf } from '#shared/domain/fairs/slip-code';
import { atLocal, ev, world } from '../fixtures';

const LIB = 'NKUST';
const SLIP = slipCodeOf('111122223');
const FAIR: FairRecord = { id: 'f1', libraryId: LIB, title: '曬書祭', place: '大廳', startsOn: '2025-03-03', endsOn: '2025-03-07', rules: '', holdDays: 3, perPatron: 2, createdAt: atLocal('2025-02-01'), updatedAt: atLocal('2025-02-01') };
const RES: FairReservationRecord = {
  id: SLIP, fairId: 'f1', itemId: 'f1.1', libraryId: LIB, title: '臺灣通史', shelfMark: 'A-01', patronId: 'p-1', patronMasked: '王○明',
  reservedAt: atLocal('2025-03-03'), holdUntil: atLocal('2025-03-06'), state: 'reserved', handedOverAt: null, handedOverBy: null, endedAt: null, updatedAt: atLocal('2025-03-03'),
};

function setup(at = atLocal('2025-03-04')) {
  const index = new RecordIndex();
  for (const l of world().all('libraries')) index.put({ collection: 'libraries', doc: l });
  for (const p of world().all('policies')) index.put({ collection: 'policies', doc: p });
  index.put({ collection: 'fairs', doc: FAIR });
  index.put({ collection: 'fairReservations', doc: RES });
  index.put({ collection: 'fairItems', doc: { id: 'f1.1', fairId: 'f1', libraryId: LIB, title: '臺灣通史', author: '', shelfMark: 'A-01', state: 'reserved', reservationId: SLIP, updatedAt: RES.updatedAt } });
  const recorded: string[] = [];
  const desk = new FairDesk(() => index, {
    async recordAction(type, payload): Promise<ActionResult> {
      // As the workflows do: the rules first, then (after storage) the view.
      const r = reduce(index, ev(type, payload, LIB, at) as DomainEvent);
      if (!r.ok) return { ok: false, reason: r.reason, params: r.params };
      await new Promise((ok) => setTimeout(ok, 5));
      for (const w of r.writes) index.put(w);
      recorded.push(payload.slipCode);
      return { ok: true, outcome: r.outcome, eventIds: [`e${recorded.length}`] };
    },
  });
  return { index, desk, recorded };
}

describe('scanning a fair slip at the desk', () => {
  it('two scans of one slip at once: one hand-over, then a repeat', async () => {
    const { desk, recorded } = setup();
    const [a, b] = await Promise.all([desk.scan(SLIP), desk.scan(` ${SLIP}\n`)]);
    expect(a).toMatchObject({ ok: true, kind: 'handed_over', reservation: { state: 'handed_over', handedOverBy: `desk-${LIB}` } });
    expect(b).toMatchObject({ ok: true, kind: 'repeat' });
    expect(recorded).toEqual([SLIP]);
  });

  it('a misread digit is refused before anything is recorded; a non-slip code is unknown', async () => {
    const { desk, recorded } = setup();
    expect(await desk.scan(`${SLIP.slice(0, 9)}${(Number(SLIP[9]) + 1) % 10}`)).toMatchObject({ ok: false, reason: 'FAIR_SLIP_MISREAD' });
    expect(await desk.scan('31234000000017')).toMatchObject({ ok: false, reason: 'FAIR_SLIP_UNKNOWN' });
    expect(await desk.scan('')).toMatchObject({ ok: false, reason: 'INVALID_BARCODE' });
    expect(recorded).toEqual([]);
  });

  it('a slip past its hold is refused by the rules and counted as lapsed', async () => {
    const { desk, index, recorded } = setup(atLocal('2025-03-06', '10:01'));
    expect(await desk.scan(SLIP)).toMatchObject({ ok: false, reason: 'FAIR_SLIP_LAPSED', params: { title: '臺灣通史' } });
    expect(recorded).toEqual([]);
    expect(countsOf(index, 'f1', Date.parse(atLocal('2025-03-06', '10:01')))).toEqual({ reserved: 0, handedOver: 0, lapsed: 1, other: 0, books: 1 });
    expect(fairsOf(index, LIB, '2025-03-04').map((f) => f.id)).toEqual(['f1']);
    expect(fairsOf(index, 'NPTU', '2025-03-04')).toEqual([]);
  });
});
