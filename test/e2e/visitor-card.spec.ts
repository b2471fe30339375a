// 訪客借閱 Visitors: a patron of NPTU comes to NKUST with a virtual library
// card (issued by the service at NPTU's request, limit 2 at NKUST). The desk
// has lost the network: the QR code is still verified against the keys and
// revocations in its replica, two of NKUST's own books are lent, the third is
// refused at the card's limit, and the receipt is printed. A tampered card
// says so and records nothing. Back online, the loans reach the service.
import { http } from '../support/client';
import { bridgeCall, expect, test } from './support/fixtures';

interface Issued { card: { id: string; holderName: string; loanLimit: number }; cardText: string; pageUrl: string }

test('a visitor card with the network cut: two lent, the third refused at the limit, receipt printed', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NPTU', '黃怡君');
  const nptu = await seed.desk('NPTU');
  const res = await http<Issued>(nptu.base, 'POST', '/api/cards', { token: nptu.token, body: { patronId: patron.id, hostLibraryId: 'NKUST', loanLimit: 2 } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { card, cardText } = res.body;
  const books = [seed.itemBarcode('NKUST'), seed.itemBarcode('NKUST'), seed.itemBarcode('NKUST')] as const;

  await desk.ownLink();
  await desk.open();
  await desk.tab('visitor');
  // The card's record and the consortium's keys reached the replica before the network went.
  await desk.waitFor(`reader.get('cards', '${card.id}') !== undefined && [...reader.values('cardKeys')].length > 0`);
  await desk.network('down');

  // One character of the signature changed: refused as tampered, and nothing is kept of it.
  const at = cardText.lastIndexOf('.') + 10;
  const flipped = cardText.slice(0, at) + (cardText[at] === 'A' ? 'B' : 'A') + cardText.slice(at + 1);
  const tampered = await desk.scan(flipped);
  await expect(tampered).toHaveAttribute('data-state', 'problem');
  await expect(tampered).toContainText('借書證的簽章不符，內容可能遭到竄改。');
  await expect(page.getByTestId('visitor-card')).toHaveCount(0);

  const ok = await desk.scan(cardText);
  await expect(ok).toHaveAttribute('data-state', 'ok');
  await expect(ok).toContainText('借閱證有效：黃○君');
  await expect(page.getByTestId('visitor-home')).toContainText('屏東');
  await expect(page.getByTestId('visitor-loans')).toHaveText('借閱 0 / 2 冊');
  await desk.snap('visitor-card');

  for (const [i, b] of books.slice(0, 2).entries()) {
    const lent = await desk.scan(b);
    await expect(lent).toHaveAttribute('data-state', 'ok');
    await expect(lent).toContainText(`已借出 ${b}`);
    await expect(lent).toContainText(`借閱 ${i + 1} / 2`);
  }
  await expect(page.getByTestId('visitor-loans')).toHaveText('借閱 2 / 2 冊');
  await expect(page.getByTestId('visitor-loan')).toHaveCount(2);

  const third = await desk.scan(books[2]);
  await expect(third).toHaveAttribute('data-state', 'problem');
  await expect(third).toContainText('已達借閱上限 2 冊（目前借閱 2 冊）');
  await expect(page.getByTestId('result-next')).toContainText('請讀者先歸還圖書');
  expect(await desk.eventsMentioning(books[2])).toBe(0);

  await page.getByTestId('visitor-receipt').click();
  await expect(page.getByTestId('note')).toHaveText('已送印');
  // The desk's printer printed it, network or not (the printer hangs off the desk, not the service).
  await expect.poll(async () => {
    const { jobs } = await bridgeCall(desk.host, 'print.jobs', { limit: 50 }) as { jobs: Array<{ key: string; state: string }> };
    return jobs.filter((j) => j.key.startsWith(`visitor-${card.id}-`)).map((j) => j.state);
  }).toEqual(['printed']);
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 2 筆');
  await desk.snap('visitor-lent-offline');

  // Back online: the service records both loans against the card.
  await desk.network('up');
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆', { timeout: 45_000 });
  const loans = (await seed.admin.records<{ patronId: string; itemBarcode: string; state: string; libraryId: string }>('loans')).documents.filter((l) => l.patronId === card.id);
  expect(loans.map((l) => l.itemBarcode).sort()).toEqual([...books.slice(0, 2)].sort());
  expect(loans.every((l) => l.state === 'active' && l.libraryId === 'NKUST')).toBe(true);
});
