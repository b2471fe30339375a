// 自助還書 at the kiosk: no card needed. A book on loan from this library is
// returned (the loan ends, the overdue fine is shown, the tag is secured
// again); staff are told which library it goes back to — the kiosk cannot
// pack parcels, the item appears on the staff desk's list of returns to
// pack. A book not on loan here is refused. The receipt lists the return
// and the fine.
import { expect, itemTags, test } from './support/kiosk-fixtures';

test('self-return of an overdue interlibrary item: fine, tag secured, staff shelving note, receipt', async ({ kiosk, seed, page }) => {
  const patron = await seed.patron('NKUST', '張志明');
  const late = await seed.lentOut('NKUST', 'NPTU', patron, 40, 39);

  await kiosk.open();
  await kiosk.waitFor(`reader.get('loans', '${late.loanId}')?.state === 'active'`);
  await page.getByTestId('kiosk-return').click();
  await expect(page.getByTestId('kiosk-visit')).toHaveAttribute('data-mode', 'return');
  await expect(page.getByRole('heading', { name: '請將要歸還的書放在感應區' })).toBeVisible();

  await kiosk.place([...itemTags(late.barcode, 'NPTU').map((t) => ({ ...t, afi: 0xc2 })), ...itemTags('31302000000002', 'NPTU')]);
  const line = page.locator(`[data-testid="kiosk-line"][data-barcode="${late.barcode}"]`);
  await expect(line).toHaveAttribute('data-kind', 'returned');
  await expect(line).toHaveAttribute('data-security', 'true');
  await expect(line).toContainText(/已歸還，逾期 \d+ 天，罰款 NT\$\d+/);
  await expect(line.getByTestId('kiosk-staff-shelving')).toHaveText('館員：寄回 屏東大學（NPTU），放入寄回包裹');
  const [, days, fine] = (await line.innerText()).match(/逾期 (\d+) 天，罰款 NT\$(\d+)/)!;
  expect(Number(fine)).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="kiosk-line"][data-barcode="31302000000002"]')).toContainText('條碼 31302000000002 沒有在本館借出的紀錄，無法在此歸還。');
  await kiosk.snap('returned');

  await page.getByTestId('kiosk-finish').click();
  await expect(page.getByTestId('kiosk-receipt-state')).toHaveText('請取收據');
  const receipt = await kiosk.waitForReceipt(late.title);
  expect(receipt.text).toContain('借還書收據 Receipt');
  expect(receipt.text).toContain('歸還 1 件');
  expect(receipt.text).toContain(`逾期 ${days} 天 NT$${fine}`);
  expect(receipt.text).toMatch(new RegExp(`本次罰款 +NT\\$${fine}`));
  expect(receipt.text).toMatch(new RegExp(`未繳罰款 +NT\\$${fine}`));
  expect(receipt.text).toMatch(/讀者 +張○明/);
  expect(receipt.text).not.toContain('31302000000002');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('loans', late.loanId)).toMatchObject({ state: 'returned', fineAmount: Number(fine) });
  // Waiting for the staff desk to pack it into the return parcel to NPTU.
  expect(await seed.admin.record('requests', late.requestId)).toMatchObject({ borrowerState: 'awaiting_return_shipping', parcelId: null });
  const kioskEvents = await page.evaluate((id) => [...window.__relayDesk!.desk.view.events.values()].filter((e) => JSON.stringify(e.payload).includes(id)).map((e) => e.type), late.loanId);
  expect(kioskEvents).toEqual(['loan.ended']);
});
