// The service's own timer lapses a hold and expires a listing with nobody
// asking (the lister sees the book open again), and stops with the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_PATHS as P, type ExchangeListingDetail, type ExchangeReservation } from '#shared/exchange/wire';
import { until } from '#test/support/until';
import { BOOK, DAY_MS, TestClock, signedInPatron, startExchangeService, type ExchangeService } from './support';

describe('exchange sweep timer (PGlite)', () => {
  let svc: ExchangeService;
  const clock = new TestClock();
  beforeAll(async () => {
    process.env['EXCHANGE_SWEEP_MS'] = '200';
    svc = await startExchangeService('pglite', clock);
  }, 120_000);
  afterAll(async () => {
    delete process.env['EXCHANGE_SWEEP_MS'];
    await svc?.dispose();
  });

  it('lapses a due hold and expires a due listing without any request', async () => {
    const lister = await signedInPatron(svc, 'p-t-lister', 'NKUST', '周杰');
    const buyer = await signedInPatron(svc, 'p-t-buyer', 'NKUST', '蔡依林');
    const held = (await lister.send<ExchangeListingDetail>('POST', P.listings, { ...BOOK, title: '計算機概論' })).body;
    const hold = (await buyer.send<ExchangeReservation>('POST', P.reserve(held.id))).body;
    const state = async (table: string, id: string) => (await svc.db.query<{ state: string }>(`select state from ${table} where id = $1`, [id])).rows[0]?.state;
    clock.advance(3 * DAY_MS + 1000);
    await until('the timer lapses the hold', async () => ((await state('exchange_reservations', hold.id)) === 'lapsed' ? true : null), 30_000);
    expect(await state('exchange_listings', held.id)).toBe('open');
    clock.advance(90 * DAY_MS);
    await until('the timer expires the listing', async () => ((await state('exchange_listings', held.id)) === 'expired' ? true : null), 30_000);
  }, 120_000);
});
