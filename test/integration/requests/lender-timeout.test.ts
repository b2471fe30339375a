// A lender that does not act within lenderResponseDays open days is skipped
// by the service's timer (clock injected), once however many service
// processes run it; a lender that printed its pull slip has acted and is
// left alone; after the last lender the request is unfilled with the reason,
// and the borrowing library sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';
import { RequestScheduler } from '#server/requests/scheduler';
import type { RequestRecord } from '#shared/domain/records';
import { loadCatalogue, STATS } from './catalogue-fixture';

const DAY = 86_400_000;

for (const backend of await backends()) {
  describe(`late lenders are skipped (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let borrower: DeskClient;
    const lenders = new Map<string, DeskClient>();
    let clock = Date.now();
    const schedulers: RequestScheduler[] = [];
    const requestId = 'title-timeout-1';
    const onService = async () => (await admin.record<RequestRecord>('requests', requestId))!;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      const workId = await loadCatalogue(admin);
      await admin.patron('p-late', 'NPTU', '21020000555557');
      borrower = await admin.pairDesk('NPTU');
      for (const lib of ['NUK', 'NKUST', 'WZU']) lenders.set(lib, await admin.pairDesk(lib));
      // Two timers, as two service processes would run them, on one clock.
      for (let i = 0; i < 2; i++) schedulers.push(new RequestScheduler(svc.db, { now: () => clock, intervalMs: 0 }));
      const placed = await borrower.push('request.placed', {
        requestId, patronId: 'p-late', by: 'staff', neededBy: null, note: '',
        work: { workId, title: STATS.title, author: STATS.author, isbn: STATS.isbn, edition: '' },
      });
      expect(placed.status).toBe('applied');
      await until('routed', async () => (await onService()).rotaIndex === 0);
    }, 60_000);

    afterAll(async () => {
      await svc?.dispose();
    });

    const tickAll = async () => (await Promise.all(schedulers.map((s) => s.tick()))).reduce((n, r) => n + r.skipped, 0);

    it('a lender within its open days is not skipped; past them it is, once, and the next lender is asked', async () => {
      const before = await onService();
      expect(before.rota.map((p) => p.libraryId)).toHaveLength(3);
      clock = Date.now() + DAY;
      expect(await tickAll()).toBe(0);
      expect((await onService()).rotaIndex).toBe(0);

      // A week always holds more than 3 open days (only Sundays are closed by default).
      clock = Date.now() + 7 * DAY;
      expect(await tickAll()).toBe(1);
      expect(await tickAll()).toBe(0);
      const after = await onService();
      expect(after.rotaIndex).toBe(1);
      expect(after.lenderLibraryId).toBe(before.rota[1]!.libraryId);
      expect(after.rota.map((p) => p.outcome)).toEqual(['timed_out', 'asked', 'waiting']);
      expect(after.history.filter((h) => h.type === 'request.lender_timed_out')).toHaveLength(1);
      expect(after.askedAt).toBe(new Date(clock).toISOString());
    });

    it('a lender that printed its pull slip has acted; when it cannot supply the last lender is asked, and skipped in turn: unfilled', async () => {
      const second = lenders.get((await onService()).lenderLibraryId)!;
      expect((await second.push('request.pull_slip_printed', { requestIds: [requestId] })).status).toBe('applied');
      clock += 14 * DAY;
      expect(await tickAll()).toBe(0);
      expect((await second.push('request.cannot_supply', { requestId, reason: '架上找不到' })).status).toBe('applied');
      const third = await onService();
      expect(third.rotaIndex).toBe(2);
      // Asked now (the desk's time); the timer's clock is two weeks ahead, so this lender's days are up at once.
      expect(await tickAll()).toBe(1);
      const end = await onService();
      expect(end).toMatchObject({ borrowerState: 'unfilled', lenderState: 'cannot_supply', reason: 'ROTA_EXHAUSTED' });
      expect(end.rota.map((p) => p.outcome)).toEqual(['timed_out', 'cannot_supply', 'timed_out']);
      expect(end.rota[1]!.note).toBe('架上找不到');
      expect(await tickAll()).toBe(0);

      // The borrowing library sees the outcome and why.
      const { documents } = await borrower.pullAll<RequestRecord>('requests');
      expect(documents.find((r) => r.id === requestId)).toMatchObject({ borrowerState: 'unfilled', reason: 'ROTA_EXHAUSTED' });
    });
  });
}
