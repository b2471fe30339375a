// The network is cut between the kiosk and the central service. Holds
// already on this library's shelf can still be picked up (within the
// policy's offline limit per patron); the receipt says it was made offline;
// when the network is back the loans reach the service.
import { expect, itemTags, test } from './support/kiosk-fixtures';

test('pickup with the network cut: lent within the offline limit, receipt marked offline, synced afterwards', async ({ kiosk, seed, page }) => {
  const patron = await seed.patron('NKUST', '陳美玲');
  const holds = await seed.onHoldShelf('NKUST', 'NPTU', patron, 2, 0);
  await kiosk.ownLink();
  await kiosk.open();
  await kiosk.waitFor(`[...reader.values('holds')].filter((h) => h.patronId === '${patron.id}' && h.state === 'waiting').length === 2`);
  await expect(page.getByTestId('kiosk-offline')).toHaveCount(0);

  await kiosk.network('down');
  await expect(kiosk.screen).toHaveAttribute('data-sync', 'offline', { timeout: 20_000 });
  await expect(page.getByTestId('kiosk-offline')).toHaveText('網路中斷中：預約書仍可借出（每人最多 3 冊），資料將於連線後送出。');

  await kiosk.scanCard(patron.card);
  await expect(page.getByTestId('kiosk-hold')).toHaveCount(2);
  await kiosk.place(holds.flatMap((h) => itemTags(h.barcode, 'NPTU')));
  for (const h of holds) {
    const line = page.locator(`[data-testid="kiosk-line"][data-barcode="${h.barcode}"]`);
    await expect(line).toHaveAttribute('data-kind', 'checked_out');
    await expect(line).toHaveAttribute('data-security', 'true');
  }
  await kiosk.snap('offline-pickup');
  await page.getByTestId('kiosk-finish').click();
  await expect(page.getByTestId('kiosk-receipt-state')).toHaveText('請取收據');
  const receipt = await kiosk.waitForReceipt(holds[0]!.title);
  expect(receipt.text).toContain('** 離線作業 **');
  expect(receipt.text).toContain('網路中斷時辦理，連線後由系統確認。');
  expect(receipt.text).toContain('借出 2 件');
  for (const h of holds) expect(receipt.text).toContain(h.title);
  // Nothing reached the service yet.
  expect((await seed.admin.records<{ patronId: string }>('loans')).documents.filter((l) => l.patronId === patron.id)).toHaveLength(0);
  expect(await page.evaluate(() => window.__relayDesk!.desk.view.pendingCount)).toBeGreaterThanOrEqual(2);

  await kiosk.network('up');
  await expect(kiosk.screen).not.toHaveAttribute('data-sync', 'offline', { timeout: 30_000 });
  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  const loans = (await seed.admin.records<{ patronId: string; state: string; itemBarcode: string }>('loans')).documents.filter((l) => l.patronId === patron.id && l.state === 'active');
  expect(loans.map((l) => l.itemBarcode).sort()).toEqual(holds.map((h) => h.barcode).sort());
  await expect(page.getByTestId('kiosk-offline')).toHaveCount(0);
});
