// 設定 Settings: the devices the bridge reports, and "repair replica" —
// confirmed first, it rebuilds the local database from the service and keeps
// the actions not yet sent, which go out when the network is back.
import { expect, test } from './support/fixtures';

test('device list and repairing the replica without losing unsent work', async ({ desk, seed, page }) => {
  const req = await seed.request('NPTU', 'NKUST', 'p-nptu-2');
  await desk.ownLink();
  await desk.open();
  await desk.tab('settings');
  await expect(page.locator('[data-testid="device"][data-state="connected"]')).toHaveCount(3);
  await expect(page.getByTestId('devices')).toContainText('模擬收據印表機');

  // One action recorded while the service cannot be reached.
  await desk.network('down');
  await desk.tab('dispatch');
  const row = page.locator(`[data-testid="pick-row"][data-barcode="${req.barcode}"]`);
  await row.getByRole('checkbox').check();
  await page.getByTestId('print-selected').click();
  await expect(row).toHaveAttribute('data-printed', 'yes');
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 1 筆');

  await desk.tab('settings');
  await page.getByTestId('repair-button').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('尚未送出的 1 筆動作會保留');
  await desk.snap('repair-confirm');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('result')).toContainText('修復完成，保留 1 筆未送出動作', { timeout: 20_000 });
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 1 筆');

  await desk.network('up');
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆', { timeout: 45_000 });
  await desk.tab('dispatch');
  await expect(row).toHaveAttribute('data-printed', 'yes');
  await desk.snap('after-repair');
  expect(await seed.admin.record('requests', req.requestId)).toMatchObject({ lenderState: 'pull_slip_printed' });
});
