// 收件 blockers (issue 17): receiving must never record a book wrongly.
// (a) A scan or a bare Enter in the "close with items missing" dialog never
//     closes the parcel: the focus is on the neutral back button, the scan is
//     received as a scan, and the red button is reached only by Tab + Space or
//     the mouse. (b) An item from another parcel on its way here, or scanned
//     loose, is credited to the parcel that lists it, with a warning, so that
//     parcel closes without a false shortage. (c) A book recorded missing and
//     scanned later is received and the shortage is cleared on both sides.
import { expect, test } from './support/fixtures';

test('a scan or Enter in the missing-items dialog never closes the parcel', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '林小華');
  const [a, b, c] = [await seed.request('NKUST', 'NPTU', patron.id), await seed.request('NKUST', 'NPTU', patron.id), await seed.request('NKUST', 'NPTU', patron.id)];
  const parcelId = await seed.ship('NPTU', 'NKUST', [a!, b!, c!]);
  await desk.open();
  await desk.tab('receive');
  await desk.waitFor(`!!reader.get('parcels', ${JSON.stringify(parcelId)})`);
  await desk.scan(parcelId);
  await desk.scan(a!.barcode);
  await page.getByTestId('close-parcel').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(b!.barcode);
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();

  // A bare Enter: nothing happens.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();

  // The missing book is scanned (a burst ending in Enter): it is received, not a click.
  await page.keyboard.type(b!.barcode, { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-testid="manifest-item"][data-barcode="${b!.barcode}"]`)).toHaveAttribute('data-received', 'yes');
  await expect(dialog).toBeVisible();
  await expect(dialog).not.toContainText(b!.barcode);
  await expect(dialog).toContainText(c!.barcode);
  await desk.snap('dialog-after-scan');

  // Tab reaches the red button, but Enter on it still does nothing; Space (a person's decision) closes.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('confirm-ok')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.waitForTimeout(500);
  await page.keyboard.press('Space');
  await expect(dialog).toHaveCount(0);
  await expect(desk.result).toContainText('短少 1 件');
  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'discrepancy', missing: [c!.barcode] });
});

test('an item from another parcel, or loose, is credited to the parcel that lists it, with a warning', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '陳小安');
  const x = await seed.request('NKUST', 'NPTU', patron.id);
  const y = await seed.request('NKUST', 'NPTU', patron.id);
  const z = await seed.request('NKUST', 'NPTU', patron.id);
  const p1 = await seed.ship('NPTU', 'NKUST', [x]);
  const p2 = await seed.ship('NPTU', 'NKUST', [y]);
  const p3 = await seed.ship('NPTU', 'NKUST', [z]);
  await desk.open();
  await desk.tab('receive');
  await desk.waitFor(`!!reader.get('parcels', ${JSON.stringify(p3)})`);

  await desk.scan(p1);
  const r = await desk.scan(y.barcode);
  await expect(r).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-warning')).toContainText(p2);
  await expect(page.getByTestId('result-warning')).toContainText('不在本包裹清單');
  await expect(page.getByTestId('manifest')).not.toContainText('清單外圖書');
  await desk.snap('credited-elsewhere');

  // The parcel that listed it closes with nothing missing: no dialog, no shortage.
  await page.locator(`[data-testid="expected-parcel"][data-parcel-id="${p2}"]`).getByTestId('open-parcel').click();
  await expect(page.getByTestId('received-count')).toHaveText('已收 1 / 1');
  await page.getByTestId('close-parcel').click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await expect(desk.result).toContainText('收件完成');

  // Loose (no parcel open): credited to its parcel, and said so.
  await desk.scan(z.barcode);
  await expect(page.getByTestId('result-warning')).toContainText(p3);
  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('parcels', p2)).toMatchObject({ state: 'received', missing: [] });
  expect(await seed.admin.record('parcels', p1)).toMatchObject({ extras: [] });
  const third = await seed.admin.record('parcels', p3) as { items: Array<{ barcode: string; receivedAt: string | null }> };
  expect(third.items.find((i) => i.barcode === z.barcode)?.receivedAt).not.toBeNull();
});

test('a late scan of a book recorded missing receives it and clears the shortage on both sides', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '張小雯');
  const arrived = await seed.request('NKUST', 'NPTU', patron.id);
  const late = await seed.request('NKUST', 'NPTU', patron.id);
  const parcelId = await seed.ship('NPTU', 'NKUST', [arrived, late]);
  await seed.receive('NKUST', parcelId, [arrived]);
  await seed.push(await seed.desk('NKUST'), 'parcel.closed', { parcelId });
  await desk.open();
  await desk.waitFor(`reader.get('parcels', ${JSON.stringify(parcelId)})?.state === 'discrepancy'`);
  await desk.tab('attention');
  await expect(page.locator(`[data-testid="attention-item"][data-parcel-id="${parcelId}"]`)).toContainText(late.barcode);

  await desk.tab('receive');
  const r = await desk.scan(late.barcode);
  await expect(r).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-big')).toHaveText(/^H-\d{3}$/);
  await expect(page.getByTestId('result-warning')).toContainText('短少紀錄已清除');
  await desk.tab('attention');
  await expect(page.locator(`[data-testid="attention-item"][data-parcel-id="${parcelId}"]`)).toHaveCount(0);

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'received', missing: [] });
  const req = await seed.admin.record('requests', late.requestId) as { reason: string; borrowerState: string; history: Array<{ type: string }> };
  expect(req).toMatchObject({ reason: '', borrowerState: 'on_hold_shelf' });
  expect(req.history.map((h) => h.type).slice(-2)).toEqual(['parcel.closed', 'item.received']);
});
