// The 3-day hold lapses across service restarts: a hold made by one service
// process is lapsed by another started later on the same database, from the
// times stored with it — before that process's timer has ever fired (its first
// tick is a minute away) — and a hold still inside its 3 days survives a restart
// untouched. PGlite in a data directory and PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase } from '#test/support/service';
import { EXCHANGE_PATHS as P, type ExchangeListingDetail, type ExchangeReservation } from '#shared/exchange/wire';
import { Patron } from '#test/integration/portal/support/portal-client';
import { BOOK, DAY_MS, TestClock, signedInPatron, startExchangeService, type ExchangeService } from './support';

for (const backend of await backends()) {
  describe(`hold lapse across restarts on ${backend}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

    it('a hold made before a restart lapses after it, by the stored time; one still inside its days survives', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'relay-exchange-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const db = await createTestDatabase('relay_exchange_restart');
        databaseUrl = db.url;
        cleanups.push(db.drop);
      }
      const clock = new TestClock();
      const start = (): Promise<ExchangeService> => startExchangeService(backend, clock, { dataDir, ...(databaseUrl ? { databaseUrl } : {}), keepDatabase: true });

      // First process: two listings, two holds (a day apart), then it stops.
      let svc = await start();
      const lister = await signedInPatron(svc, 'p-r-lister', 'NKUST', '王小明');
      const buyer = await signedInPatron(svc, 'p-r-buyer', 'NKUST', '黃美玲');
      const early = (await lister.send<ExchangeListingDetail>('POST', P.listings, { ...BOOK, title: '早保留的書' })).body;
      const late = (await lister.send<ExchangeListingDetail>('POST', P.listings, { ...BOOK, title: '晚保留的書' })).body;
      const earlyHold = (await buyer.send<ExchangeReservation>('POST', P.reserve(early.id))).body;
      clock.advance(DAY_MS);
      const lateHold = (await buyer.send<ExchangeReservation>('POST', P.reserve(late.id))).body;
      expect([earlyHold.state, lateHold.state]).toEqual(['active', 'active']);
      await svc.stop();

      // Second process, 3 days and a minute after the first hold: no request to it has run a sweep yet.
      clock.advance(2 * DAY_MS + 60_000);
      svc = await start();
      const rows = async () => (await svc.db.query<{ id: string; state: string; ended_at: Date | null }>('select id, state, ended_at from exchange_reservations order by created_at')).rows;
      // Until someone asks, the stored rows still say active: nothing in memory decided anything.
      expect((await rows()).map((r) => r.state)).toEqual(['active', 'active']);
      // Sessions live in the database too: the same cookies still sign the patrons in.
      const lister2 = Object.assign(new Patron(svc.url), { cookie: lister.cookie, csrf: lister.csrf });
      const buyer2 = Object.assign(new Patron(svc.url), { cookie: buyer.cookie, csrf: buyer.csrf });
      const earlyNow = (await lister2.get<ExchangeListingDetail>(P.listing(early.id))).body;
      expect([earlyNow.state, earlyNow.reservation]).toEqual(['open', null]);
      const lateNow = (await lister2.get<ExchangeListingDetail>(P.listing(late.id))).body;
      expect([lateNow.state, lateNow.reservation?.id]).toEqual(['reserved', lateHold.id]);
      const stored = await rows();
      expect(stored.map((r) => r.state)).toEqual(['lapsed', 'active']);
      // Lapsed at its own deadline (3 days after it was made), not at the moment it was noticed.
      expect(new Date(stored[0]!.ended_at!).toISOString()).toBe(earlyHold.expiresAt);
      const cancel = await buyer2.send('DELETE', P.reservation(earlyHold.id));
      expect([cancel.status, cancel.body.error?.code]).toEqual([409, 'RESERVATION_LAPSED']);
      await svc.stop();

      // Third process, past the second hold's days: it lapses too.
      clock.advance(DAY_MS);
      svc = await start();
      const buyer3 = Object.assign(new Patron(svc.url), { cookie: buyer.cookie, csrf: buyer.csrf });
      const mine = (await buyer3.get<{ reservations: ExchangeReservation[] }>(P.mine)).body;
      expect(mine.reservations.map((r) => [r.id, r.state]).sort()).toEqual([[earlyHold.id, 'lapsed'], [lateHold.id, 'lapsed']].sort());
      await svc.stop();
    }, 240_000);
  });
}
