// 預約架 Hold shelf: waiting, expiring within two days and expired holds in
// their own sections; a scan finds an item's spot; expired holds (selected,
// or all at once) leave the shelf and go into the return parcel to their
// lender. A hold that has not expired is refused with the date.
import { expect, test } from './support/fixtures';

test('sections, scan to find, expire selected and all expired', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '林佳慧');
  const expired = await seed.onHoldShelf('NKUST', 'NPTU', patron, 2, 10);
  const [expiring] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 6);
  const [waiting] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);

  await desk.open();
  await desk.tab('holds');
  const row = (holdId: string) => page.locator(`[data-testid="hold-row"][data-hold-id="${holdId}"]`);
  for (const h of expired) await expect(row(h.holdId)).toHaveAttribute('data-shelf', 'expired');
  await expect(row(expiring!.holdId)).toHaveAttribute('data-shelf', 'expiring');
  await expect(row(waiting!.holdId)).toHaveAttribute('data-shelf', 'waiting');
  await expect(page.getByTestId('shelf-expired').getByTestId('hold-row').filter({ hasText: expired[0]!.barcode })).toContainText('林○慧');
  await desk.snap('sections');

  const found = await desk.scan(waiting!.barcode);
  await expect(found).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-big')).toHaveText(/^H-\d{3}$/);
  const missing = await desk.scan('31302000000000');
  await expect(missing).toHaveAttribute('data-state', 'problem');
  await expect(missing).toContainText('不在本館預約架上');

  // A hold still within its pickup window cannot be sent back.
  await page.getByTestId('expire-selected').click();
  await expect(desk.result).toHaveAttribute('data-state', 'problem');
  await expect(desk.result).toContainText('尚未到期');
  await expect(row(waiting!.holdId)).toBeVisible();

  await row(expired[0]!.holdId).getByRole('checkbox').check();
  await page.getByTestId('expire-selected').click();
  await expect(desk.result).toHaveAttribute('data-state', 'route');
  await expect(desk.result).toContainText('1 件已下架並放入退回包裹');
  await expect(desk.result).toContainText('NPTU');
  await expect(row(expired[0]!.holdId)).toHaveCount(0);
  await desk.snap('expired-one');

  await page.getByTestId('expire-all').click();
  await expect(row(expired[1]!.holdId)).toHaveCount(0);
  await expect(page.getByTestId('shelf-expired').getByTestId('hold-row')).toHaveCount(0);
  await expect(row(expiring!.holdId)).toBeVisible();

  // Both are in the return parcel to the lender.
  await desk.tab('dispatch');
  const toNptu = page.locator('[data-testid="dest-group"][data-to="NPTU"]');
  for (const h of expired) await expect(toNptu.locator(`[data-testid="parcel-item"][data-barcode="${h.barcode}"]`)).toContainText('歸還');
  await desk.snap('return-parcel');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('requests', expired[0]!.requestId)).toMatchObject({ borrowerState: 'awaiting_return_shipping' });
  expect(await seed.admin.record('holds', expired[1]!.holdId)).toMatchObject({ state: 'expired' });
});
