// The used-book exchange in Chromium at phone size (390×844) against its own
// embedded service (demo consortium, in memory) whose exchange clock the test
// moves: a lister lists a book with a photo; a buyer finds it, reserves it and
// writes to the lister; three days later the hold has lapsed (the buyer's
// stale cancel is refused in words, the book is open again); the buyer
// reserves again, the lister sees the masked message and hands the book over;
// another listing is withdrawn behind the confirm. axe-core finds no serious
// or critical violation on any exchange screen.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { startService, type RunningService } from '#server/service';
import { AdminClient } from '#test/support/client';
import { buildPortal, expectAccessible, shot } from './support/portal';

const DAY_MS = 86_400_000;
const PHONE = { width: 390, height: 844 };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000c4944415478da63f8ffff3f0005fe02fea7d6a5e50000000049454e44ae426082', 'hex');
const PATRONS = {
  lister: { id: 'p-ex-lister', library: 'NKUST', card: '21021000777711', password: 'lister-portal-pw', name: '陳怡君' },
  buyer: { id: 'p-ex-buyer', library: 'NKUST', card: '21021000777729', password: 'buyer-portal-pw', name: '林志明' },
} as const;

let svc: RunningService;
let clock = Date.parse('2026-12-07T02:00:00Z');

test.use({ viewport: PHONE });

test.beforeAll(async () => {
  process.env['PORTAL_DIR'] = buildPortal();
  svc = await startService({ port: 0, inMemory: true, demo: true, exchangeNow: () => clock });
  const admin = new AdminClient(svc.url, svc.adminToken);
  for (const p of Object.values(PATRONS)) {
    await admin.patron(p.id, p.library, p.card, { name: p.name });
    await admin.call('POST', '/admin/portal/passwords', { patronId: p.id, password: p.password });
  }
});
test.afterAll(async () => { await svc?.stop(); });

async function signedIn(browser: Browser, who: keyof typeof PATRONS): Promise<Page> {
  const p = PATRONS[who];
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
  const page = await context.newPage();
  await page.goto(`${svc.url}/portal/`);
  await page.getByRole('combobox', { name: '學校', exact: true }).selectOption(p.library);
  await page.getByLabel('借閱證號／帳號').fill(p.card);
  await page.getByLabel('密碼／PIN').fill(p.password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page.getByTestId('who')).toContainText(p.name);
  await page.getByRole('navigation', { name: '主要功能' }).getByRole('link', { name: '二手書' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '二手書交換' })).toBeVisible();
  return page;
}

/** Lists a book through the form; answers the listing's id. */
async function listBook(page: Page, title: string, opts: { price?: string; photo?: boolean; isbn?: string } = {}): Promise<string> {
  await page.getByTestId('exchange-tab-new').click();
  await expect(page.getByRole('heading', { level: 1, name: '刊登二手書' })).toBeVisible();
  if (opts.isbn) {
    await page.getByTestId('exchange-isbn').fill(opts.isbn);
    await page.getByTestId('exchange-lookup').click();
    await expect(page.getByRole('status').filter({ hasText: '聯合目錄' })).toBeVisible();
  }
  await page.getByTestId('exchange-title').fill(title);
  await page.getByTestId('exchange-form-kind').selectOption('sell');
  await page.getByTestId('exchange-form-subject').selectOption('財經企管');
  await page.getByTestId('exchange-price').fill(opts.price ?? '300');
  await page.getByTestId('exchange-campus').fill('建工校區 圖書館一樓');
  await page.getByTestId('exchange-description').fill('書況良好，少量筆記');
  // With a photo: a real PNG, and a web page named .png — the browser believes the name, the service reads the bytes.
  if (opts.photo) {
    await page.getByTestId('exchange-photos').setInputFiles([
      { name: 'cover.png', mimeType: 'image/png', buffer: PNG },
      { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') },
    ]);
  }
  await page.getByTestId('exchange-submit').click();
  await expect(page.getByTestId('exchange-listed')).toHaveText('已刊登。');
  if (opts.photo) await expect(page.getByRole('alert')).toHaveText('照片「fake.png」沒有上傳：只接受 JPEG、PNG 或 WebP 照片。');
  const href = await page.getByTestId('exchange-see-listing').getAttribute('href');
  return decodeURIComponent(href!.split('/').pop()!);
}

test('list, search, reserve, lapse after 3 days, reserve again, hand over, withdraw — at 390×844 with axe on every exchange screen', async ({ browser }, info) => {
  test.setTimeout(300_000);
  const lister = await signedIn(browser, 'lister');
  await expectAccessible(lister, 'exchange browse (empty)');

  // Bad input is worded: an ISBN whose check digit is wrong, contact details in the notes.
  await lister.getByTestId('exchange-tab-new').click();
  await lister.getByTestId('exchange-title').fill('經濟學原理');
  await lister.getByTestId('exchange-isbn').fill('9789573317240');
  await lister.getByTestId('exchange-campus').fill('建工校區');
  await lister.getByTestId('exchange-submit').click();
  await expect(lister.getByRole('alert')).toHaveText('ISBN 檢查碼不正確，請再核對一次（10 或 13 碼）。');
  await lister.getByTestId('exchange-isbn').fill('');
  // A GIF is refused before anything is listed (the service checks the bytes again).
  await lister.getByTestId('exchange-photos').setInputFiles({ name: 'cover.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1') });
  await lister.getByTestId('exchange-submit').click();
  await expect(lister.getByRole('alert')).toHaveText('只接受 JPEG、PNG 或 WebP 照片。');
  await lister.getByTestId('exchange-photos').setInputFiles([]);
  await lister.getByTestId('exchange-description').fill('有興趣請打 0912-345-678');
  await lister.getByTestId('exchange-submit').click();
  await expect(lister.getByRole('alert')).toHaveText('請勿留下電子郵件、電話或 LINE 帳號；請在站內訊息約定面交。');
  await expectAccessible(lister, 'exchange form with an error');
  await shot(lister, info, 'exchange-01-form-error');

  const bookId = await listBook(lister, '經濟學原理', { price: '350', photo: true, isbn: '978-957-33-1724-1' });
  await lister.getByTestId('exchange-see-listing').click();
  await expect(lister.getByRole('heading', { level: 1, name: '經濟學原理' })).toBeVisible();
  await expect(lister.getByTestId('exchange-held')).toHaveText('目前沒有人保留。');
  await expect(lister.getByRole('img', { name: '經濟學原理 的照片 1' })).toBeVisible();
  await expect(lister.getByRole('img')).toHaveCount(1);
  await expectAccessible(lister, 'exchange listing (lister)');
  await shot(lister, info, 'exchange-02-listed');

  // The buyer finds it by a Simplified word and by subject.
  const buyer = await signedIn(browser, 'buyer');
  await buyer.getByTestId('exchange-q').fill('经济学');
  await buyer.getByTestId('exchange-subject').selectOption('財經企管');
  await buyer.getByRole('button', { name: '搜尋' }).click();
  const card = buyer.getByTestId('exchange-listing').filter({ hasText: '經濟學原理' });
  await expect(card).toContainText('NT$350');
  await expect(card.getByTestId('exchange-state')).toHaveText('可保留');
  await expectAccessible(buyer, 'exchange search results');
  await shot(buyer, info, 'exchange-03-search');

  await card.getByRole('link', { name: '經濟學原理' }).click();
  await expect(buyer.getByText('保留 3 天，逾期自動釋出；每人同時最多保留 3 本。')).toBeVisible();
  await buyer.getByTestId('exchange-reserve').click();
  await expect(buyer.getByTestId('exchange-my-hold')).toContainText('你已保留這本書，請在 2026/12/10');
  await buyer.getByTestId('exchange-message').fill('請問週三中午可以在圖書館面交嗎？');
  await buyer.getByTestId('exchange-send').click();
  await expect(buyer.getByTestId('exchange-notice')).toHaveText('已送出訊息，回覆會出現在「訊息」。');
  await expectAccessible(buyer, 'exchange listing (reserved by me)');
  await shot(buyer, info, 'exchange-04-reserved');

  // The lister's own reserve is refused by the page's absence of the button, and by the service.
  await lister.reload();
  await expect(lister.getByTestId('exchange-held')).toContainText('有讀者保留中，保留到 2026/12/10');
  await expect(lister.getByTestId('exchange-reserve')).toHaveCount(0);

  // Three days and a minute later: the hold has lapsed. The buyer's page still shows the cancel button; pressing it is refused in words.
  clock += 3 * DAY_MS + 60_000;
  await buyer.getByTestId('exchange-cancel').click();
  await expect(buyer.getByRole('alert')).toHaveText('這筆保留已經逾期自動釋出；如果書還在，可以重新保留。');
  await expect(buyer.getByTestId('exchange-state')).toHaveText('可保留');
  await buyer.getByTestId('exchange-tab-mine').click();
  await expect(buyer.getByTestId('exchange-hold').first()).toHaveAttribute('data-state', 'lapsed');
  await expect(buyer.getByTestId('exchange-hold').first()).toContainText('保留已逾期');
  await expectAccessible(buyer, 'exchange mine (a lapsed hold)');
  await shot(buyer, info, 'exchange-05-lapsed');
  await lister.reload();
  await expect(lister.getByTestId('exchange-held')).toHaveText('目前沒有人保留。');

  // Reserved again; the lister reads the masked message, answers, and records the hand-over.
  await buyer.getByTestId('exchange-hold').first().getByRole('link', { name: '經濟學原理' }).click();
  await buyer.getByTestId('exchange-reserve').click();
  await expect(buyer.getByTestId('exchange-my-hold')).toBeVisible();
  await lister.getByTestId('exchange-tab-messages').click();
  const thread = lister.getByTestId('exchange-thread').filter({ hasText: '經濟學原理' });
  await expect(thread).toContainText('對方：林○○（你是刊登者）');
  await expect(thread).toContainText('請問週三中午可以在圖書館面交嗎？');
  await expect(thread).not.toContainText(PATRONS.buyer.card);
  await thread.getByTestId('exchange-reply').fill('可以，12:10 圖書館一樓見。');
  await thread.getByRole('button', { name: '回覆' }).click();
  await expect(thread).toContainText('可以，12:10 圖書館一樓見。');
  await expectAccessible(lister, 'exchange messages');
  await shot(lister, info, 'exchange-06-messages');
  await lister.goto(`${svc.url}/portal/#/exchange/listing/${encodeURIComponent(bookId)}`);
  await expect(lister.getByTestId('exchange-held')).toContainText('有讀者保留中');
  await lister.getByTestId('exchange-hand-over').click();
  await expect(lister.getByTestId('exchange-notice')).toHaveText('已記錄面交，謝謝你讓書找到新主人。');
  await expect(lister.getByTestId('exchange-state')).toHaveText('已面交');
  await buyer.reload();
  await expect(buyer.getByTestId('exchange-state')).toHaveText('已面交');

  // Another listing, withdrawn behind the confirm (Enter does not confirm).
  const second = await listBook(lister, '會計學 上冊', { price: '200' });
  await lister.getByTestId('exchange-see-listing').click();
  await lister.getByTestId('exchange-withdraw').click();
  await expect(lister.getByTestId('confirm-dialog')).toBeVisible();
  await expectAccessible(lister, 'exchange withdraw confirm');
  await lister.keyboard.press('Enter');
  await expect(lister.getByTestId('confirm-dialog')).toBeVisible();
  await lister.getByTestId('confirm-yes').click();
  await expect(lister.getByTestId('exchange-state')).toHaveText('已下架');
  await lister.getByTestId('exchange-tab-mine').click();
  await expect(lister.locator(`[data-listing-id="${second}"]`)).toHaveAttribute('data-state', 'withdrawn');
  await expect(lister.locator(`[data-listing-id="${bookId}"]`)).toHaveAttribute('data-state', 'matched');
  await expectAccessible(lister, 'exchange mine (lister)');
  await shot(lister, info, 'exchange-07-mine');

  // Neither book is in the search any more (the demo consortium's own listings still are).
  await buyer.getByTestId('exchange-tab-browse').click();
  await expect(buyer.getByTestId('exchange-total')).toBeVisible();
  for (const id of [bookId, second]) await expect(buyer.locator(`[data-listing-id="${id}"]`)).toHaveCount(0);
  // Nothing on the wire carries another patron's card or id.
  const wire = await (await buyer.request.get(`${svc.url}/portal/api/exchange/threads`)).text();
  expect(wire).not.toMatch(/p-ex-|21021000777/);
});
