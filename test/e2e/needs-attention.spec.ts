// 待處理 Needs attention: a parcel that arrived incomplete, and an action this
// desk recorded offline that the service refused afterwards (a colleague's
// desk checked the same hold out first) — shown with why and what to do,
// and counted on the tab's badge.
import { expect, test } from './support/fixtures';

test('discrepancy parcel and a refused offline checkout', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '蔡依林');
  const items = [await seed.request('NKUST', 'NPTU', patron.id), await seed.request('NKUST', 'NPTU', patron.id)];
  const parcelId = await seed.ship('NPTU', 'NKUST', items);
  await seed.receive('NKUST', parcelId, items.slice(0, 1));
  await seed.push(await seed.desk('NKUST'), 'parcel.closed', { parcelId });
  const [hold] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);

  await desk.ownLink();
  await desk.open();
  await desk.tab('attention');
  const discrepancy = page.locator(`[data-testid="attention-item"][data-kind="discrepancy"][data-parcel-id="${parcelId}"]`);
  await expect(discrepancy).toContainText(items[1]!.barcode);
  await expect(discrepancy).toContainText('NPTU 屏東大學 → NKUST 高雄科技大學');
  const badgeBefore = Number(await page.getByTestId('attention-badge').textContent());

  // Offline, this desk checks the hold out; meanwhile a colleague's desk does the same online.
  await desk.tab('pickup');
  await desk.network('down');
  await desk.scan(patron.card);
  const local = await desk.scan(hold!.barcode);
  await expect(local).toHaveAttribute('data-state', 'ok');
  await seed.checkout('NKUST', patron.id, hold!.holdId);
  await desk.network('up');

  // The service refuses this desk's checkout; the exception comes back with the reason.
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆', { timeout: 45_000 });
  // Other specs' discrepancies may arrive meanwhile: at least one more.
  await expect.poll(async () => Number(await page.getByTestId('attention-badge').textContent()), { timeout: 15_000 }).toBeGreaterThan(badgeBefore);
  await desk.tab('attention');
  const refused = page.locator('[data-testid="attention-item"][data-kind="exception"][data-reason="HOLD_NOT_WAITING"]').first();
  await expect(refused).toContainText('預約狀態為「已取書」，不能借出。');
  await expect(refused).toContainText('請查看此書的申請單紀錄。');
  await expect(refused).toContainText('loan.started');
  await desk.snap('attention');

  await page.getByTestId('lang-en').click();
  await expect(refused).toContainText('The hold is "picked up" and cannot be checked out.');
  await page.getByTestId('lang-zh-TW').click();
});
