// The exchange in the consortium console (Chromium, phone size and desktop):
// a library administrator sees their own school's statistics per subject,
// hides a listing with a reason — which the lister then reads in the portal
// API — and shows it again; the office sees every school. axe-core: 0 serious
// or critical violations on the exchange page.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startService, type RunningService } from '#server/service';
import { DEMO_CONSOLE_ACCOUNTS } from '#server/console/demo-accounts';
import { AdminClient } from '#test/support/client';
import { Patron } from '#test/integration/portal/support/portal-client';
import { EXCHANGE_PATHS as P, type ExchangeListingDetail } from '#shared/exchange/wire';

const ROOT = resolve(__dirname, '../..');
const BUILD_DIR = join(ROOT, 'test-results/exchange-console-build');
const [OFFICE, NKUST] = DEMO_CONSOLE_ACCOUNTS;

let svc: RunningService;
const ids: Record<string, string> = {};
let lister: Patron;

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n = Math.max(n, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs);
  return n;
}

test.beforeAll(async () => {
  // A private build, rebuilt when the console's sources are newer (the console spec's build may be older than this page).
  const index = join(BUILD_DIR, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < Math.max(newest(join(ROOT, 'src/console')), statSync(join(ROOT, 'src/shared/exchange/wire.ts')).mtimeMs)) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.console.config.ts'), '--outDir', BUILD_DIR, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  }
  process.env['CONSOLE_DIR'] = BUILD_DIR;
  svc = await startService({ port: 0, inMemory: true, demo: true });
  const admin = new AdminClient(svc.url, svc.adminToken);
  const patrons = [['p-exc-nkust', 'NKUST', '21021000666611', '吳佩珊'], ['p-exc-nptu', 'NPTU', '21021000666629', '許家豪']] as const;
  const signed: Patron[] = [];
  for (const [id, lib, card, name] of patrons) {
    await admin.patron(id, lib, card, { name });
    await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: `${id}-password` });
    const p = new Patron(svc.url);
    expect((await p.signIn(lib, card, `${id}-password`)).status).toBe(200);
    signed.push(p);
  }
  lister = signed[0]!;
  const book = { kind: 'sell', condition: 'good', price: 120, campus: '第一校區' };
  const add = async (p: Patron, title: string, subject: string) => (await p.send<ExchangeListingDetail>('POST', P.listings, { ...book, title, subject })).body.id;
  ids['nkustA'] = await add(signed[0]!, '普通物理', '自然科學');
  ids['nkustB'] = await add(signed[0]!, '有機化學', '自然科學');
  ids['nptu'] = await add(signed[1]!, '民法總則', '教科書：法政');
  // One reservation and one hand-over at NKUST: 2 listings, 1 reservation, 1 match in 自然科學.
  expect((await signed[1]!.send('POST', P.reserve(ids['nkustA']!))).status).toBe(201);
  expect((await signed[0]!.send('POST', P.handedOver(ids['nkustA']!), {})).status).toBe(200);
});
test.afterAll(async () => svc?.stop());

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${svc.url}/console/`);
  await page.getByLabel('帳號').fill(who.username);
  await page.getByLabel('密碼').fill(who.password);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await page.getByRole('link', { name: '二手書' }).click();
  await expect(page.getByRole('heading', { name: '二手書交換統計' })).toBeVisible();
}

async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `axe on ${where}`).toEqual([]);
}

for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('a library administrator sees their school\'s statistics and hides a listing with a reason the lister reads', async ({ page }) => {
      await signIn(page, NKUST!);
      const row = page.getByTestId('exchange-stats').locator('tr[data-library="NKUST"][data-subject="自然科學"]');
      await expect(row.locator('td')).toHaveText(['自然科學', '2', '1', '1', '50.0%']);
      await expect(page.getByTestId('exchange-stats').locator('tr[data-library="NPTU"]')).toHaveCount(0);
      await expect(page.getByTestId('exchange-library')).toHaveCount(0);
      await axe(page, 'console exchange (library administrator)');

      const item = page.getByTestId('exchange-moderation').locator(`[data-listing-id="${ids['nkustB']}"]`);
      await item.getByLabel('隱藏原因（刊登者會看到）').fill('書名與照片不符');
      await item.getByRole('button', { name: '隱藏' }).click();
      await expect(item).toContainText('已隱藏：書名與照片不符');
      const seen = (await lister.get<ExchangeListingDetail>(P.listing(ids['nkustB']!))).body;
      expect(seen.hidden?.reason).toBe('書名與照片不符');
      await axe(page, 'console exchange after hiding');
      await item.getByRole('button', { name: '取消隱藏' }).click();
      await expect(item.getByRole('button', { name: '隱藏' })).toBeVisible();
      expect((await lister.get<ExchangeListingDetail>(P.listing(ids['nkustB']!))).body.hidden).toBeNull();
    });

    test('the office sees every school and can narrow to one', async ({ page }) => {
      await signIn(page, OFFICE!);
      await expect(page.getByTestId('exchange-stats').locator('tr[data-library="NPTU"][data-subject="教科書：法政"] td')).toHaveText(['教科書：法政', '1', '0', '0', '0.0%']);
      // NKUST's rows (the demo consortium's listings are there too).
      await expect(page.getByTestId('exchange-stats').locator('tr[data-library="NKUST"]')).not.toHaveCount(0);
      await page.getByTestId('exchange-library').selectOption('NPTU');
      await expect(page.getByTestId('exchange-stats').locator('tr[data-library="NKUST"]')).toHaveCount(0);
      await axe(page, 'console exchange (office)');
    });
  });
}
