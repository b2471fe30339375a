// The administrator revokes a desk that has an action it could not send yet.
// When the link is back, the desk says so plainly — 此工作台已被管理者停用，
// 請重新配對 — stops syncing, and shows the unsent action it keeps for an
// administrator to recover. Revoking a desk would break every other spec on
// the shared host, so this one runs its own.
import { AdminClient } from '../support/client';
import { DeskPage, expect, test } from './support/fixtures';
import { spawnHost } from './support/spawn-host';

test('a revoked desk says so, stops syncing and keeps its unsent action', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const own = await spawnHost();
  const desk = new DeskPage(page, own.info, testInfo);
  try {
    const admin = new AdminClient(own.info.serviceUrl, own.info.adminToken);
    const me = own.info.libraryId;
    const borrower = me === 'NPTU' ? 'NKUST' : 'NPTU';
    await admin.patron('p-revoked', borrower, '21020000333330');
    const { id } = await admin.request(borrower, me, 'p-revoked', '31030000000010');
    await desk.ownLink();
    await desk.open();
    await desk.waitFor(`reader.get('requests', '${id}') !== undefined`);

    await desk.network('down');
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'offline', { timeout: 20_000 });
    const recorded = await page.evaluate((rid) => window.__relayDesk!.desk.workflows.pullSlipsPrinted([rid]).then((r) => r.ok), id);
    expect(recorded).toBe(true);
    await expect(page.getByTestId('unsent-count')).toHaveText('未送出 1 筆');

    await admin.call('POST', `/admin/devices/${own.info.deviceId}/revoke`);
    await desk.network('up');
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'revoked', { timeout: 30_000 });
    await expect(page.getByTestId('sync-label')).toHaveText('此工作台已被管理者停用，請重新配對');
    await expect(page.getByTestId('sync-revoked')).toHaveText('同步已停止。本機保留 1 筆未送出的動作，請交由管理者取回。');
    await expect(page.getByTestId('unsent-count')).toHaveText('未送出 1 筆');
    await desk.snap('revoked');
    // The action never reached the service.
    expect((await admin.records<{ deviceId: string }>('events')).documents.filter((e) => e.deviceId === own.info.deviceId)).toEqual([]);
  } finally {
    await desk.dispose();
    await own.stop();
  }
});
