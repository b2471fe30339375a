// The demo consortium has a union catalogue a new user can search (統計學 at
// any desk) and title requests in their first states: one waiting for review
// at NKUST, one routed along its rota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import type { SearchResponse } from '#shared/catalogue/wire';
import type { RequestRecord } from '#shared/domain/records';

describe('the demo catalogue and title requests (pglite)', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let desk: DeskClient;

  beforeAll(async () => {
    svc = await startTestService('pglite', { demo: true });
    admin = new AdminClient(svc.url, svc.adminToken);
    desk = await admin.pairDesk('NKUST');
  }, 60_000);
  afterAll(async () => svc?.dispose());

  it('a desk finds 統計學 with copies at several libraries', async () => {
    const res = await http<SearchResponse>(svc.url, 'GET', `/api/catalogue/search?q=${encodeURIComponent('統計學')}`, { token: desk.token });
    expect(res.status).toBe(200);
    const work = res.body.works.find((w) => w.title.startsWith('統計學'));
    expect(work?.holdings.map((h) => h.libraryId).sort()).toEqual(['CSU', 'KMU', 'NKUST', 'NPTU', 'NUK']);
  });

  it('NKUST has one request to review and one routed', async () => {
    const { documents } = await desk.pullAll<RequestRecord>('requests');
    expect(documents.find((r) => r.id === 'demo-title-review')).toMatchObject({ review: { state: 'pending', placedBy: 'patron' }, rotaIndex: -1 });
    const routed = documents.find((r) => r.id === 'demo-title-routed');
    expect(routed).toMatchObject({ review: { state: 'approved' }, rotaIndex: 0 });
    // NKUST's own copy is missing: the two libraries with an available copy, in the order the load rule chose.
    expect(routed?.rota.map((p) => [p.libraryId, p.basis]).sort()).toEqual([['NUK', 'available'], ['STUST', 'available']]);
  });
});
