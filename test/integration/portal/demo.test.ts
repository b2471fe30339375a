// The demo consortium's portal sign-ins (src/server/portal/demo-patrons.ts,
// in the README) work, and show the demo patron's loan and requests; the
// administrator CLI sets another patron's portal password.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { DEMO_PORTAL_PATRONS } from '#server/portal/demo-patrons';
import { PORTAL_PATHS, type PortalAccount, type PortalRequest } from '#shared/portal/wire';
import { EBOOK_PATHS, type EbookList } from '#shared/ebooks/wire';
import { EXCHANGE_PATHS } from '#shared/exchange/wire';
import { FAIR_PATHS } from '#shared/domain/fairs/wire';
import { Patron } from './support/portal-client';

describe('portal demo patrons', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService('pglite', { demo: true });
  }, 120_000);
  afterAll(async () => svc?.dispose());

  it('each demo patron signs in with the README password and sees their own account and requests', async () => {
    for (const d of DEMO_PORTAL_PATRONS) {
      const p = new Patron(svc.url);
      const r = await p.signIn(d.libraryId, d.account, d.password);
      expect([d.patronId, r.status]).toEqual([d.patronId, 200]);
      expect(r.body.patron.id).toBe(d.patronId);
    }
    const p = new Patron(svc.url);
    await p.signIn(DEMO_PORTAL_PATRONS[0].libraryId, DEMO_PORTAL_PATRONS[0].account, DEMO_PORTAL_PATRONS[0].password);
    const account = (await p.get<PortalAccount>(PORTAL_PATHS.account)).body;
    expect(account.loans.length).toBeGreaterThan(0);
    const { requests } = (await p.get<{ requests: PortalRequest[] }>(PORTAL_PATHS.requests)).body;
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.some((r) => r.timeline.some((t) => t.step === 'cancelled'))).toBe(true);
  });

  it('every part of the portal has something in the demo: e-books, a swap fair, used-book listings', async () => {
    const p = new Patron(svc.url);
    await p.signIn(DEMO_PORTAL_PATRONS[1].libraryId, DEMO_PORTAL_PATRONS[1].account, DEMO_PORTAL_PATRONS[1].password);
    expect((await p.get<EbookList>(EBOOK_PATHS.titles)).body.titles.length).toBe(3);
    const fairs = (await p.get<{ fairs: Array<{ id: string }> }>(FAIR_PATHS.portalFairs)).body.fairs;
    expect(fairs.map((f) => f.id)).toContain('demo-fair');
    const listings = await p.get<{ listings: unknown[] }>(EXCHANGE_PATHS.listings);
    expect(listings.status).toBe(200);
    expect(listings.body.listings.length).toBeGreaterThanOrEqual(3);
  });

  it('npm run admin -- portal-password sets a patron\'s portal password (from PORTAL_PASSWORD)', async () => {
    const run = promisify(execFile);
    const out = await run('npx', ['tsx', 'src/server/cli.ts', 'portal-password', 'p-nkust-2', '--url', svc.url], {
      env: { ...process.env, ADMIN_TOKEN: svc.adminToken, PORTAL_PASSWORD: 'a new portal password' },
    });
    expect(out.stdout).toContain('p-nkust-2');
    const p = new Patron(svc.url);
    expect((await p.signIn('NKUST', '21021000104886', 'a new portal password')).status).toBe(200);
  }, 60_000);
});
