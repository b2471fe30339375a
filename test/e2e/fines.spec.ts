// 滯還金 at Pickup (issue 17): the patron's fines owed at this library, paid or
// waived from the patron panel. Each needs the confirmation's red button
// clicked: Enter (a scanner's or a person's) never records money. The service
// ends with the fine paid or waived and the patron owing nothing more.
import { join } from 'node:path';
import { AdminClient } from '#test/support/client';
import { expect, test } from './support/fixtures';

const AXE = join(__dirname, '../../node_modules/axe-core/axe.min.js');
test.use({ bypassCSP: true });

test('pay one fine, waive another with a reason; Enter confirms nothing; axe-clean with the dialog open', async ({ desk, seed, page }) => {
  test.setTimeout(120_000);
  const patron = await seed.patron('NKUST', '林宜蓁');
  const first = await seed.lentOut('NKUST', 'NPTU', patron, 40, 39);
  const second = await seed.lentOut('NKUST', 'NPTU', patron, 45, 44);
  await seed.returnLoan('NKUST', first.loanId);
  await seed.returnLoan('NKUST', second.loanId);

  await desk.open();
  await desk.tab('pickup');
  await desk.waitFor(`[...reader.values('fines')].filter((f) => f.patronId === '${patron.id}' && f.state === 'owed').length === 2`);
  await desk.scan(patron.card);
  const rows = page.getByTestId('fine-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('patron-fines-panel')).toContainText(first.title);
  await desk.snap('fines');

  // 收款: the dialog opens on the neutral button; Enter does nothing.
  const payRow = rows.filter({ hasText: first.title });
  await payRow.getByTestId('fine-pay').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id}`);
  });
  expect(violations).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(rows).toHaveCount(2);
  await page.getByTestId('confirm-ok').click();
  await expect(desk.result).toHaveAttribute('data-state', 'ok');
  await expect(desk.result).toContainText('已收款 NT$');
  await expect(rows).toHaveCount(1);

  // 免收: the button waits for a reason.
  const waiveRow = rows.filter({ hasText: second.title });
  await expect(waiveRow.getByTestId('fine-waive')).toBeDisabled();
  await waiveRow.getByTestId('fine-reason').fill('系統停機期間歸還');
  await waiveRow.getByTestId('fine-waive').click();
  await expect(dialog).toContainText('系統停機期間歸還');
  await page.getByTestId('confirm-ok').click();
  await expect(desk.result).toContainText('已免收 NT$');
  await expect(desk.result).toContainText('此讀者尚欠 NT$0');
  await expect(page.getByTestId('fine-row')).toHaveCount(0);
  await desk.snap('fines-settled');

  // The service applied both: one paid, one waived, and the patron owes nothing.
  const admin = new AdminClient(desk.host.serviceUrl, desk.host.adminToken);
  await expect.poll(async () => (await admin.records<{ loanId: string; state: string }>('fines')).documents
    .filter((f) => f.loanId === first.loanId || f.loanId === second.loanId).map((f) => `${f.loanId === first.loanId ? 'first' : 'second'}:${f.state}`).sort(), { timeout: 30_000 })
    .toEqual(['first:paid', 'second:waived']);
  await expect.poll(async () => (await admin.records<{ id: string; finesOwed: number }>('patrons')).documents.find((p) => p.id === patron.id)?.finesOwed, { timeout: 30_000 }).toBe(0);
});
