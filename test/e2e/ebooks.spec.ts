// 雲端電子書 in the portal, in Chromium at phone size (390×844), against the
// real service (in memory) with a KBART list imported through the admin
// route. Patron A borrows the one copy and opens it through the signed
// reading link (302 to the vendor, a read counted); patron B, whose list
// still showed the copy free, is turned away (counted) and joins the waiting
// list; A returns early; B is offered the copy (an ebook_available notice
// queued), takes it and returns it. axe-core finds no serious or critical
// violation on any state of the screen.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { startService, type RunningService } from '#server/service';
import { AdminClient } from '#test/support/client';
import { EBOOK_PATHS } from '#shared/ebooks/wire';
import { kbartFile } from '#test/integration/ebooks/support/files';
import { upload } from '#test/integration/ebooks/support/ebooks';
import { buildPortal, expectAccessible, shot } from './support/portal';

const PASSWORD = 'correct horse battery';
const A = { id: 'p-ebook-a', card: '21021000777711', name: '林怡君' };
const B = { id: 'p-ebook-b', card: '21021000777729', name: '黃志明' };
const ONE = '雲端電子書測試：只有一本';
const VENDOR_URL = 'https://reader.example-vendor.com.tw/book/E2E-1';

let svc: RunningService;

test.use({ viewport: { width: 390, height: 844 } });

test.beforeAll(async () => {
  process.env['PORTAL_DIR'] = buildPortal();
  svc = await startService({ port: 0, inMemory: true, demo: false });
  const admin = new AdminClient(svc.url, svc.adminToken);
  for (const p of [A, B]) {
    await admin.patron(p.id, 'NKUST', p.card, { name: p.name });
    await admin.call('POST', '/admin/portal/passwords', { patronId: p.id, password: PASSWORD });
  }
  await admin.call('PUT', `/admin/notices/contacts/${B.id}`, { email: 'huang@student.nkust.edu.tw', language: 'zh-TW', kinds: {} });
  const r = await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=e2e`, kbartFile([
    { titleId: 'E2E-1', title: ONE, author: '王小明', copies: 1, url: VENDOR_URL },
    { titleId: 'E2E-3', title: '雲端電子書測試：三本', author: '李大華', copies: 3 },
  ]));
  expect(r.status).toBe(200);
});
test.afterAll(async () => svc?.stop());

async function signIn(browser: Browser, card: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-TW' })).newPage();
  await page.goto(`${svc.url}/portal/`);
  await page.getByRole('combobox', { name: '學校', exact: true }).selectOption('NKUST');
  await page.getByLabel('借閱證號／帳號').fill(card);
  await page.getByLabel('密碼／PIN').fill(PASSWORD);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: '雲端電子書' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '雲端電子書' })).toBeVisible();
  return page;
}

const titleCard = (page: Page, title: string) => page.getByTestId('ebook-title').filter({ has: page.getByRole('heading', { name: title }) });
const usage = async () => (await svc.db.query<{ loans: number; reads: number; turnaways: number }>(
  `select coalesce(sum(loans), 0)::int as loans, coalesce(sum(reads), 0)::int as reads, coalesce(sum(turnaways), 0)::int as turnaways from ebook_usage where title_id = 'e2e:E2E-1'`)).rows[0]!;

test('borrow and read, a turn-away counted, the waiting list and its notice, early returns', async ({ browser }, info) => {
  const a = await signIn(browser, A.card);
  await expect(a.getByText('目前沒有借閱或等候中的電子書。')).toBeVisible();
  await expectAccessible(a, 'e-books, empty');
  // B opens the screen while the copy is still free.
  const b = await signIn(browser, B.card);
  await expect(titleCard(b, ONE).getByRole('button', { name: `借閱：${ONE}` })).toBeVisible();

  // A borrows the only copy.
  await titleCard(a, ONE).getByRole('button', { name: `借閱：${ONE}` }).click();
  await expect(a.getByTestId('ebook-status')).toContainText(`已借閱《${ONE}》`);
  const loan = a.getByTestId('ebook-loan');
  await expect(loan.getByRole('heading', { name: ONE })).toBeVisible();
  await expect(titleCard(a, ONE).getByTestId('ebook-copies')).toHaveText('全部借出');
  await loan.getByRole('button', { name: `閱讀：${ONE}` }).click();
  const link = a.getByTestId('ebook-read-link');
  await expect(link).toBeVisible();
  await expectAccessible(a, 'e-books, on loan with a reading link');
  await shot(a, info, 'ebooks-loan');
  const href = (await link.getAttribute('href'))!;
  const opened = await a.request.get(href, { maxRedirects: 0 });
  expect([opened.status(), opened.headers()['location']]).toEqual([302, VENDOR_URL]);
  expect((await usage()).reads).toBe(1);

  // B's list still shows the copy free: borrowing is refused, counted as a turn-away, and the list now offers the waiting list.
  await titleCard(b, ONE).getByRole('button', { name: `借閱：${ONE}` }).click();
  await expect(titleCard(b, ONE).getByRole('alert')).toContainText('所有複本都已借出');
  expect((await usage()).turnaways).toBe(1);
  await titleCard(b, ONE).getByRole('button', { name: `加入等候名單：${ONE}` }).click();
  await expect(b.getByTestId('ebook-status')).toContainText('已加入等候名單：第 1 位');
  await expect(b.getByTestId('ebook-hold')).toContainText('等候中：第 1 位');
  await expectAccessible(b, 'e-books, waiting');
  await shot(b, info, 'ebooks-waiting');

  // A returns early: the copy is kept for B, who is notified.
  await loan.getByRole('button', { name: `提前歸還：${ONE}` }).click();
  await expect(a.getByTestId('ebook-status')).toContainText(`已歸還《${ONE}》`);
  await expect(a.getByTestId('ebook-loan')).toHaveCount(0);
  const notices = (await svc.db.query<{ patron_id: string; kind: string }>(`select patron_id, kind from notices where kind = 'ebook_available'`)).rows;
  expect(notices).toEqual([{ patron_id: B.id, kind: 'ebook_available' }]);

  await b.reload();
  const offer = b.getByTestId('ebook-hold');
  await expect(offer).toHaveAttribute('data-state', 'offered');
  await expect(offer).toContainText('已為你保留一本');
  await expectAccessible(b, 'e-books, a copy kept for the patron');
  await shot(b, info, 'ebooks-offered');
  await offer.getByRole('button', { name: `借閱保留的書：${ONE}` }).click();
  await expect(b.getByTestId('ebook-loan').getByRole('heading', { name: ONE })).toBeVisible();
  await expect(b.getByTestId('ebook-hold')).toHaveCount(0);
  await b.getByTestId('ebook-loan').getByRole('button', { name: `提前歸還：${ONE}` }).click();
  await expect(b.getByText('目前沒有借閱或等候中的電子書。')).toBeVisible();
  expect(await usage()).toEqual({ loans: 2, reads: 1, turnaways: 1 });
  await expect(titleCard(b, ONE).getByTestId('ebook-copies')).toHaveText('可借 1 本／共 1 本');
});
