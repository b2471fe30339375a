// 派送 Dispatch, as the lending library's desk does it: print pull slips,
// scan to pack (a wrong scan records nothing), parcels grouped by
// destination, cannot-supply with a reason, seal, courier and a scanned
// tracking number, dispatch — and the service ends up with the same state.
import { bridgeCall, expect, test } from './support/fixtures';

test('pull slips, scan to pack, seal and dispatch', async ({ desk, seed, page }) => {
  const toNptu = await seed.request('NPTU', 'NKUST', 'p-nptu-1');
  const unable = await seed.request('NPTU', 'NKUST', 'p-nptu-2');
  const toKmu = await seed.request('KMU', 'NKUST', 'p-kmu-1');

  await desk.open();
  const row = (b: string) => page.locator(`[data-testid="pick-row"][data-barcode="${b}"]`);
  for (const it of [toNptu, unable, toKmu]) await expect(row(it.barcode)).toBeVisible();
  await desk.snap('pick-list');

  // Pull slips for two of them: recorded as printed and queued on the desk's printer.
  await row(toNptu.barcode).getByRole('checkbox').check();
  await row(unable.barcode).getByRole('checkbox').check();
  await page.getByTestId('print-selected').click();
  await expect(row(toNptu.barcode)).toHaveAttribute('data-printed', 'yes');
  await expect(row(unable.barcode)).toHaveAttribute('data-printed', 'yes');
  await expect(page.getByTestId('note')).toHaveText('已送印');
  const jobs = (await bridgeCall(desk.host, 'print.jobs', { limit: 50 })) as { jobs: Array<{ key: string }> };
  expect(jobs.jobs.map((j) => j.key)).toContain(`pull-${toNptu.requestId}`);

  // A scan that matches nothing on the list: says so, records nothing.
  const wrong = await desk.scan('31021009999990');
  await expect(wrong).toHaveAttribute('data-state', 'problem');
  await expect(wrong).toContainText('不在本館待寄送清單中');
  await expect(page.getByTestId('result-next')).toContainText('請核對調書單');
  expect(await desk.eventsMentioning('31021009999990')).toBe(0);
  await desk.snap('wrong-scan');

  // Scan to pack: each item goes into the open parcel for its destination.
  const packed = await desk.scan(toNptu.barcode);
  await expect(packed).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-big')).toHaveText('NPTU');
  await expect(page.locator('[data-testid="dest-group"][data-to="NPTU"] [data-testid="parcel-item"]').filter({ hasText: toNptu.barcode })).toBeVisible();
  await desk.scan(toKmu.barcode);
  await expect(page.getByTestId('result-big')).toHaveText('KMU');
  const kmuParcel = page.locator('[data-testid="parcel"][data-to="KMU"]').filter({ hasText: toKmu.barcode });
  await expect(kmuParcel).toHaveAttribute('data-state', 'open');
  await expect(row(toNptu.barcode)).toHaveCount(0);

  // A distinct tone for each kind of answer (WebAudio; the hooks count them).
  const tones = await page.evaluate(() => ({ ...window.__relayDesk!.tones }));
  expect(tones.ok).toBeGreaterThanOrEqual(2);
  expect(tones.problem).toBeGreaterThanOrEqual(1);

  // A scanner typing while a checkbox has focus still reaches the scan field.
  await row(unable.barcode).getByRole('checkbox').focus();
  await page.keyboard.type('31021009999990', { delay: 2 });
  await expect(desk.scanInput).toHaveValue('31021009999990');
  await desk.scanInput.fill('');

  // Packing the same item again: a neutral notice (issue 17) that says where it already is.
  const again = await desk.scan(toNptu.barcode);
  await expect(again).toHaveAttribute('data-state', 'repeat');
  await expect(again).toContainText('已裝入包裹');
  await desk.snap('packed');

  // Cannot supply, with a reason.
  await row(unable.barcode).getByTestId('cannot-supply-button').click();
  await row(unable.barcode).getByTestId('cannot-supply-reason').selectOption('館藏遺失');
  await row(unable.barcode).getByTestId('cannot-supply-confirm').click();
  await expect(row(unable.barcode)).toHaveCount(0);
  await expect(desk.result).toContainText('已回覆無法提供');

  // Seal, print the routing label, courier + tracking number scanned into its field, dispatch.
  await kmuParcel.getByTestId('seal-button').click();
  await expect(kmuParcel).toHaveAttribute('data-state', 'sealed');
  const parcelId = (await kmuParcel.getAttribute('data-parcel-id'))!;
  await kmuParcel.getByTestId('print-label').click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  await kmuParcel.getByTestId('courier-input').selectOption('黑貓宅急便 T-CAT');
  await kmuParcel.getByTestId('tracking-input').click();
  await page.keyboard.type('TCAT900012345', { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(kmuParcel.getByTestId('tracking-input')).toHaveValue('TCAT900012345');
  await desk.snap('sealed');
  await kmuParcel.getByTestId('dispatch-button').click();
  await expect(desk.result).toContainText('已交寄');
  await expect(page.locator(`[data-testid="parcel"][data-parcel-id="${parcelId}"]`)).toHaveCount(0);
  await expect(desk.scanInput).toBeFocused();
  await desk.snap('dispatched');

  // The service agrees once the desk has synced.
  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆');
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'in_transit', toLibraryId: 'KMU', courier: '黑貓宅急便 T-CAT', trackingNumber: 'TCAT900012345' });
  expect(await seed.admin.record('requests', unable.requestId)).toMatchObject({ lenderState: 'cannot_supply', borrowerState: 'unfilled', reason: '館藏遺失' });
});

test('English, remembered across a reload; function keys and Alt+digit switch tabs', async ({ desk, page }) => {
  await desk.open();
  await expect(page.getByTestId('tab-dispatch')).toContainText('派送');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('tab-dispatch')).toContainText('Dispatch');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const wrong = await desk.scan('NOT-A-BOOK');
  await expect(wrong).toContainText("is not on this library's list to ship");
  await page.reload();
  await expect(page.getByTestId('tab-receive')).toContainText('Receive', { timeout: 30_000 });
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('tab-receive')).toHaveAttribute('aria-selected', 'true');
  await desk.tab('attention');
  await desk.snap('english');
  await page.getByTestId('lang-zh-TW').click();
  await expect(page.getByTestId('tab-attention')).toContainText('待處理');
});
