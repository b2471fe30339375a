// Issue 17, "Numbers people can read and scan", at the desk and by keyboard
// only: a pull slip's short code packs its request; a routing label's code
// asks to seal the open parcel (Enter and a scan cannot confirm; Tab + Space
// can) and puts the cursor in the tracking-number field; a scanner's burst
// ending in Enter only fills that field, a person's Enter dispatches; a
// mistyped code is refused by its check digit; Receive opens a parcel by its
// label's code and says a pull slip's code is not a label. axe-clean with
// the seal question open.
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { groupShortCode, shortCodeOf } from '#shared/domain/kit/short-code';

const AXE = join(__dirname, '../../node_modules/axe-core/axe.min.js');
test.use({ bypassCSP: true });

test('pull slip code → packed; label code → seal (confirmed by Tab + Space); tracking + Enter → dispatched; Receive takes the label code', async ({ desk, seed, page }) => {
  const first = await seed.request('NPTU', 'NKUST', 'p-nptu-1');
  const second = await seed.request('NPTU', 'NKUST', 'p-nptu-2');
  const patron = await seed.patron('NKUST', '林小華');
  const incoming = await seed.request('NKUST', 'NPTU', patron.id);
  const inbound = await seed.ship('NPTU', 'NKUST', [incoming]);

  await desk.open();
  const row = (b: string) => page.locator(`[data-testid="pick-row"][data-barcode="${b}"]`);
  await expect(row(first.barcode)).toHaveAttribute('data-code', shortCodeOf('request', first.requestId));

  // The pull slip's code, as its barcode reads (18 digits), packs that request's item.
  const slip = shortCodeOf('request', first.requestId);
  const packed = await desk.scan(slip);
  await expect(packed).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('result-big')).toHaveText('NPTU');
  const parcel = page.locator('[data-testid="parcel"][data-to="NPTU"]').filter({ has: page.locator(`[data-testid="parcel-item"][data-barcode="${first.barcode}"]`) });
  await expect(parcel).toHaveAttribute('data-state', 'open');
  // Typed by a person from the paper, in its groups of four.
  await desk.scan(groupShortCode(shortCodeOf('request', second.requestId)));
  await expect(parcel.locator(`[data-testid="parcel-item"][data-barcode="${second.barcode}"]`)).toBeVisible();
  // The same slip again: a neutral notice.
  await expect(await desk.scan(slip)).toHaveAttribute('data-state', 'repeat');
  // One digit wrong: refused by the check digit, nothing recorded.
  const typo = `${slip.slice(0, 7)}${(Number(slip[7]) + 1) % 10}${slip.slice(8)}`;
  const refused = await desk.scan(typo);
  await expect(refused).toHaveAttribute('data-state', 'problem');
  await expect(refused).toContainText('檢查碼不符');
  expect(await desk.eventsMentioning(typo)).toBe(0);
  await desk.snap('packed-by-slip');

  // The routing label's code: a question, with the neutral button focused.
  const parcelId = (await parcel.getAttribute('data-parcel-id'))!;
  const label = shortCodeOf('parcel', parcelId);
  await expect(parcel).toHaveAttribute('data-code', label);
  await expect(desk.scanInput).toBeFocused();
  await page.keyboard.type(label, { delay: 2 });
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(groupShortCode(label));
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  // Neither Enter nor the label scanned again seals it.
  await page.keyboard.press('Enter');
  await page.keyboard.type(label, { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(parcel).toHaveAttribute('data-state', 'open');
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id}`);
  });
  expect(violations).toEqual([]);
  await desk.snap('seal-question');
  // Tab to the red button and Space: sealed, and the cursor goes to the tracking number.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('confirm-ok')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(parcel).toHaveAttribute('data-state', 'sealed');
  const tracking = parcel.getByTestId('tracking-input');
  await expect(tracking).toBeFocused();

  // Esc back to the scan field; the label again is a neutral notice and the tracking field takes the cursor.
  await page.keyboard.press('Escape');
  await expect(desk.scanInput).toBeFocused();
  const again = await desk.scan(label);
  await expect(again).toHaveAttribute('data-state', 'repeat');
  await expect(again).toContainText('封箱');
  await expect(tracking).toBeFocused();

  // A wedge scanner's burst ending in Enter fills the field and does not dispatch...
  await page.keyboard.type('7009876543', { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(tracking).toHaveValue('7009876543');
  await expect(page.getByTestId('note')).toContainText('已掃入貨運單號');
  await expect(parcel).toHaveAttribute('data-state', 'sealed');
  // ...a person's Enter does.
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await expect(desk.result).toContainText('已交寄');
  await expect(page.locator(`[data-testid="parcel"][data-parcel-id="${parcelId}"]`)).toHaveCount(0);
  await expect(desk.scanInput).toBeFocused();
  // Scanned once more after it left: when it was sent, neutrally.
  const sent = await desk.scan(label);
  await expect(sent).toHaveAttribute('data-state', 'repeat');
  await expect(sent).toContainText('寄出');
  await desk.snap('dispatched');

  await page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'in_transit', courier: '新竹物流 HCT', trackingNumber: '7009876543' });

  // Receive: the label code of a parcel addressed here opens it; a pull slip's code is not a label.
  await desk.tab('receive');
  const card = page.locator(`[data-testid="expected-parcel"][data-parcel-id="${inbound}"]`);
  await expect(card.getByTestId('expected-code')).toHaveText(groupShortCode(shortCodeOf('parcel', inbound)));
  const opened = await desk.scan(shortCodeOf('parcel', inbound));
  await expect(opened).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('manifest-item')).toHaveCount(1);
  const shelved = await desk.scan(incoming.barcode);
  await expect(shelved).toHaveAttribute('data-state', 'ok');
  await expect(page.locator(`[data-testid="manifest-item"][data-barcode="${incoming.barcode}"]`)).toHaveAttribute('data-received', 'yes');
  const notLabel = await desk.scan(slip);
  await expect(notLabel).toHaveAttribute('data-state', 'problem');
  await expect(notLabel).toContainText('不是包裹標籤');
  await desk.snap('received-by-label');
});
