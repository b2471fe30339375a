// The consumer runs inside the service: desks' pushes reach the reports without
// anyone asking (NOTIFY or the poll), the administrator can rebuild, and a bad
// query gets a specific 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';

for (const backend of await backends()) {
  describe(`statistics in the service on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lender: DeskClient;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      lender = await admin.pairDesk('NPTU');
      await admin.patron('p-1', 'NKUST', '2001000012345');
    });
    afterAll(async () => svc?.dispose());

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const report = <T>(name: string, query: string) => admin.call<T>('GET', `/admin/stats/reports/${name}?${query}`);

    it('folds new events in on its own and a rebuild gives the same numbers', async () => {
      const a = await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017');
      const b = await admin.request('NKUST', 'NPTU', 'p-1', '31234000000025');
      expect((await lender.push('request.cannot_supply', { requestId: b.id, reason: '館藏遺失' })).status).toBe('applied');
      expect((await lender.push('item.packed', { parcelId: 'par-1', toLibraryId: 'NKUST', requestId: a.id, itemBarcode: '31234000000017' })).status).toBe('applied');
      await lender.push('parcel.sealed', { parcelId: 'par-1' });
      await lender.push('parcel.dispatched', { parcelId: 'par-1', courier: 'HCT', trackingNumber: 'T1' });
      type Req = { total: { placed: number; filled: number; unfilled: number; fillRate: number }; unfilledByReason: Array<{ reason: string; count: number }> };
      const got = await until('the consumer to fold the pushes in', async () => {
        const r = await report<Req>('requests', `from=${today}&to=${today}&library=NKUST`);
        return r.total.filled === 1 && r.total.unfilled === 1 ? r : null;
      });
      expect(got.total).toMatchObject({ placed: 2, filled: 1, unfilled: 1, fillRate: 0.5 });
      expect(got.unfilledByReason).toEqual([{ reason: 'cannot_supply:館藏遺失', count: 1 }]);
      const trading = await report<{ rows: unknown[] }>('trading', `from=${today}&to=${today}&library=NPTU`);
      expect(trading.rows).toEqual([{ libraryId: 'NKUST', lent: 1, borrowed: 0, net: 1 }]);

      // The live consumer may take some (or all) of the rebuild's batches: they share the checkpoint.
      const rebuilt = await admin.call<{ consumed: number; checkpoint: number; head: number }>('POST', '/admin/stats/rebuild');
      expect(rebuilt.checkpoint).toBeGreaterThan(0);
      expect(await report('requests', `from=${today}&to=${today}&library=NKUST`)).toEqual(got);
    });

    it('refuses bad queries with a specific 4xx', async () => {
      const bad = async (q: string) => (await http<{ error: { code: string } }>(svc.url, 'GET', `/admin/stats/reports/requests?${q}`, { token: svc.adminToken })).body.error.code;
      expect(await bad('from=2026-13-01&to=2026-12-31')).toBe('BAD_DATE_RANGE');
      expect(await bad('from=2026-12-31&to=2026-01-01')).toBe('BAD_DATE_RANGE');
      expect(await bad('group=week')).toBe('BAD_GROUPING');
      expect(await bad('library=nkust')).toBe('VALIDATION_FAILED');
      expect((await http(svc.url, 'GET', '/admin/stats/reports/nope', { token: svc.adminToken })).status).toBe(404);
      expect((await http(svc.url, 'GET', '/admin/stats/reports/requests')).status).toBe(401);
      expect((await http(svc.url, 'POST', '/admin/stats/rebuild')).status).toBe(401);
    });
  });
}
