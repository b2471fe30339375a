// 還書 Returns (代還): the loan ends, the fine in NT$ is shown (the rules
// count open days after the due date), and the desk says where the item
// goes — the return parcel to its lender. A scan from the bridge's scanner
// works like the keyboard. A receipt can be printed.
import { expect, test } from './support/fixtures';

test('overdue with a fine, on time, unknown, receipt, into the return parcel', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '張志明');
  const late = await seed.lentOut('NKUST', 'NPTU', patron, 40, 39);
  const onTime = await seed.lentOut('NKUST', 'NPTU', patron, 0, 0);

  await desk.open();
  await desk.tab('returns');
  await desk.waitFor(`q.activeLoansAt(reader, me).some((l) => l.itemBarcode === '${onTime.barcode}')`);

  const r1 = await desk.scan(late.barcode);
  await expect(r1).toHaveAttribute('data-state', 'route');
  await expect(page.getByTestId('result-big')).toHaveText('NPTU');
  await expect(r1).toContainText(/逾期 \d+ 天，滯還金 NT\$\d+/);
  await expect(r1).toContainText('放入寄回 NPTU');
  const lateRow = page.locator(`[data-testid="return-row"][data-barcode="${late.barcode}"]`);
  const fine = Number(await lateRow.getAttribute('data-fine'));
  expect(fine).toBeGreaterThan(0);
  await expect(r1).toContainText(`NT$${fine}`);
  await desk.snap('overdue');

  await desk.withDevices(async () => {
    const r2 = await desk.bridgeScan(onTime.barcode);
    await expect(r2).toHaveAttribute('data-state', 'route');
    await expect(r2).toContainText('無逾期');
  });
  await expect(page.locator(`[data-testid="return-row"][data-barcode="${onTime.barcode}"]`)).toHaveAttribute('data-fine', '0');

  // The same book again (a scanner repeats): a neutral notice of what happened (issue 17), not a problem.
  const again = await desk.scan(late.barcode);
  await expect(again).toHaveAttribute('data-state', 'repeat');
  await expect(again).toContainText('已歸還');
  const none = await desk.scan(seed.itemBarcode('NKUST'));
  await expect(none).toHaveAttribute('data-state', 'problem');
  await expect(none).toContainText('沒有在本館借出的紀錄');

  await lateRow.getByTestId('print-receipt').click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  await expect(desk.scanInput).toBeFocused();
  await desk.snap('returns');

  await desk.tab('dispatch');
  const toNptu = page.locator('[data-testid="dest-group"][data-to="NPTU"]');
  for (const it of [late, onTime]) await expect(toNptu.locator(`[data-testid="parcel-item"][data-barcode="${it.barcode}"]`)).toContainText('歸還');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  const fines = await seed.admin.records<{ itemBarcode: string; amount: number }>('fines');
  expect(fines.documents.find((f) => f.itemBarcode === late.barcode)?.amount).toBe(fine);
});
