// 電子借書證 at the kiosk: a patron opens their virtual library card on their
// phone and holds the QR code under the kiosk's scanner (a keyboard wedge,
// as any 2D scanner is set up). The QR is verified from the kiosk's replica —
// here with the network cut — and opens the patron's pickup; the receipt
// comes out of the printer. A visitor from another library is told, by
// name, to borrow at the desk; a tampered code is refused as such.
import { http } from '../support/client';
import { expect, itemTags, test } from './support/kiosk-fixtures';

interface Issued { card: { id: string; validUntil: string }; cardText: string }

test('a virtual card\'s QR opens the pickup offline; a visitor is sent to the desk; a tampered code is refused', async ({ kiosk, seed, page }) => {
  const patron = await seed.patron('NKUST', '蔡宗翰');
  const [hold] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);
  const nkust = await seed.desk('NKUST');
  const own = await http<Issued>(nkust.base, 'POST', '/api/cards', { token: nkust.token, body: { patronId: patron.id, hostLibraryId: '*' } });
  expect(own.status, JSON.stringify(own.body)).toBe(200);
  const visitor = await seed.patron('NPTU', '鄭雅文');
  const nptu = await seed.desk('NPTU');
  const theirs = await http<Issued>(nptu.base, 'POST', '/api/cards', { token: nptu.token, body: { patronId: visitor.id, hostLibraryId: 'NKUST' } });
  expect(theirs.status, JSON.stringify(theirs.body)).toBe(200);

  await kiosk.ownLink();
  await kiosk.open();
  await expect(page.getByText('也可以掃描手機上的電子借書證 QR code')).toBeVisible();
  await kiosk.waitFor(`reader.get('holds', '${hold!.holdId}') !== undefined && reader.get('cards', '${theirs.body.card.id}') !== undefined && [...reader.values('cardKeys')].length > 0`);
  await kiosk.network('down');

  // One character of the signature changed.
  const text = own.body.cardText;
  const at = text.lastIndexOf('.') + 10;
  await kiosk.scanCard(text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
  await expect(page.getByTestId('kiosk-problem')).toContainText('借書證的簽章不符，內容可能遭到竄改。');
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome');

  await kiosk.scanCard(theirs.body.cardText);
  await expect(page.getByTestId('kiosk-problem')).toContainText(`鄭雅文，您的電子借書證有效（至 ${theirs.body.card.validUntil}）。`);
  await expect(page.getByTestId('kiosk-problem')).toContainText('持電子借書證借書請至服務台');
  await kiosk.snap('visitor-card');

  await kiosk.scanCard(text);
  await expect(kiosk.screen).toHaveAttribute('data-screen', 'visit');
  await expect(page.getByTestId('kiosk-patron-name')).toHaveText('蔡○翰 您好');
  await kiosk.place(itemTags(hold!.barcode, 'NPTU'));
  const line = page.locator(`[data-testid="kiosk-line"][data-barcode="${hold!.barcode}"]`);
  await expect(line).toHaveAttribute('data-kind', 'checked_out');
  await page.getByTestId('kiosk-finish').click();
  const receipt = await kiosk.waitForReceipt(hold!.title);
  expect(receipt.text).toMatch(/讀者 +蔡○翰/);
  expect(receipt.text).toContain('借出 1 件');
  expect(receipt.text).toContain('** 離線作業 **');
  await kiosk.network('up');
});
