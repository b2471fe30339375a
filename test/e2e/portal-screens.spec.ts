// The portal page against a fake of its API contract (support/portal-fake.ts),
// at phone size and at 1366×768: every screen read by axe-core, every sign-in
// and request error code worded for the patron, the CSRF header on every
// change, the cancel confirm that Enter cannot trigger, renewal, the card QR,
// notice preferences, session expiry and the language switch. The real API
// and staff moving a request are in portal.spec.ts.
import { test, expect, type Page } from '@playwright/test';
import { PORTAL_ERRORS, type PortalErrorCode } from '#shared/portal/wire';
import { FAKE_ORIGIN, FakePortal } from './support/portal-fake';
import { buildPortal, expectAccessible, shot, SIZES } from './support/portal';

let buildDir = '';
test.beforeAll(() => { buildDir = buildPortal(); });

async function open(page: Page): Promise<FakePortal> {
  const fake = new FakePortal(buildDir);
  await fake.install(page);
  await page.goto(`${FAKE_ORIGIN}/portal/`);
  return fake;
}

async function signIn(page: Page, password = '1234'): Promise<void> {
  await page.getByRole('combobox', { name: '學校', exact: true }).selectOption('NKUST');
  await page.getByLabel('借閱證號／帳號').fill('1021000012345');
  await page.getByLabel('密碼／PIN').fill(password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('sign-in words every refusal, remembers only the school, and opens the search', async ({ page }, info) => {
      const fake = await open(page);
      await expect(page.getByRole('heading', { level: 1, name: '登入代借代還' })).toBeVisible();
      await expectAccessible(page, 'sign-in');
      // The school list narrows as the patron types.
      await page.getByLabel('搜尋學校').fill('屏東');
      await expect(page.getByRole('combobox', { name: '學校', exact: true }).locator('option')).toHaveCount(2);
      await page.getByLabel('搜尋學校').fill('');

      const alert = page.getByRole('alert');
      await signIn(page, 'wrong');
      await expect(alert).toHaveText('帳號或密碼不正確，請再試一次。');
      fake.signInError = { code: 'ACCOUNT_LOCKED', details: { until: '2026-12-07T03:15:00Z' } };
      await signIn(page);
      await expect(alert).toContainText('帳號暫時鎖定至 2026/12/07 11:15');
      fake.signInError = { code: 'LIBRARY_SYSTEM_UNREACHABLE' };
      await signIn(page);
      await expect(alert).toHaveText('你的圖書館系統沒有回應，請稍後再試；你的帳號並未被鎖定。');
      fake.signInError = { code: 'UNKNOWN_LIBRARY' };
      await signIn(page);
      await expect(alert).toHaveText('找不到這所學校，請重新選擇。');
      fake.signInError = { code: 'NOT_A_MEMBER_PATRON' };
      await signIn(page);
      await expect(alert).toContainText('學校尚未將你登記為代借代還讀者');
      fake.signInError = { code: 'RATE_LIMITED' };
      await signIn(page);
      await expect(alert).toHaveText('嘗試次數太多，請稍候一分鐘再試。');
      await expectAccessible(page, 'sign-in with an error');
      await shot(page, info, '01-signin-error');

      await signIn(page);
      await expect(page.getByRole('heading', { level: 1, name: '查詢聯合目錄' })).toBeVisible();
      expect(await page.evaluate(() => Object.entries(localStorage))).toEqual(expect.arrayContaining([['relay-portal-school', 'NKUST']]));
      expect(JSON.stringify(await page.evaluate(() => Object.entries(localStorage)))).not.toContain('1021000012345');
      // Signed out, the school is still chosen.
      await page.getByRole('button', { name: '登出' }).click();
      await expect(page.getByTestId('signin-notice')).toHaveText('你已登出。');
      await expect(page.getByRole('combobox', { name: '學校', exact: true })).toHaveValue('NKUST');
      expect(fake.changes.find((c) => c.method === 'DELETE')?.csrf).toBe(fake.me.csrfToken);
    });

    test('rules, search, request: each refusal worded, a duplicate links to the request, every change carries the CSRF token', async ({ page }, info) => {
      const fake = await open(page);
      await signIn(page);
      await expect(page.getByTestId('rules-text')).toHaveText('你可透過代借代還同時借 5 冊，目前已用 2 冊；借期 28 天，自書到館之日起算；到館後保留 7 天；逾期每開館日 NT$5（每冊上限 NT$300）；本服務免費。');
      await expectAccessible(page, 'search');
      await page.getByTestId('search-q').fill('統計');
      await page.getByTestId('search-q').press('Enter');
      const result = page.getByTestId('result').first();
      await expect(result).toContainText('統計學：觀念與應用');
      await expect(result.locator('[data-library="NPTU"]')).toContainText('2 冊可借');
      await expect(result.locator('[data-library="KMU"]')).toContainText('目前無可借');
      await expectAccessible(page, 'search results');
      await shot(page, info, '02-search');

      await result.getByTestId('request-work').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('申請代借：統計學：觀念與應用');
      await expect(page.getByTestId('rules-text')).toContainText('本服務免費');
      await expect(page.getByTestId('pickup')).toHaveValue('NKUST');
      await expectAccessible(page, 'request form');
      await shot(page, info, '03-request-form');

      const alert = page.getByRole('alert');
      for (const [code, words] of [
        ['LIMIT_REACHED', '你已達代借代還的同時借閱上限'], ['NO_LENDER', '目前沒有成員館能借出這本書'], ['VALIDATION_FAILED', '資料有誤，請檢查後再送出：neededBy'],
      ] as const) {
        fake.requestError = { code };
        await page.getByTestId('confirm-request').click();
        await expect(alert).toContainText(words);
      }
      fake.requestError = { code: 'DUPLICATE_REQUEST', details: { requestId: 'r-hold' } };
      await page.getByTestId('confirm-request').click();
      await expect(alert).toContainText('你已經申請過這本書');
      await expectAccessible(page, 'request refused');
      await shot(page, info, '04-request-duplicate');
      await expect(page.getByTestId('existing-request')).toHaveAttribute('href', '#/requests/r-hold');

      await page.getByTestId('note').fill('期末報告用');
      await page.getByTestId('confirm-request').click();
      await expect(page.getByTestId('placed')).toContainText('已送出申請');
      expect(fake.requests[0]).toMatchObject({ title: '統計學：觀念與應用', note: '期末報告用', pickupLibraryId: 'NKUST' });
      expect(fake.changes.filter((c) => c.method !== 'GET' && c.path !== '/portal/api/session').every((c) => c.csrf === fake.me.csrfToken)).toBe(true);
      await page.getByRole('link', { name: '查看這筆申請' }).click();
      await expect(page.getByTestId('timeline').locator('[aria-current="step"]')).toHaveAttribute('data-step', 'placed');
    });

    test('my requests: the hold shelf and unfilled steps in the patron\'s words; cancel needs the dialog\'s button, never Enter', async ({ page }, info) => {
      const fake = await open(page);
      fake.requests.unshift({ ...fake.requests[1]!, id: 'r-open', title: '臺灣文學史綱', timeline: (await import('./support/portal-fake')).timelineAt(2), canCancel: true, notified: false, placedAt: '2026-12-05T02:00:00Z', lenderLibraryId: 'NPTU' });
      await signIn(page);
      await page.getByRole('link', { name: '我的申請' }).click();
      await expect(page.getByTestId('request-row')).toHaveCount(3);
      await expect(page.locator('[data-request-id="r-open"]')).toContainText('已請 國立屏東大學 提供');
      await expect(page.locator('[data-request-id="r-hold"]')).toContainText('可取書');
      await expect(page.locator('[data-request-id="r-unfilled"]')).toContainText('無法提供');
      await expectAccessible(page, 'my requests');
      await shot(page, info, '05-requests');

      await page.getByRole('link', { name: '物聯網系統設計' }).click();
      await expect(page.getByTestId('hold-detail')).toHaveText('架位 H-345，取書期限 2026/12/14（週一）');
      await expect(page.getByTestId('notified')).toContainText('已通知你');
      await expect(page.getByTestId('cancel-request')).toHaveCount(0);
      await expectAccessible(page, 'request on the hold shelf');
      await shot(page, info, '06-request-hold');
      await page.getByRole('link', { name: /回到我的申請/ }).click();
      await page.getByRole('link', { name: '南島語言導論' }).click();
      await expect(page.getByTestId('timeline')).toContainText('向本校圖書館推薦購買');

      await page.getByRole('link', { name: /回到我的申請/ }).click();
      await page.getByRole('link', { name: '臺灣文學史綱' }).click();
      await page.getByTestId('cancel-request').click();
      const dialog = page.getByTestId('confirm-dialog');
      await expect(dialog).toBeVisible();
      await expect(page.getByTestId('confirm-keep')).toBeFocused();
      await expectAccessible(page, 'cancel confirm');
      await shot(page, info, '07-cancel-confirm');
      await page.keyboard.press('Enter');
      await page.getByTestId('confirm-yes').focus();
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      expect(fake.changes.filter((c) => c.path.endsWith('/cancel'))).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await page.getByTestId('cancel-request').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByRole('status').filter({ hasText: '已取消這筆申請' })).toBeVisible();
      await expect(page.getByTestId('timeline').locator('[aria-current="step"]')).toHaveAttribute('data-step', 'cancelled');
      await expect(page.getByTestId('cancel-request')).toHaveCount(0);
      expect(fake.changes.filter((c) => c.path.endsWith('/cancel')).map((c) => c.csrf)).toEqual([fake.me.csrfToken]);
    });

    test('my account: due dates, overdue, renewal answer, holds, fines and the virtual card\'s QR', async ({ page }, info) => {
      await open(page);
      await signIn(page);
      await page.getByRole('link', { name: '我的帳戶' }).click();
      const overdue = page.locator('[data-loan-id="l-1"]');
      await expect(overdue).toContainText('已逾期 4 天');
      await expect(overdue.getByTestId('renew')).toBeDisabled();
      await expect(page.getByTestId('fines-total')).toHaveText('合計 NT$20');
      await expect(page.getByTestId('hold')).toContainText('取書期限 2026/12/14');
      const qr = page.getByTestId('card-qr');
      await expect(qr).toBeVisible();
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 200 && img.src.startsWith('data:image/png'))).toBe(true);
      await expect(page.getByTestId('card-link')).toHaveAttribute('href', '/cards/card-1');
      await page.locator('[data-loan-id="l-2"]').getByTestId('renew').click();
      await expect(page.locator('[data-loan-id="l-2"]').getByTestId('renewal-answer')).toHaveText('續借成功，新的到期日 2027/01/07（週四）。');
      await expectAccessible(page, 'my account');
      await shot(page, info, '08-account');
    });

    test('notice preferences save; the session running out goes back to sign-in with a message; English stays chosen', async ({ page }, info) => {
      const fake = await open(page);
      await signIn(page);
      await page.getByRole('link', { name: '通知設定' }).click();
      await expect(page.getByTestId('pref-email')).toHaveValue('lin@example.edu.tw');
      await page.getByLabel('逾期通知').uncheck();
      await page.getByTestId('pref-language').selectOption('en');
      await page.getByRole('button', { name: '儲存設定' }).click();
      await expect(page.getByTestId('prefs-saved')).toBeVisible();
      expect(fake.prefs).toMatchObject({ language: 'en', kinds: { overdue: false, due_soon: true } });
      await expectAccessible(page, 'notice preferences');
      await shot(page, info, '09-preferences');

      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notice settings');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await page.getByRole('link', { name: 'Search' }).click();
      await expect(page.getByTestId('rules-text')).toHaveText('You may have 5 items at once through borrow-return (代借代還); you are using 2. Loans last 28 days, counted from the day the book arrives at your library. Books wait 7 days on the hold shelf. Overdue fines are NT$5 per open day (at most NT$300 per item). The service is free.');
      await expectAccessible(page, 'search in English');
      await shot(page, info, '10-search-en');

      fake.expired = true;
      await page.getByRole('link', { name: 'My account' }).click();
      await expect(page.getByTestId('signin-notice')).toHaveText('Your session has expired. Please sign in again.');
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to borrow-return (代借代還)');
      await expectAccessible(page, 'sign-in in English');
    });
  });
}

test('every error code of the wire is worded for the patron, in both languages (none falls back to the generic text)', async ({ page }) => {
  test.setTimeout(120_000);
  const fake = await open(page);
  for (const lang of ['zh-TW', 'en'] as const) {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (const code of Object.keys(PORTAL_ERRORS) as PortalErrorCode[]) {
      fake.signInError = { code, ...(code === 'ACCOUNT_LOCKED' ? { details: { until: '2026-12-07T03:15:00Z' } } : {}) };
      await page.getByRole('combobox', { name: lang === 'en' ? 'School' : '學校', exact: true }).selectOption('NKUST');
      await page.locator('input[name="account"]').fill('1021000012345');
      await page.locator('input[name="password"]').fill('1234');
      await page.locator('button[type="submit"]').click();
      const alert = page.getByRole('alert');
      await expect(alert, code).toBeVisible();
      await expect(alert, code).not.toContainText(lang === 'en' ? 'Something went wrong' : '發生錯誤');
      await expect(alert, code).not.toContainText('{{');
    }
  }
});
