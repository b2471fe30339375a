// The consortium console in Chromium, against its own embedded service with
// the demo consortium: sign-in, a policy change that shows in the audit log,
// a library administrator refused another school's data, the requests chart
// with its table's numbers, and CSV/XLSX exports equal to the screen's table.
// Accessibility is checked by hand here (landmarks, one h1, a label on every
// field); axe-core (@axe-core/playwright) is not installed yet.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { startService, type RunningService } from '#server/service';
import { catchUp } from '#server/stats/consumer';
import { DEMO_CONSOLE_ACCOUNTS } from '#server/console/demo-accounts';

const ROOT = resolve(__dirname, '../..');
// A private build directory: an `npm run build` meanwhile empties out/.
const BUILD_DIR = join(ROOT, 'test-results/console-build');
const [OFFICE, NKUST] = DEMO_CONSOLE_ACCOUNTS;

let svc: RunningService;

test.beforeAll(async () => {
  if (!existsSync(join(BUILD_DIR, 'index.html'))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.console.config.ts'), '--outDir', BUILD_DIR, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  process.env['CONSOLE_DIR'] = BUILD_DIR;
  svc = await startService({ port: 0, inMemory: true, demo: true });
  // The demo history is in the statistics before the first page asks for it.
  await catchUp(svc.db);
});
test.afterAll(async () => svc?.stop());

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${svc.url}/console/`);
  await page.getByLabel('帳號').fill(who.username);
  await page.getByLabel('密碼').fill(who.password);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/** By hand until axe-core is installed: landmarks, one h1, and an accessible name on every field. */
async function checkAccessibleBasics(page: Page): Promise<void> {
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveCount(1);
  const unlabelled = await page.locator('input, select, textarea').evaluateAll((els) =>
    els.filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label')).map((el) => el.outerHTML.slice(0, 80)));
  expect(unlabelled).toEqual([]);
  const noCaption = await page.locator('table').evaluateAll((els) => els.filter((t) => !t.querySelector('caption')).length);
  expect(noCaption).toBe(0);
}

const screenTable = (page: Page, testId: string) => page.getByTestId(testId).evaluate((t) =>
  [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')));

test('sign-in: a wrong password is refused, the right one opens the statistics with a strict CSP', async ({ page }) => {
  const res = await page.goto(`${svc.url}/console/`);
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await page.getByLabel('帳號').fill(OFFICE.username);
  await page.getByLabel('密碼').fill('not-the-password');
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('密碼').fill(OFFICE.password);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page.getByRole('heading', { name: '統計總覽' })).toBeVisible();
  await checkAccessibleBasics(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Statistics' })).toBeVisible();
});

test('the requests chart is drawn and its table holds the demo consortium\'s numbers', async ({ page }) => {
  await signIn(page, OFFICE);
  const chart = page.getByTestId('chart-requests');
  await expect(chart).toBeVisible();
  // Drawn, not just a container: the SVG has one bar per period and series.
  expect(await chart.locator('svg path').count()).toBeGreaterThan(3);
  const rows = await screenTable(page, 'table-requests');
  const total = rows.at(-1)!;
  // The demo places 18 requests; 11 left their lender; 2 were unfilled (cannot supply, cancelled).
  expect(total.slice(0, 5)).toEqual(['all', '18', '11', '2', '0.846']);
});

test('CSV and XLSX exports hold the same numbers as the screen', async ({ page }) => {
  await signIn(page, OFFICE);
  const rows = await screenTable(page, 'table-requests');
  const asScreen = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(v));

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-requests-csv').click()]);
  const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/).slice(1).map((l) => l.split(','));
  expect(csv.map((r) => r.map((c) => asScreen(c === '' ? null : Number.isNaN(Number(c)) ? c : Number(c))))).toEqual(rows);

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-requests-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsxDownload.path())!);
  const sheet: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r, n) => {
    if (n > 1) sheet.push(Array.from({ length: rows[0]!.length }, (_, i) => r.getCell(i + 1).value));
  });
  expect(sheet.map((r) => r.map(asScreen))).toEqual(rows);
});

test('a policy change through the libraries page shows in the audit log', async ({ page }) => {
  await signIn(page, OFFICE);
  await page.getByRole('link', { name: '圖書館' }).click();
  await page.getByLabel('學校').selectOption('NPTU');
  await expect(page.getByLabel('借期（天）')).toBeVisible();
  await page.getByLabel('借期（天）').fill('0');
  await page.getByRole('button', { name: '儲存' }).nth(1).click();
  await expect(page.getByRole('alert')).toContainText('loanDays');
  await page.getByLabel('借期（天）').fill('21');
  await page.getByRole('button', { name: '儲存' }).nth(1).click();
  await expect(page.getByRole('status')).toHaveText('已儲存');
  await checkAccessibleBasics(page);
  await page.getByRole('link', { name: '稽核紀錄' }).click();
  const first = page.getByTestId('audit-table').locator('tbody tr').first();
  await expect(first).toContainText('policy.set');
  await expect(first).toContainText('NPTU');
  await expect(first).toContainText('"loanDays":21');
  await expect(first).toContainText(OFFICE.username);
});

test('a library administrator sees only their school and is refused another school\'s data', async ({ page }) => {
  await signIn(page, NKUST);
  await expect(page.getByLabel('學校')).toBeDisabled();
  await page.getByRole('link', { name: '圖書館' }).click();
  await expect(page.getByLabel('學校').locator('option')).toHaveCount(1);
  for (const path of ['/console/api/policies/NPTU', '/console/api/stats/requests?library=NPTU', '/console/api/audit?library=NPTU']) {
    const r = await page.request.get(`${svc.url}${path}`);
    expect(r.status()).toBe(403);
    expect((await r.json()).error.code).toBe('OTHER_LIBRARY');
  }
  await page.getByRole('link', { name: '裝置與配對碼' }).click();
  await page.getByRole('button', { name: '產生配對碼' }).click();
  await expect(page.getByTestId('pairing-code')).toHaveText(/^\d{4}-\d{4}$/);
  await checkAccessibleBasics(page);
});
