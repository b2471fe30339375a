// A scanner repeats: the same code again is a neutral notice that says what
// already happened ("03:12 已歸還") with the soft repeat tone — never the red
// problem tone or advice meant for a wrong item. Receiving, packing, Returns,
// Pickup.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

const tones = (page: Page) => page.evaluate(() => ({ ...window.__relayDesk!.tones }));

test('repeat scans while packing, at Returns and at Pickup are neutral and say what happened', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '黃美玲');
  const toShip = await seed.request('STUST', 'NKUST', (await seed.patron('STUST', '蔡宗翰')).id); // a destination no other spec packs to: the specs share one desk
  const lent = await seed.lentOut('NKUST', 'NPTU', patron, 0, 0);
  const [waiting] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);
  const arriving = await seed.request('NKUST', 'NPTU', patron.id);
  const parcelId = await seed.ship('NPTU', 'NKUST', [arriving]);

  await desk.open();
  await desk.waitFor(`reader.get('holds', '${waiting!.holdId}') !== undefined && q.activeLoansAt(reader, me).some((l) => l.itemBarcode === '${lent.barcode}') && reader.get('requests', '${toShip.requestId}') !== undefined`);

  // 收件: the same item twice — the same route, said neutrally with when it was received.
  await desk.waitFor(`!!reader.get('parcels', '${parcelId}')`);
  await desk.tab('receive');
  await desk.scan(parcelId);
  await expect(await desk.scan(arriving.barcode)).toHaveAttribute('data-state', 'ok');
  let before = await tones(page);
  const receivedAgain = await desk.scan(arriving.barcode);
  await expect(receivedAgain).toHaveAttribute('data-state', 'repeat');
  await expect(receivedAgain).toContainText(/\d{2}:\d{2} 已收件/);
  await expect(page.getByTestId('result-big')).toHaveText(/^H-\d{3}$/);
  let after = await tones(page);
  expect(after.problem).toBe(before.problem);
  expect(after.repeat).toBe(before.repeat + 1);

  // 派送: the same item twice.
  await desk.tab('dispatch');
  await expect(await desk.scan(toShip.barcode)).toHaveAttribute('data-state', 'ok');
  before = await tones(page);
  const packedAgain = await desk.scan(toShip.barcode);
  await expect(packedAgain).toHaveAttribute('data-state', 'repeat');
  await expect(page.getByTestId('result-headline')).toHaveText(/^\d{2}:\d{2} 已裝入包裹 \S+$/);
  after = await tones(page);
  expect(after.problem).toBe(before.problem);
  expect(after.repeat).toBe(before.repeat + 1);
  await desk.snap('packed-again');

  // 還書: a book just returned, scanned again.
  await desk.tab('returns');
  await expect(await desk.scan(lent.barcode)).toHaveAttribute('data-state', 'route');
  before = await tones(page);
  const returnedAgain = await desk.scan(lent.barcode);
  await expect(returnedAgain).toHaveAttribute('data-state', 'repeat');
  await expect(page.getByTestId('result-headline')).toHaveText(/^\d{2}:\d{2} 已歸還$/);
  await expect(returnedAgain).not.toContainText('收件');
  after = await tones(page);
  expect(after.problem).toBe(before.problem);
  expect(after.repeat).toBe(before.repeat + 1);
  // Only once in the list of returns.
  await expect(page.locator(`[data-testid="return-row"][data-barcode="${lent.barcode}"]`)).toHaveCount(1);

  // 取書: a book just checked out, scanned again (with the patron still at the counter, and after).
  await desk.tab('pickup');
  await desk.scan(patron.card);
  await expect(await desk.scan(waiting!.barcode)).toHaveAttribute('data-state', 'ok');
  before = await tones(page);
  const outAgain = await desk.scan(waiting!.barcode);
  await expect(outAgain).toHaveAttribute('data-state', 'repeat');
  await expect(page.getByTestId('result-headline')).toHaveText(/^\d{2}:\d{2} 已借出給 黃○玲$/);
  after = await tones(page);
  expect(after.problem).toBe(before.problem);
  expect(after.repeat).toBe(before.repeat + 1);
  await desk.snap('checked-out-again');

  // A real problem still sounds like one.
  before = await tones(page);
  await expect(await desk.scan('NO-SUCH-ITEM-42')).toHaveAttribute('data-state', 'problem');
  after = await tones(page);
  expect(after.problem).toBe(before.problem + 1);
});
