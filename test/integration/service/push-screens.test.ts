// What a desk pushes that the service cannot or will not apply is that one
// event's rejection — stored, with an exception — never a 400 or a 503 for
// the whole push, which would leave the desk resending it for ever: text the
// database cannot store, an event time outside the bounds, and past the
// per-device daily cap, rejections without an exception each. And an event
// id is one device's: two devices racing with one id, one gets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { pairOnDb } from './access-fixtures';

type Svc = Awaited<ReturnType<typeof startTestService>>;
const A = 'NKUST';
const item = (barcode: string, title = '資料結構') => ({ barcode, title, author: '', callNumber: '', location: '', parts: 1 });

for (const backend of await backends()) {
  describe(`per-event screens on ${backend}`, () => {
    let svc: Svc;
    let desk: DeskClient;
    let n = 0;
    const request = (d: DeskClient, note: string, title = '資料結構') =>
      d.event('request.created', { requestId: `req-s-${n}`, patronId: 'pat-1', lenderLibraryId: 'NPTU', item: item(`3200000000${(n++).toString().padStart(4, '0')}`, title), neededBy: null, note });

    beforeAll(async () => {
      svc = await startTestService(backend);
      await new AdminClient(svc.url, svc.adminToken).patron('pat-1', A, '2001000000001');
      desk = await pairOnDb(svc, A);
    });
    afterAll(async () => svc?.dispose());

    it('NUL and lone surrogates in a pushed event: that event rejected (naming the field), the others in the push applied', async () => {
      const good = request(desk, '𠮷'.repeat(500));
      const nul = request(desk, 'note\u0000with NUL');
      const high = request(desk, '', `title \uD842 cut`);
      const low = request(desk, '\uDFB7');
      const after = request(desk, 'fine');
      const res = await desk.pushRaw([good, nul, high, low, after]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const byId = new Map(res.body.results.map((r) => [r.id, r]));
      expect(byId.get(good.id)?.status).toBe('applied');
      expect(byId.get(after.id)?.status).toBe('applied');
      for (const bad of [nul, high, low]) expect(byId.get(bad.id)).toMatchObject({ status: 'rejected', reason: 'UNPROCESSABLE_EVENT' });
      const exceptions = (await desk.pullAll<{ eventId: string; params: { detail: string } }>('exceptions')).documents;
      expect(exceptions.find((e) => e.eventId === nul.id)?.params.detail).toMatch(/\/payload\/note: contains NUL/);
      expect(exceptions.find((e) => e.eventId === high.id)?.params.detail).toMatch(/\/payload\/item\/title: contains a lone surrogate/);
      // The rejected event is stored as sent, made storable (U+FFFD), so the desk's replica converges to it.
      const stored = (await desk.pullAll<{ id: string; status: string; payload: { note: string } }>('events')).documents.find((e) => e.id === nul.id);
      expect(stored).toMatchObject({ status: 'rejected', payload: { note: 'note\uFFFDwith NUL' } });
      // Sent again (its answer lost), it is known: the stored copy comes back as the conflict.
      const again = await desk.pushRaw([nul]);
      expect(again.status).toBe(200);
      expect(again.body.conflicts).toEqual([expect.objectContaining({ id: nul.id, status: 'rejected' })]);
    });

    it('event times: up to 10 minutes ahead and a week or 59 days back are applied; further ahead, year 2999 or older than 60 days are rejected INVALID_EVENT_TIME', async () => {
      const at = (ms: number) => new Date(Date.now() + ms).toISOString();
      const cases: Array<[string, string]> = [
        [at(5 * 60_000), 'applied'], [at(-7 * 86_400_000), 'applied'], [at(-59 * 86_400_000), 'applied'],
        [at(20 * 60_000), 'rejected'], ['2999-01-01T00:00:00.000Z', 'rejected'], [at(-61 * 86_400_000), 'rejected'],
      ];
      const docs = cases.map(([when]) => ({ ...request(desk, ''), at: when }));
      const res = await desk.pushRaw(docs);
      expect(res.status).toBe(200);
      res.body.results.forEach((r, i) => {
        expect(r.status, cases[i]![0]).toBe(cases[i]![1]);
        if (r.status === 'rejected') expect(r.reason).toBe('INVALID_EVENT_TIME');
      });
    });

    it('two devices racing to push one new event id: one applied, the other 409 EVENT_ID_TAKEN', async () => {
      const other = await pairOnDb(svc, A);
      for (let round = 0; round < 5; round++) {
        const mine = request(desk, `race ${round}`);
        const theirs = { ...request(other, `race ${round}`), id: mine.id };
        const [a, b] = await Promise.all([desk.pushRaw([mine]), other.pushRaw([theirs])]);
        const answers = [a, b].map((r) => `${r.status} ${(r.body as { error?: { code: string } }).error?.code ?? r.body.results[0]?.status}`).sort();
        expect(answers).toEqual(['200 applied', '409 EVENT_ID_TAKEN']);
      }
    });

    it('past 500 stored exceptions per device per day, rejections are still stored as rejected, counted in one summary exception', async () => {
      const noisy = await pairOnDb(svc, A);
      const renew = () => noisy.event('loan.renewed', { loanId: 'no-such-loan' });
      const first = await noisy.pushRaw(Array.from({ length: 500 }, renew));
      expect(first.body.results.every((r) => r.status === 'rejected')).toBe(true);
      const extra = Array.from({ length: 7 }, renew);
      const second = await noisy.pushRaw(extra);
      expect(second.status).toBe(200);
      expect(second.body.results.map((r) => r.status)).toEqual(Array(7).fill('rejected'));
      const exceptions = (await noisy.pullAll<{ id: string; eventId: string; reason: string; params: Record<string, unknown> }>('exceptions')).documents;
      expect(exceptions.filter((e) => e.reason !== 'EXCEPTIONS_CAPPED')).toHaveLength(500);
      const summary = exceptions.filter((e) => e.reason === 'EXCEPTIONS_CAPPED');
      expect(summary).toHaveLength(1);
      expect(summary[0]!.params).toMatchObject({ count: 7, cap: 500 });
      // Each capped event is in the desk's replica as rejected.
      const events = new Map((await noisy.pullAll<{ id: string; status: string }>('events')).documents.map((e) => [e.id, e.status]));
      for (const e of extra) expect(events.get(e.id)).toBe('rejected');
      await noisy.pushRaw(Array.from({ length: 3 }, renew));
      const after = (await noisy.pullAll<{ reason: string; params: Record<string, unknown> }>('exceptions')).documents.filter((e) => e.reason === 'EXCEPTIONS_CAPPED');
      expect(after.map((e) => e.params['count'])).toEqual([10]);
    });
  });
}
