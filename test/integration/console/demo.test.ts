// The demo consortium comes with console sign-ins for the office and for
// NKUST's library (the README's), and its history shows in the statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { until } from '#test/support/until';
import { DEMO_CONSOLE_ACCOUNTS } from '#server/console/demo-accounts';
import { ConsoleClient } from './support/console-client';

describe('console demo accounts', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService('pglite', { demo: true });
  }, 120_000);
  afterAll(async () => svc?.dispose());

  it('signs in as the office and as NKUST, and shows the demo history', async () => {
    const [officeAcc, nkustAcc] = DEMO_CONSOLE_ACCOUNTS;
    const office = await ConsoleClient.signedIn(svc.url, officeAcc.username, officeAcc.password);
    const nkust = await ConsoleClient.signedIn(svc.url, nkustAcc.username, nkustAcc.password);
    expect((await nkust.call<{ account: { libraryId: string } }>('GET', '/console/api/me')).body.account.libraryId).toBe('NKUST');
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const report = await until('the demo history in the statistics', async () => {
      const r = await office.call<{ report: { total: { placed: number; filled: number; unfilled: number } } }>('GET', `/console/api/stats/requests?from=${from}&to=${to}&group=all`);
      return r.body.report.total.placed > 0 ? r.body.report : null;
    });
    expect(report.total.filled).toBeGreaterThan(0);
    expect(report.total.unfilled).toBe(2);
  }, 60_000);
});
