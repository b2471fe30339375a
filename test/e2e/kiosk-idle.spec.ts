// The idle timeout: a patron walks away in the middle of a visit. After the
// kiosk's idle time (3 s here, set on this kiosk; the policy's default is
// 60 s) the visit ends — the library prints receipts, so the one for what
// was lent comes out — and the screen is cleared: no name, no titles.
import { expect, itemTags, test } from './support/kiosk-fixtures';

test.use({ kioskIdleSeconds: 3 });

test('the idle timeout ends the visit, prints its receipt and clears the screen', async ({ kiosk, seed, page }) => {
  const patron = await seed.patron('NKUST', '林淑芬');
  const [hold] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);
  await kiosk.open();
  await kiosk.waitFor(`reader.get('holds', '${hold!.holdId}')?.state === 'waiting'`);

  await kiosk.scanCard(patron.card);
  await expect(page.getByTestId('kiosk-patron-name')).toHaveText('林○芬 您好');
  await kiosk.place(itemTags(hold!.barcode, 'NPTU'));
  await expect(page.locator(`[data-testid="kiosk-line"][data-barcode="${hold!.barcode}"]`)).toHaveAttribute('data-kind', 'checked_out');
  const shownAt = Date.now();
  await kiosk.snap('before-idle');

  // Nobody touches anything.
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome', { timeout: 15_000 });
  expect(Date.now() - shownAt).toBeGreaterThanOrEqual(2500);
  await expect(page.getByText('林○芬', { exact: false })).toHaveCount(0);
  await expect(page.getByText(hold!.title)).toHaveCount(0);
  await expect(page.getByTestId('kiosk-card-input')).toHaveValue('');
  await expect(page.getByTestId('kiosk-card-input')).toBeFocused();
  await kiosk.snap('cleared');

  const receipt = await kiosk.waitForReceipt(hold!.title);
  expect(receipt.text).toContain('借出 1 件');
  expect(receipt.text).toMatch(/讀者 +林○芬/);
  expect(receipt.text).toMatch(/到期 \d{4}-\d{2}-\d{2}（.）/);

  // A touch keeps a visit alive: the same patron, tapping the language switch now and then, is not cleared.
  await kiosk.clearPad();
  await kiosk.scanCard(patron.card);
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'visit');
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(1500);
    await page.getByTestId(i % 2 === 0 ? 'kiosk-lang-en' : 'kiosk-lang-zh-TW').click();
  }
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'visit');
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome', { timeout: 15_000 });
});
