// 取書 Pickup: the patron's card opens the patron panel (masked name, loans
// against the limit, blocks, fines, holds waiting here); each scanned item is
// checked out with its due date. Refusals are explained: a hold for another
// patron, a blocked patron, the loan limit.
import { demoBarcode } from '#server/demo/demo';
import { expect, test } from './support/fixtures';

test('card, holds, checkout with due date, and the refusals', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '吳建華');
  const mine = await seed.onHoldShelf('NKUST', 'NPTU', patron, 2, 0);
  const other = await seed.patron('NKUST', '許雅雯');
  const [theirs] = await seed.onHoldShelf('NKUST', 'NPTU', other, 1, 0);
  // Six items out already, a seventh waiting.
  const full = await seed.patron('NKUST', '鄭文傑');
  const fullHolds = await seed.onHoldShelf('NKUST', 'NPTU', full, 7, 1);
  for (const h of fullHolds.slice(0, 6)) await seed.checkout('NKUST', full.id, h.holdId);
  const blockedCard = demoBarcode(2, 1021, 12019); // demo patron 李佩珊: an unpaid lost item

  await desk.open();
  await desk.tab('pickup');
  await desk.waitFor(`reader.get('holds', '${fullHolds[6]!.holdId}') !== undefined && q.activeLoansAt(reader, me).filter((l) => l.patronId === '${full.id}').length === 6`);

  const card = await desk.scan(patron.card);
  await expect(card).toHaveAttribute('data-state', 'ok');
  await expect(card).toContainText('吳○華');
  await expect(page.getByTestId('patron-name')).toHaveText('吳○華');
  await expect(page.getByTestId('patron-loans')).toHaveText('借閱 0 / 6 冊');
  await expect(page.getByTestId('patron-blocks')).toHaveText('無');
  await expect(page.getByTestId('patron-hold')).toHaveCount(2);
  await expect(page.getByTestId('patron-panel')).not.toContainText(patron.card);
  await desk.snap('patron');

  const wrong = await desk.scan(theirs!.barcode);
  await expect(wrong).toHaveAttribute('data-state', 'problem');
  await expect(wrong).toContainText('此書是其他讀者的預約書');
  await expect(page.getByTestId('result-next')).toContainText('請放回預約書架');

  const out = await desk.scan(mine[0]!.barcode);
  await expect(out).toHaveAttribute('data-state', 'ok');
  await expect(out).toContainText(/到期日 \d{4}-\d{2}-\d{2}（.）（借閱 1 \/ 6）/);
  await expect(page.getByTestId('patron-loans')).toHaveText('借閱 1 / 6 冊');
  await page.getByTestId('patron-hold').filter({ hasText: mine[1]!.barcode }).getByRole('button').click();
  await expect(desk.result).toContainText('借閱 2 / 6');
  await expect(page.getByTestId('checkout-row')).toHaveCount(2);
  await expect(page.getByTestId('patron-hold')).toHaveCount(0);
  await page.getByTestId('print-receipt').click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  await desk.snap('checked-out');

  const blocked = await desk.scan(blockedCard);
  await expect(blocked).toHaveAttribute('data-state', 'problem');
  await expect(blocked).toContainText('讀者有借閱限制');
  await expect(page.getByTestId('patron-blocks')).toContainText('遺失圖書');
  await expect(page.getByTestId('patron-problem')).toBeVisible();
  await desk.snap('blocked');

  const atLimit = await desk.scan(full.card);
  await expect(atLimit).toHaveAttribute('data-state', 'problem');
  await expect(atLimit).toContainText('已達借閱上限 6 冊');
  await expect(page.getByTestId('patron-loans')).toHaveText('借閱 6 / 6 冊');
  const refused = await desk.scan(fullHolds[6]!.barcode);
  await expect(refused).toHaveAttribute('data-state', 'problem');
  await expect(refused).toContainText('已達借閱上限');
  await expect(page.getByTestId('result-next')).toContainText('請讀者先歸還圖書');

  const notHeld = await desk.scan('31302000000001');
  await expect(notHeld).toContainText('不在本館預約架上');
  await page.getByTestId('end-visit').click();
  await expect(page.getByTestId('patron')).toHaveCount(0);
  const unknown = await desk.scan('29999999999999');
  await expect(unknown).toContainText('找不到讀者證');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  const loans = await seed.admin.records<{ patronId: string; state: string }>('loans');
  expect(loans.documents.filter((l) => l.patronId === patron.id && l.state === 'active')).toHaveLength(2);
  expect(loans.documents.filter((l) => l.patronId === full.id && l.state === 'active')).toHaveLength(6);
});
