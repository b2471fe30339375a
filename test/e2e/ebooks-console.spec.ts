// The console's 雲端電子書 statistics page in Chromium against the real service:
// loans and turn-aways made through the service, a vendor's COUNTER TR_B1
// imported, then the office reads the per-title table (turn-aways and per
// copy beside the vendor's counts) and the per-year view; axe-core finds no
// serious or critical violation, at phone size and on a laptop.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startService, type RunningService } from '#server/service';
import { AdminClient } from '#test/support/client';
import { borrow } from '#server/ebooks/circulation';
import { EBOOK_PATHS } from '#shared/ebooks/wire';
import { counterJson, isbnOf, kbartFile } from '#test/integration/ebooks/support/files';
import { upload } from '#test/integration/ebooks/support/ebooks';

const ROOT = resolve(__dirname, '../..');
const BUILD_DIR = join(ROOT, 'test-results/ebooks-console-build');
let svc: RunningService;

test.beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.console.config.ts'), '--outDir', BUILD_DIR, '--logLevel', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  process.env['CONSOLE_DIR'] = BUILD_DIR;
  svc = await startService({ port: 0, inMemory: true, demo: false });
  const admin = new AdminClient(svc.url, svc.adminToken);
  await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: '聯盟辦公室', role: 'office', password: 'office-password-1' });
  expect((await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=cv`, kbartFile([
    { titleId: 'HOT', title: '熱門電子書：深度學習', copies: 2, isbn: isbnOf(11) },
    { titleId: 'CALM', title: '冷門電子書：古典文學', copies: 5, isbn: isbnOf(12) },
  ]))).status).toBe(200);
  const now = Date.now();
  for (let i = 0; i < 6; i++) await borrow(svc.db, { patronId: `cv-${i}`, libraryId: i % 2 ? 'NKUST' : 'NPTU' }, 'cv:HOT', now).catch(() => undefined);
  await borrow(svc.db, { patronId: 'cv-9', libraryId: 'NUK' }, 'cv:CALM', now);
  const month = new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
  expect((await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importCounter}?library=NKUST`, counterJson([
    { title: '熱門電子書：深度學習', isbn: isbnOf(11), months: { [month]: { Total_Item_Requests: 40, Unique_Title_Requests: 9 } } },
  ], { begin: `${month}-01`, end: `${month}-28` }), 'application/json')).status).toBe(200);
});
test.afterAll(async () => svc?.stop());

async function accessible(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `axe on ${where}`).toEqual([]);
}

for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
  test(`the e-book statistics: turn-aways per title and per copy beside the vendor's counts (${viewport.width}px)`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`${svc.url}/console/`);
    await page.getByLabel('帳號').fill('office');
    await page.getByLabel('密碼', { exact: true }).fill('office-password-1');
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('link', { name: '雲端電子書' }).click();
    await expect(page.getByRole('heading', { name: '雲端電子書統計' })).toBeVisible();
    const table = page.getByTestId('table-ebooks');
    const hot = table.getByRole('row').filter({ hasText: '熱門電子書：深度學習' });
    // 2 copies, 6 tried: 2 loans, 4 turn-aways (2 per copy); the vendor's 40 requests beside them.
    await expect(hot.locator('td[data-col="ebookLoans"]')).toHaveText('2');
    await expect(hot.locator('td[data-col="turnaways"]')).toHaveText('4');
    await expect(hot.locator('td[data-col="turnawaysPerCopy"]')).toHaveText('2');
    await expect(hot.locator('td[data-col="vendorRequests"]')).toHaveText('40');
    await expect(table.getByRole('row').nth(1)).toContainText('熱門電子書'); // most turned away first
    await accessible(page, 'e-book statistics per title');
    await page.getByRole('combobox', { name: '分組' }).selectOption('year');
    await page.getByRole('button', { name: '查詢' }).click();
    const year = table.getByRole('row').filter({ hasText: new Date().getFullYear().toString() });
    await expect(year.locator('td[data-col="ebookLoans"]')).toHaveText('3');
    await expect(year.locator('td[data-col="turnaways"]')).toHaveText('4');
    await accessible(page, 'e-book statistics per year');

    // A vendor's COUNTER report for NPTU from the console: a malformed one is refused with its problems, a good one shows up in the table.
    await page.getByRole('combobox', { name: '學校' }).selectOption('NPTU');
    await page.getByRole('combobox', { name: '分組' }).selectOption('title');
    await page.getByRole('button', { name: '查詢' }).click();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const good = counterJson([{ title: '冷門電子書：古典文學', isbn: isbnOf(12), months: { [month]: { Total_Item_Requests: 8, Unique_Title_Requests: 3 } } }], { begin: `${month}-01`, end: `${month}-28` });
    const counterInput = page.getByLabel(/COUNTER R5/);
    await counterInput.setInputFiles({ name: 'tr_b1.json', mimeType: 'application/json', buffer: Buffer.from(good.replace('"Count":8', '"Count":"eight"')) });
    await page.getByRole('button', { name: '匯入' }).last().click();
    await expect(page.getByTestId('import-result')).toContainText('未匯入任何資料');
    await expect(page.getByTestId('import-result')).toContainText('Report_Items/0/Performance/0/Instance/0/Count');
    await accessible(page, 'e-book import refused');
    await counterInput.setInputFiles({ name: 'tr_b1.json', mimeType: 'application/json', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: '匯入' }).last().click();
    await expect(page.getByTestId('import-result')).toHaveText('已匯入 1 列。');
    const calm = table.getByRole('row').filter({ hasText: '冷門電子書：古典文學' });
    await expect(calm.locator('td[data-col="vendorRequests"]')).toHaveText('8');
  });
}
