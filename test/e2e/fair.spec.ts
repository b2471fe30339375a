// 曬書祭 Swap fair (issue 20): NKUST holds a fair; two patrons reserved books on
// the portal. At the fair's entry the desk loses the network and keeps
// scanning slips: the first slip is handed over (the cabinet spot large, the
// offline warning), the same slip again is a neutral repeat saying when and
// where, a misread digit is caught by the check digit, and a patron's slip and
// the cabinet's shelf labels are printed; back online the hand-over reaches
// the service. axe-core: no finding at all on the desk's fair tab (with a
// result showing), 0 serious/critical on the portal's fair screens, where a patron reserves a
// book and cancels behind a confirm Enter cannot press.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startService, type RunningService } from '#server/service';
import { addDays, localDateOf } from '#shared/domain/dates';
import { FAIR_PATHS, type PortalFairDetail, type PortalFairReservation } from '#shared/domain/fairs/wire';
import { slipCodeOf } from '#shared/domain/fairs/slip-code';
import { AdminClient } from '#test/support/client';
import { call, Patron } from '#test/integration/portal/support/portal-client';
import { bridgeCall, expect, test } from './support/fixtures';
import { buildPortal, expectAccessible } from './support/portal';

const PASSWORD = 'fair-e2e-password-1';

/** axe-core findings on the desk: none of any impact, as every other desk tab (a11y-desk.spec.ts). */
async function deskFindings(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** A fair running today at `libraryId` with `titles` on show, made through the administrator's route. */
async function makeFair(admin: AdminClient, libraryId: string, titles: string[]): Promise<string> {
  const today = localDateOf(Date.now(), 480);
  const made = await admin.call<{ fair: { id: string } }>('POST', FAIR_PATHS.admin, {
    libraryId, title: '冬季曬書祭', place: '圖資大樓一樓大廳', startsOn: addDays(today, -1), endsOn: addDays(today, 4), rules: '憑預約單條碼入場。', perPatron: 2,
    items: titles.map((title, i) => ({ title, author: '', shelfMark: `A-${String(i + 1).padStart(2, '0')}` })),
  });
  return made.fair.id;
}

async function signedInPatron(base: string, admin: AdminClient, id: string, libraryId: string, card: string): Promise<Patron> {
  await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: PASSWORD });
  const p = new Patron(base);
  const res = await p.signIn(libraryId, card, PASSWORD);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return p;
}

test('the fair entry desk scans slips offline: hand-over, repeat, misread, prints; online again it reaches the service', async ({ desk, seed, page, host }) => {
  test.setTimeout(180_000);
  const lib = host.libraryId;
  const fairId = await makeFair(seed.admin, lib, ['臺灣通史', '老人與海', '百年孤寂']);
  const detail = await seed.admin.call<{ fairs: Array<{ id: string }> }>('GET', `${FAIR_PATHS.admin}?libraryId=${lib}`);
  expect(detail.fairs.map((f) => f.id)).toContain(fairId);
  const [wang, lee] = [await seed.patron(lib, '王小明'), await seed.patron(lib, '李大華')];
  const pw = await signedInPatron(host.serviceUrl, seed.admin, wang.id, lib, wang.card);
  const pl = await signedInPatron(host.serviceUrl, seed.admin, lee.id, lib, lee.card);
  const books = (await call<PortalFairDetail>(host.serviceUrl, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: pw.cookie })).body.items;
  const reserve = async (p: Patron, itemId: string) => {
    const r = await call<PortalFairReservation>(host.serviceUrl, 'POST', FAIR_PATHS.portalReserve.replace(':id', fairId), { cookie: p.cookie, csrf: p.csrf, body: { itemId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.slipCode;
  };
  const slipA = await reserve(pw, books[0]!.id);
  const slipB = await reserve(pl, books[1]!.id);

  await desk.ownLink();
  await desk.open();
  await page.keyboard.press('F10');
  await expect(page.getByTestId('tab-fair')).toHaveAttribute('aria-selected', 'true');
  await desk.waitFor(`reader.get('fairReservations', '${slipA}') !== undefined && reader.get('fairReservations', '${slipB}') !== undefined`);
  if (await page.getByTestId('fair-choose').count()) await page.getByTestId('fair-choose').selectOption(fairId);
  await expect(page.getByTestId('fair-title')).toHaveText('冬季曬書祭');
  await expect(page.locator(`[data-testid="fair-reservation"][data-slip="${slipA}"]`)).toContainText('王○明');
  await page.getByTestId('scan-input').focus();
  expect(await deskFindings(page)).toEqual([]);

  await desk.network('down');
  // The desk knows it is offline (as the sync bar says) before the first slip comes.
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'offline', { timeout: 15_000 });
  await page.getByTestId('scan-input').focus();
  const handed = await desk.scan(slipA);
  await expect(handed).toHaveAttribute('data-state', 'ok');
  await expect(handed).toContainText('請交付：臺灣通史');
  await expect(page.getByTestId('result-big')).toHaveText('A-01');
  await expect(page.getByTestId('result-warning')).toContainText('離線作業中');
  await expect(page.locator(`[data-testid="fair-reservation"][data-slip="${slipA}"]`)).toHaveAttribute('data-state', 'handed_over');
  await desk.snap('fair-handed-over-offline');

  // The same slip again: a neutral notice (never the problem tone) saying when and where; nothing recorded.
  const again = await desk.scan(slipA);
  await expect(again).toHaveAttribute('data-state', 'repeat');
  await expect(again).toContainText('已交付（本櫃台）');
  expect(await desk.eventsMentioning(slipA)).toBe(1);

  // One digit misread: the check digit refuses it before anything is looked up.
  const misread = slipB.slice(0, 9) + String((Number(slipB.at(-1)) + 1) % 10);
  const wrong = await desk.scan(misread);
  await expect(wrong).toHaveAttribute('data-state', 'problem');
  await expect(wrong).toContainText('檢查碼不符');
  // Well-formed but nobody's slip here.
  await expect(await desk.scan(slipCodeOf('000000001'))).toContainText('不是本館曬書祭的預約單');
  expect(await deskFindings(page)).toEqual([]);

  // A patron who left the slip at home: the desk prints it; and the cabinet's shelf labels.
  await page.getByRole('button', { name: `列印預約單：${slipB.slice(0, 5)} ${slipB.slice(5)}` }).click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  await page.getByTestId('fair-print-labels').click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  await expect.poll(async () => {
    const { jobs } = await bridgeCall(desk.host, 'print.jobs', { limit: 100 }) as { jobs: Array<{ key: string; state: string }> };
    return [jobs.filter((j) => j.key.startsWith(`fair-slip-${slipB}-`)).map((j) => j.state), jobs.filter((j) => j.key.startsWith(`shelf-${fairId}.`)).length];
  }, { timeout: 30_000 }).toEqual([['printed'], 3]);
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 1 筆');
  await desk.snap('fair-printed');

  await desk.network('up');
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆', { timeout: 45_000 });
  const onService = (await seed.admin.records<{ id: string; state: string; handedOverBy: string | null }>('fairReservations')).documents;
  const deskId = await page.evaluate(() => window.__relayDesk!.desk.config.deviceId);
  expect(onService.find((r) => r.id === slipA)).toMatchObject({ state: 'handed_over', handedOverBy: deskId });
  expect(onService.find((r) => r.id === slipB)).toMatchObject({ state: 'reserved', handedOverBy: null });
  const mine = await call<{ reservations: PortalFairReservation[] }>(host.serviceUrl, 'GET', FAIR_PATHS.portalReservations, { cookie: pw.cookie });
  expect(mine.body.reservations.find((r) => r.slipCode === slipA)?.state).toBe('handed_over');
});

test.describe('the portal fair screens', () => {
  let svc: RunningService;
  let admin: AdminClient;
  const patron = { id: 'p-fair-portal', card: '21021000777711', name: '張雅婷' };

  test.beforeAll(async () => {
    process.env['PORTAL_DIR'] = buildPortal();
    svc = await startService({ port: 0, inMemory: true, demo: true });
    admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron(patron.id, 'NKUST', patron.card, { name: patron.name });
    await admin.call('POST', '/admin/portal/passwords', { patronId: patron.id, password: PASSWORD });
    await makeFair(admin, 'NKUST', ['臺灣通史', '老人與海']);
  });
  test.afterAll(async () => {
    await svc?.stop();
  });

  for (const size of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
    test(`a patron reserves a fair book and cancels it (${size.width}×${size.height})`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize(size);
      await page.goto(`${svc.url}/portal/`);
      await page.getByRole('combobox', { name: '學校', exact: true }).selectOption('NKUST');
      await page.getByLabel('借閱證號／帳號').fill(patron.card);
      await page.getByLabel('密碼／PIN').fill(PASSWORD);
      await page.getByRole('button', { name: '登入', exact: true }).click();
      await page.getByRole('navigation').getByRole('link', { name: '曬書祭' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '曬書祭' })).toBeVisible();
      // This spec's fair (the demo consortium has one of its own at NKUST too).
      await expect(page.getByTestId('fair-row').filter({ hasText: '冬季曬書祭' })).toHaveCount(1);
      await expectAccessible(page, 'fairs');

      await page.getByTestId('fair-row').getByRole('link', { name: '冬季曬書祭', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: '冬季曬書祭' })).toBeVisible();
      await page.getByRole('button', { name: '預約這本：老人與海' }).click();
      await expect(page.getByTestId('fair-message')).toContainText('已預約「老人與海」');
      const slip = page.getByTestId('fair-reservation').first();
      await expect(slip).toHaveAttribute('data-state', 'reserved');
      await expect(slip.getByTestId('slip-code')).toHaveText(/^\d{5} \d{5}$/);
      // Code 128 set C: start, five symbol characters, check, stop — 3 bars each, the stop 4.
      await expect(slip.getByTestId('slip-bars').locator('rect[fill="#000"]')).toHaveCount(7 * 3 + 4);
      await expect(page.getByTestId('fair-book').filter({ hasText: '老人與海' })).toContainText('已被預約');
      await expectAccessible(page, 'fair detail with a reservation');

      // Cancelling: the confirm's focus is on keep; Enter does nothing.
      await slip.getByRole('button', { name: '取消預約：老人與海' }).click();
      await expect(page.getByTestId('confirm-dialog')).toBeVisible();
      await expectAccessible(page, 'cancel confirm');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('confirm-dialog')).toBeVisible();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('fair-reservation').first()).toHaveAttribute('data-state', 'cancelled');
      await expect(page.getByTestId('fair-reservation').first()).toContainText('已取消');
      // The book is offered again.
      await expect(page.getByRole('button', { name: '預約這本：老人與海' })).toBeVisible();
    });
  }
});
