// 自助取書 at the kiosk, as a patron does it: the card, the holds waiting here
// with their pickup-by dates, books put on the pad — each of the patron's
// holds is lent with its due date (a two-part set only once both parts lie
// there), anything else is refused in plain words — then "finish" and the
// receipt comes out of the printer (read back from the ESC/POS bytes).
// A blocked patron is told why, sent to the desk, and nothing is recorded.
import { expect, itemTags, test } from './support/kiosk-fixtures';

test('full pickup: holds with pickup-by dates, a two-part set, a refused book, due dates, the receipt', async ({ kiosk, seed, page }) => {
  const patron = await seed.patron('NKUST', '吳建華');
  const [a, b] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 2, 0);
  // A two-part item (book + CD): both parts must be on the pad.
  const setBarcode = seed.itemBarcode('NPTU');
  const { id: setRequest } = await seed.admin.call<{ id: string }>('POST', '/admin/requests', {
    borrowerLibraryId: 'NKUST', lenderLibraryId: 'NPTU', patronId: patron.id,
    item: { barcode: setBarcode, title: '臺灣語言地圖（附光碟）', author: '洪惟仁', callNumber: '802.52 8474', location: '書庫 3F', parts: 2 },
  });
  const set = { requestId: setRequest, barcode: setBarcode, title: '臺灣語言地圖（附光碟）', callNumber: '802.52 8474' };
  const parcel = await seed.ship('NPTU', 'NKUST', [set]);
  await seed.receive('NKUST', parcel, [set]);
  const other = await seed.patron('NKUST', '許雅雯');
  const [theirs] = await seed.onHoldShelf('NKUST', 'NPTU', other, 1, 0);
  const setTags = itemTags(set.barcode, 'NPTU', 2);

  await kiosk.open();
  await kiosk.waitFor(`[...reader.values('holds')].filter((h) => h.patronId === '${patron.id}' && h.state === 'waiting').length === 3 && reader.get('holds', '${theirs!.holdId}') !== undefined`);
  await kiosk.scanCard(patron.card);
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'visit');
  await expect(page.getByTestId('kiosk-patron-name')).toHaveText('吳○華 您好');
  await expect(page.getByTestId('kiosk-loans')).toHaveText('目前借閱 0 / 6 冊');
  await expect(page.getByTestId('kiosk-hold')).toHaveCount(3);
  await expect(page.getByTestId('kiosk-hold').first()).toContainText(/取書期限 \d{4}-\d{2}-\d{2}（.）/);
  await expect(page.getByTestId('kiosk-hold').filter({ hasText: set.title })).toContainText('共 2 件');
  await expect(page.getByTestId('kiosk-patron')).not.toContainText(patron.card);
  await kiosk.snap('holds');

  await kiosk.place([...itemTags(a!.barcode, 'NPTU'), ...itemTags(b!.barcode, 'NPTU'), setTags[0]!]);
  const line = (barcode: string) => page.locator(`[data-testid="kiosk-line"][data-barcode="${barcode}"]`);
  for (const it of [a!, b!]) {
    await expect(line(it.barcode)).toHaveAttribute('data-kind', 'checked_out');
    await expect(line(it.barcode)).toHaveAttribute('data-security', 'true');
    await expect(line(it.barcode)).toContainText(/已借出，到期日 \d{4}-\d{2}-\d{2}（.）/);
  }
  await expect(line(set.barcode)).toHaveAttribute('data-kind', 'waiting_parts');
  await expect(line(set.barcode)).toContainText('此書共 2 件，請將全部附件放上感應區（尚缺第 2 件）');
  await kiosk.place([setTags[1]!]);
  await expect(line(set.barcode)).toHaveAttribute('data-kind', 'checked_out');

  // Another patron's hold and a book that is no hold: refused, nothing recorded.
  await kiosk.place([...itemTags(theirs!.barcode, 'NPTU'), ...itemTags('31302000000001', 'NPTU')]);
  await expect(line(theirs!.barcode)).toHaveAttribute('data-kind', 'refused');
  await expect(line(theirs!.barcode)).toContainText(`《${theirs!.title}》是其他讀者的預約書，不能借出，請勿帶走。`);
  await expect(line(theirs!.barcode)).toContainText('請洽服務台。');
  await expect(line('31302000000001')).toContainText('條碼 31302000000001 不是本館待取的預約書，無法在此借出。');
  expect(await page.evaluate((h) => [...window.__relayDesk!.desk.view.events.values()].filter((e) => JSON.stringify(e.payload).includes(h)).length, theirs!.holdId)).toBe(0);
  await expect(page.getByTestId('kiosk-limit-after')).toHaveText('您現在借閱 3 / 6 冊');
  await expect(page.getByTestId('kiosk-hold')).toHaveCount(0);
  await kiosk.snap('checked-out');

  const due = (await line(a!.barcode).innerText()).match(/\d{4}-\d{2}-\d{2}/)![0];
  await page.getByTestId('kiosk-finish').click();
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'goodbye');
  await expect(page.getByTestId('kiosk-receipt-state')).toHaveText('請取收據');
  const receipt = await kiosk.waitForReceipt(a!.title);
  expect(receipt.text).toContain('借還書收據 Receipt');
  expect(receipt.text).toContain('高雄科技大學');
  expect(receipt.text).toMatch(/讀者 +吳○華/);
  expect(receipt.text).toContain('借出 3 件');
  for (const it of [a!, b!, set]) expect(receipt.text).toContain(it.title);
  expect(receipt.text).toContain(`到期 ${due}`);
  expect(receipt.text).toMatch(/已借 +3\/6/);
  expect(receipt.text).toMatch(/未繳罰款 +NT\$0/);
  expect(receipt.text).toContain('借閱規則：每人可借 6 冊，借期 28 天。');
  expect(receipt.text.replace(/\s+/g, '')).toContain('逾期每冊每日罰款NT$5');
  expect(receipt.text).toContain('開放時間');
  expect(receipt.text).toMatch(/聯絡 +07-381-4526 分機 1234/);
  expect(receipt.text).not.toContain(theirs!.title);
  expect(receipt.text).not.toContain('離線作業');
  await kiosk.snap('goodbye');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  const loans = await seed.admin.records<{ patronId: string; state: string; itemBarcode: string }>('loans');
  expect(loans.documents.filter((l) => l.patronId === patron.id && l.state === 'active').map((l) => l.itemBarcode).sort()).toEqual([a!.barcode, b!.barcode, set.barcode].sort());
  expect(await seed.admin.record('holds', theirs!.holdId)).toMatchObject({ state: 'waiting' });
});

test('a blocked patron and an expired card: the reason in plain words, "please see the desk", nothing done; English on request', async ({ kiosk, seed, page }) => {
  const blocked = await seed.patron('NKUST', '李佩珊', { blocks: [{ code: 'lost_item', note: '', since: new Date().toISOString() }] });
  const expired = await seed.patron('NKUST', '張家銘', { expiresOn: '2024-06-30' });
  await kiosk.open();
  await kiosk.waitFor(`reader.get('patrons', '${expired.id}') !== undefined && reader.get('patrons', '${blocked.id}') !== undefined`);

  await kiosk.scanCard(blocked.card);
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'blocked');
  await expect(page.getByTestId('kiosk-block-reason')).toHaveText('您的帳號有借閱限制：遺失圖書未處理。');
  await expect(page.getByTestId('kiosk-see-desk')).toHaveText('請洽服務台。');
  await kiosk.snap('blocked');
  await page.getByTestId('kiosk-lang-en').click();
  await expect(page.getByTestId('kiosk-block-reason')).toHaveText('Your account has a block: a lost item.');
  await expect(page.getByTestId('kiosk-see-desk')).toHaveText('Please see the desk.');
  await page.getByTestId('kiosk-done').click();
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome');
  // The next patron starts in the kiosk's own language.
  await expect(page.getByRole('heading', { name: '歡迎使用自助取書' })).toBeVisible();

  await kiosk.scanCard(expired.card);
  await expect(page.getByTestId('kiosk-block-reason')).toHaveText('您的借書證已於 2024-06-30 到期。');
  await page.getByTestId('kiosk-done').click();

  await kiosk.scanCard('29999999999999');
  await expect(page.getByTestId('kiosk-problem')).toContainText('找不到這張借書證。');

  expect(await page.evaluate(() => window.__relayDesk!.desk.view.pendingCount)).toBe(0);
  expect(kiosk.printed()).toHaveLength(0);
});
