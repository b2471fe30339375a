// The patron portal in Chromium against its own embedded service (demo
// consortium, in memory), at 390×844 and at 1366×768. The patron signs in
// through their library's system: the project's SIP2 simulator on loopback,
// set as NKUST's portal sign-in through the admin route. Then: the rules,
// the union catalogue, a request, the timeline moving as staff move the
// request (desks pushing real events), a cancel that Enter cannot confirm, a
// renewal, a virtual card's QR, notice preferences and sign-out; axe-core
// finds no serious or critical violation on any screen at either size.
import net from 'node:net';
import { test, expect, type Page } from '@playwright/test';
import { startService, type RunningService } from '#server/service';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { AdminClient, http } from '#test/support/client';
import { PORTAL_PATHS, type PortalRules } from '#shared/portal/wire';
import { buildPortal, expectAccessible, shot, SIZES } from './support/portal';
import { StaffMoves } from './support/portal-staff';

// One patron per screen size: the two runs share the service, never a patron.
const PATRONS = {
  phone: { id: 'p-portal-phone', card: '21021000888811', pin: '2468', name: '張雅婷' },
  laptop: { id: 'p-portal-laptop', card: '21021000888829', pin: '1357', name: '李承翰' },
} as const;

let svc: RunningService;
let admin: AdminClient;
let sim: Sip2ServerSimulator;

test.beforeAll(async () => {
  process.env['PORTAL_DIR'] = buildPortal();
  svc = await startService({ port: 0, inMemory: true, demo: true });
  admin = new AdminClient(svc.url, svc.adminToken);
  for (const p of Object.values(PATRONS)) await admin.patron(p.id, 'NKUST', p.card, { name: p.name });
  sim = new Sip2ServerSimulator({
    institutionId: 'NKUST',
    accounts: [{ userId: 'relay-portal', password: 'sip-login-e2e' }],
    patrons: Object.values(PATRONS).map((p) => ({ id: p.card, pin: p.pin, name: p.name })),
  });
  const port = await sim.start();
  await admin.call('PUT', '/admin/portal/sip2/NKUST', { host: '127.0.0.1', port, institutionId: 'NKUST', loginUser: 'relay-portal', loginPassword: 'sip-login-e2e', timeoutMs: 3000 });
});
test.afterAll(async () => {
  await sim?.stop();
  await svc?.stop();
});

async function signIn(page: Page, card: string, pin: string, libraryId = 'NKUST'): Promise<void> {
  await page.getByRole('combobox', { name: '學校', exact: true }).selectOption(libraryId);
  await page.getByLabel('借閱證號／帳號').fill(card);
  await page.getByLabel('密碼／PIN').fill(pin);
  await page.getByRole('button', { name: '登入', exact: true }).click();
}

async function search(page: Page, q: string, title: RegExp) {
  await page.getByRole('navigation').getByRole('link', { name: '查詢館藏' }).click();
  await page.getByTestId('search-q').fill(q);
  await page.getByTestId('search-q').press('Enter');
  const result = page.getByTestId('result').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(result).toBeVisible();
  return result;
}

/** Places a request from the search screen; answers its id (from the link to it). */
async function placeRequest(page: Page, q: string, title: RegExp, note: string): Promise<string> {
  const result = await search(page, q, title);
  await result.getByTestId('request-work').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^申請代借：${title.source.replace(/^\^|\$$/g, "")}$`));
  await page.getByTestId('note').fill(note);
  await page.getByTestId('confirm-request').click();
  await expect(page.getByTestId('placed')).toBeVisible();
  const href = await page.getByRole('link', { name: '查看這筆申請' }).getAttribute('href');
  return decodeURIComponent(href!.split('/').pop()!);
}

const currentStep = (page: Page) => page.getByTestId('timeline').locator('[aria-current="step"]');

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });
    const patron = PATRONS[size.name];

    test('sign in through SIP2, read the rules, request a book, watch the timeline move, cancel another, renew, show the card QR', async ({ page }, info) => {
      test.setTimeout(240_000);
      const res = await page.goto(`${svc.url}/portal/`);
      expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect(page.getByRole('heading', { level: 1, name: '登入代借代還' })).toBeVisible();
      await page.getByRole('combobox', { name: '學校', exact: true }).selectOption('NKUST');
      await expect(page.getByText('以學校圖書館系統驗證')).toBeVisible();
      await expectAccessible(page, 'sign-in');

      // A wrong PIN, checked by the library's own system.
      await signIn(page, patron.card, '0000');
      await expect(page.getByRole('alert')).toHaveText('帳號或密碼不正確，請再試一次。');
      await shot(page, info, 'real-01-signin');
      await signIn(page, patron.card, patron.pin);
      await expect(page.getByRole('heading', { level: 1, name: '查詢聯合目錄' })).toBeVisible();
      await expect(page.getByTestId('who')).toContainText(patron.name);

      // The rules card says the numbers the service applies to this patron.
      const rules = (await (await page.request.get(`${svc.url}${PORTAL_PATHS.rules}`)).json()) as PortalRules;
      await expect(page.getByTestId('rules-text')).toHaveText(
        `你可透過代借代還同時借 ${rules.loanLimit} 冊，目前已用 0 冊；借期 ${rules.loanDays} 天，自書到館之日起算；到館後保留 ${rules.pickupDays} 天；逾期每開館日 NT$${rules.finePerDay}（每冊上限 NT$${rules.maxFinePerItem}）；本服務免費。`);
      await expectAccessible(page, 'search with the rules');

      // Search: availability per school; NKUST is the patron's own library.
      const stats = await search(page, '統計學', /^統計學\s*[：:]?\s*觀念與應用$/);
      await expect(stats.locator('[data-library="NPTU"]')).toContainText('1 冊可借');
      await expect(stats.locator('[data-library="NUK"]')).toContainText('1 冊可借');
      await expect(stats.locator('[data-library="KMU"]')).toContainText('目前無可借');
      await expectAccessible(page, 'search results');
      await shot(page, info, 'real-02-search');

      const requestId = await placeRequest(page, '統計學', /^統計學\s*[：:]?\s*觀念與應用$/, '期末報告用');
      await expectAccessible(page, 'request placed');
      await page.getByRole('link', { name: '查看這筆申請' }).click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'placed');
      await expect(currentStep(page)).toContainText('已送出申請');
      await expect(page.getByTestId('cancel-request')).toBeVisible();
      await expectAccessible(page, 'request detail');

      // Staff move it; the patron refreshes and sees each step in their words.
      const staff = new StaffMoves(admin, 'NKUST', `${size.name}-${Date.now()}`);
      const { lender, barcode } = await staff.review(requestId);
      await page.getByTestId('refresh').click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'sent_to_lender');
      const lenderName = lender === 'NPTU' ? '屏東大學' : '高雄大學';
      await expect(currentStep(page)).toContainText(`已請 ${lenderName}`);
      await expect(page.getByTestId('timeline').locator('[data-step="reviewed"]')).toHaveAttribute('data-state', 'done');

      await staff.ship(requestId, lender, barcode);
      await page.getByTestId('refresh').click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'shipped');
      await expect(page.getByTestId('cancel-request')).toHaveCount(0);

      await staff.receive(barcode);
      await page.getByTestId('refresh').click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'on_hold_shelf');
      await expect(page.getByTestId('hold-detail')).toContainText(/架位 \S+，取書期限 \d{4}\/\d{2}\/\d{2}/);
      await expectAccessible(page, 'request on the hold shelf');
      await shot(page, info, 'real-03-hold-shelf');

      const loanId = await staff.checkOut(patron.id);
      await page.getByTestId('refresh').click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'checked_out');
      await expect(currentStep(page)).toContainText(/到期日 \d{4}\/\d{2}\/\d{2}/);
      await shot(page, info, 'real-04-checked-out');

      // Another request, cancelled: Enter neither in the dialog nor on its red button confirms.
      const second = await placeRequest(page, '資料結構', /^資料結構\s*[：:]?\s*使用C\+\+$/, '');
      // Asking again for the same work is refused, with a link to the request already open.
      const again = await search(page, '資料結構', /^資料結構\s*[：:]?\s*使用C\+\+$/);
      await again.getByTestId('request-work').click();
      await page.getByTestId('confirm-request').click();
      await expect(page.getByRole('alert')).toContainText('你已經申請過這本書');
      await expectAccessible(page, 'duplicate request');
      await page.getByTestId('existing-request').click();
      await expect(page).toHaveURL(new RegExp(`#/requests/${encodeURIComponent(second)}$`));
      await page.getByTestId('cancel-request').click();
      await expect(page.getByTestId('confirm-keep')).toBeFocused();
      await page.keyboard.press('Enter');
      await page.getByTestId('confirm-yes').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('confirm-dialog')).toBeVisible();
      await expectAccessible(page, 'cancel confirm');
      await page.getByTestId('confirm-yes').click();
      await expect(currentStep(page)).toHaveAttribute('data-step', 'cancelled');
      await expect(page.getByTestId('cancel-request')).toHaveCount(0);

      // My requests: both, each where it is now.
      await page.getByRole('navigation').getByRole('link', { name: '我的申請' }).click();
      await expect(page.locator(`[data-request-id="${requestId}"]`)).toHaveAttribute('data-step', 'checked_out');
      await expect(page.locator(`[data-request-id="${second}"]`)).toHaveAttribute('data-step', 'cancelled');
      await expectAccessible(page, 'my requests');
      await shot(page, info, 'real-05-requests');

      // A virtual card for NPTU, issued at the NKUST desk; then the account: the loan, its renewal, the card's QR.
      const desk = await staff.desk('NKUST');
      const issued = await http<{ card: { id: string } }>(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId: patron.id, hostLibraryId: 'NPTU' } });
      expect(issued.status).toBe(200);
      await page.getByRole('navigation').getByRole('link', { name: '我的帳戶' }).click();
      const loan = page.locator(`[data-loan-id="${loanId}"]`);
      await expect(loan).toContainText('統計學');
      const dueBefore = await loan.getByTestId('due').textContent();
      await loan.getByTestId('renew').click();
      const answer = loan.getByTestId('renewal-answer');
      await expect(answer).toBeVisible();
      if ((await answer.getAttribute('data-state')) === 'granted') await expect(loan.getByTestId('due')).not.toHaveText(dueBefore!);
      const card = page.locator(`[data-card-id="${issued.body.card.id}"]`);
      await expect(card.getByTestId('card-qr')).toBeVisible();
      expect(await card.getByTestId('card-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 200)).toBe(true);
      const cardUrl = await card.getByTestId('card-link').getAttribute('href');
      expect((await page.request.get(`${svc.url}${cardUrl}`)).status()).toBe(200);
      await expectAccessible(page, 'my account');
      await shot(page, info, 'real-06-account');

      // Notice preferences, then sign out.
      await page.getByRole('navigation').getByRole('link', { name: '通知設定' }).click();
      await page.getByTestId('pref-email').fill('patron@example.edu.tw');
      await page.getByLabel('逾期通知').uncheck();
      await page.getByRole('button', { name: '儲存設定' }).click();
      await expect(page.getByTestId('prefs-saved')).toBeVisible();
      await expectAccessible(page, 'notice preferences');
      await shot(page, info, 'real-07-preferences');
      await page.getByRole('button', { name: '登出' }).click();
      await expect(page.getByTestId('signin-notice')).toHaveText('你已登出。');
      expect((await page.request.get(`${svc.url}${PORTAL_PATHS.me}`)).status()).toBe(401);
    });
  });
}

test('an unknown /portal/api path is a 404 error, not the page', async ({ request }) => {
  const r = await request.get(`${svc.url}/portal/api/no-such-thing`);
  expect(r.status()).toBe(404);
  expect((await r.json()).error.code).toBe('NOT_FOUND');
  expect((await request.get(`${svc.url}/portal/requests/anything`)).headers()['content-type']).toContain('text/html');
});

test('a library system that does not answer: the patron is told to try later and that the account is not locked', async ({ page }) => {
  // KMU's SIP2 sign-in points at a port nobody listens on.
  const closed = await new Promise<number>((done) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => done(port));
    });
  });
  await admin.patron('p-portal-kmu', 'KMU', '21044000777711', { name: '吳佳穎' });
  await admin.call('PUT', '/admin/portal/sip2/KMU', { host: '127.0.0.1', port: closed, institutionId: 'KMU', loginUser: 'relay-portal', loginPassword: 'x', timeoutMs: 1000 });
  try {
    await page.goto(`${svc.url}/portal/`);
    await signIn(page, '21044000777711', '1234', 'KMU');
    await expect(page.getByRole('alert')).toHaveText('你的圖書館系統沒有回應，請稍後再試；你的帳號並未被鎖定。', { timeout: 20_000 });
    await expectAccessible(page, 'sign-in, library system down');
  } finally {
    await admin.call('PUT', '/admin/portal/sip2/KMU', { host: '127.0.0.1', port: closed, institutionId: 'KMU', loginUser: 'relay-portal', loginPassword: 'x', timeoutMs: 1000, enabled: false });
  }
});
