// 收件 Receive: scan a parcel label, then each item; every item is routed at
// once — hold shelf (spot, masked patron, pickup-by), home to our shelves,
// or on to where it was going — an item nobody here knows is a problem to
// set aside, and closing with an item missing records the discrepancy for
// both libraries. RFID: a stack on the pad is received item by item.
import { randomBytes } from 'node:crypto';
import { bridgeCall, expect, test } from './support/fixtures';

test('parcel label, routed items, discrepancy on close, RFID stack', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '王小明');
  const forHold = await seed.request('NKUST', 'NPTU', patron.id);
  const neverArrives = await seed.request('NKUST', 'NPTU', patron.id);
  // Another library's loan that reached us by mistake: this desk cannot see its request.
  const stray = await seed.request('KMU', 'NPTU', 'p-kmu-1');
  await seed.ship('NPTU', 'KMU', [stray]);
  // Our book on its way to NPTU, back in NPTU's parcel to us (the courier mixed them up).
  const bounced = await seed.request('NPTU', 'NKUST', 'p-nptu-2');
  await seed.ship('NKUST', 'NPTU', [bounced]);
  // Our own book coming home: lent to NPTU, borrowed and returned there.
  const ours = await seed.request('NPTU', 'NKUST', 'p-nptu-1');
  const out = await seed.ship('NKUST', 'NPTU', [ours]);
  const [hold] = await seed.receive('NPTU', out, [ours]);
  await seed.returnLoan('NPTU', await seed.checkout('NPTU', 'p-nptu-1', hold!));
  const parcelId = await seed.ship('NPTU', 'NKUST', [forHold, neverArrives, ours]);

  await desk.open();
  await desk.tab('receive');
  await expect(page.locator(`[data-testid="expected-parcel"][data-parcel-id="${parcelId}"]`)).toBeVisible();
  await desk.snap('expected');

  const opened = await desk.scan(parcelId);
  await expect(opened).toHaveAttribute('data-state', 'ok');
  await expect(opened).toContainText(parcelId);
  const manifest = (b: string) => page.locator(`[data-testid="manifest-item"][data-barcode="${b}"]`);
  await expect(page.getByTestId('manifest-item')).toHaveCount(3);
  await expect(manifest(forHold.barcode)).toHaveAttribute('data-received', 'no');

  const routeRow = (b: string) => page.locator(`[data-testid="route-row"][data-barcode="${b}"]`);
  const shelved = await desk.scan(forHold.barcode);
  await expect(shelved).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-big')).toHaveText(/^H-\d{3}$/);
  const spot = await page.getByTestId('result-big').textContent();
  await expect(routeRow(forHold.barcode)).toHaveAttribute('data-route', 'hold_shelf');
  await expect(routeRow(forHold.barcode)).toContainText('預約架 H-');
  await expect(routeRow(forHold.barcode)).toContainText('王○明');
  await expect(routeRow(forHold.barcode)).toContainText('取書期限');
  await expect(manifest(forHold.barcode)).toHaveAttribute('data-received', 'yes');

  await desk.scan(ours.barcode);
  await expect(routeRow(ours.barcode)).toHaveAttribute('data-route', 'home');
  await expect(routeRow(ours.barcode)).toContainText(`歸架 ${ours.callNumber}`);

  const forward = await desk.scan(bounced.barcode);
  await expect(forward).toHaveAttribute('data-state', 'route');
  await expect(page.getByTestId('result-big')).toHaveText('NPTU');
  await expect(routeRow(bounced.barcode)).toHaveAttribute('data-route', 'forward');
  await expect(routeRow(bounced.barcode)).toContainText('轉寄 NPTU');
  expect(await page.evaluate(() => window.__relayDesk!.tones.route)).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('manifest')).toContainText('清單外圖書');

  const unknown = await desk.scan(stray.barcode);
  await expect(unknown).toHaveAttribute('data-state', 'problem');
  await expect(unknown).toContainText('沒有進行中的代借代還申請');
  await expect(page.getByTestId('result-next')).toContainText('請放置待處理區');
  await expect(routeRow(stray.barcode)).toHaveCount(0);
  await expect(page.getByTestId('received-count')).toHaveText('已收 2 / 3');
  await desk.snap('routed');

  // The same item again: the same answer (one row, the same spot), no second hold.
  await desk.scan(forHold.barcode);
  await expect(page.getByTestId('result-big')).toHaveText(spot!);
  await expect(routeRow(forHold.barcode)).toHaveCount(1);

  // Close with one item missing: confirm, and the discrepancy is recorded.
  await page.getByTestId('close-parcel').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(neverArrives.barcode);
  await desk.snap('confirm-missing');
  await page.getByTestId('confirm-ok').click();
  await expect(desk.result).toHaveAttribute('data-state', 'problem');
  await expect(desk.result).toContainText('短少 1 件');
  await expect(desk.scanInput).toBeFocused();

  // The discrepancy waits in Needs attention.
  await desk.tab('attention');
  await expect(page.locator(`[data-testid="attention-item"][data-parcel-id="${parcelId}"]`)).toContainText(neverArrives.barcode);

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'discrepancy', missing: [neverArrives.barcode], extras: [bounced.barcode] });
  expect(await seed.admin.record('requests', ours.requestId)).toMatchObject({ borrowerState: 'complete', lenderState: 'complete' });

  // RFID: a stack of two tagged items on the pad, received in one go.
  const stack = [await seed.request('NKUST', 'NPTU', patron.id), await seed.request('NKUST', 'NPTU', patron.id)];
  const rfidParcel = await seed.ship('NPTU', 'NKUST', stack);
  await desk.tab('receive');
  const card = page.locator(`[data-testid="expected-parcel"][data-parcel-id="${rfidParcel}"]`);
  await card.getByTestId('open-parcel').click();
  await expect(page.getByTestId('manifest-item')).toHaveCount(2);
  const uid = () => `E004${randomBytes(6).toString('hex').toUpperCase()}`;
  await desk.withDevices(async () => {
    await bridgeCall(desk.host, 'sim.placeTags', { tags: stack.map((s) => ({ uid: uid(), item: { primaryItemId: s.barcode, owner: 'TW-NPTU' } })) });
    for (const s of stack) await expect(routeRow(s.barcode)).toHaveAttribute('data-route', 'hold_shelf');
    await expect(page.getByTestId('received-count')).toHaveText('已收 2 / 2');
    await bridgeCall(desk.host, 'sim.removeTags', {});
  });
  await page.getByTestId('close-parcel').click();
  await expect(desk.result).toContainText('收件完成');
  await desk.snap('rfid-stack');
});
