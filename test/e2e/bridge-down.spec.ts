// The device host down (issue 17): the header says so plainly — not just the
// service's 已連線 — a print that cannot be sent says so at once and stays on
// screen, and a page whose token the host no longer accepts (the host
// restarted, an old URL) says in zh-TW what to do. Stopping a host would
// break every other spec on the shared one, so the first test runs its own.
import { AdminClient } from '../support/client';
import { DeskPage, expect, test } from './support/fixtures';
import { spawnHost } from './support/spawn-host';

test('the host stopped mid-session: the header says so and a print fails visibly', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const own = await spawnHost();
  const desk = new DeskPage(page, own.info, testInfo);
  let stopped = false;
  try {
    const admin = new AdminClient(own.info.serviceUrl, own.info.adminToken);
    const me = own.info.libraryId;
    const borrower = me === 'NPTU' ? 'NKUST' : 'NPTU';
    await admin.patron('p-bridge-down', borrower, '21020000444440');
    const { id } = await admin.request(borrower, me, 'p-bridge-down', '31030000000020');
    await desk.open();
    await desk.waitFor(`reader.get('requests', '${id}') !== undefined`);
    const bridge = page.getByTestId('bridge-status');
    await expect(bridge).toHaveAttribute('data-state', 'open');
    await expect(bridge).toHaveText('裝置主程式已連線');

    await own.stop();
    stopped = true;
    await expect(bridge).toHaveAttribute('data-state', /reconnecting|connecting|closed/, { timeout: 15_000 });
    await expect(bridge).toContainText('裝置主程式未連線');
    await expect(bridge).toHaveAttribute('role', 'alert');

    await desk.tab('dispatch');
    await page.getByTestId('print-all').click();
    const failed = page.getByTestId('print-failed');
    await expect(failed).toContainText('列印失敗');
    await expect(failed).toContainText('裝置主程式未連線');
    await expect(failed).toHaveAttribute('role', 'alert');
    await desk.snap('bridge-down');
    await page.getByTestId('lang-en').click();
    await expect(bridge).toContainText('Device host not connected');
    await expect(failed).toContainText('Printing failed');
  } finally {
    await desk.dispose();
    if (!stopped) await own.stop();
  }
});

test('a page the host refuses (it restarted: an old token) says in zh-TW what to do', async ({ page, host }) => {
  await page.goto(`${host.origin}/#token=an-old-token-from-before-the-restart`);
  const refused = page.getByTestId('host-refused');
  await expect(refused).toContainText('此頁無法連上櫃台主程式');
  await expect(refused).toContainText('請回到執行 npm run start:web 的終端機，開啟它最新印出的網址');
  await expect(page.locator('body')).not.toContainText('refused');
});
