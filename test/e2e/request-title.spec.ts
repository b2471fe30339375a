// 代借申請 at the desk: staff scan a patron's card, search the union
// catalogue for 統計學 (the demo's holdings), place a title request and see
// its rota (the lenders the service chose, this library never among them);
// a patron's request in the review queue is rejected only by a reason and a
// click — Enter neither rejects nor confirms.
import { expect, test } from './support/fixtures';
import type { SearchResponse } from '#shared/catalogue/wire';

test('search the union catalogue, place a title request for a patron, see its rota; review with a reason', async ({ desk, seed, page }) => {
  const teacher = await seed.patron('NKUST', '陳老師');
  const student = await seed.patron('NKUST', '林同學');
  const found = await seed.admin.call<SearchResponse>('GET', `/admin/catalogue/search?q=${encodeURIComponent('統計學')}`);
  const stats = found.works.find((w) => w.title.startsWith('統計學'))!;
  const forReview = await seed.admin.call<{ id: string }>('POST', '/admin/requests/title', { borrowerLibraryId: 'NKUST', patronId: student.id, workId: stats.id, note: '期末報告' });

  await desk.open();
  await desk.tab('requests');
  await expect(page.getByTestId('req-patron')).toContainText('請先掃描讀者借書證');
  const who = await desk.scan(teacher.card);
  await expect(who).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('req-patron')).toContainText('陳○師');

  await page.getByTestId('catalogue-q').fill('統計學');
  await page.getByTestId('catalogue-q').press('Enter');
  const row = page.locator(`[data-testid="catalogue-result"][data-work-id="${stats.id}"]`);
  await expect(row).toContainText(/統計學\s*[：:]?\s*觀念與應用/);
  await expect(row).toContainText('5 館有館藏');
  await desk.snap('search');
  await row.getByTestId('choose-work').click();
  await expect(page.getByTestId('place-form')).toContainText('取書館：本館');
  await page.getByTestId('req-note').fill('課堂指定用書');
  await page.getByTestId('place-request').click();
  await expect(desk.result).toHaveAttribute('data-state', 'ok');
  await expect(desk.result).toContainText('已送出代借申請');

  // The service routes it from the holdings: NPTU and NUK have available copies; NKUST is the borrower,
  // KMU's copy is on loan and CSU's is reference only.
  const detail = page.getByTestId('request-detail');
  await expect(detail.getByTestId('rota-row')).toHaveCount(2, { timeout: 15_000 });
  const rota = await detail.getByTestId('rota-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-library')));
  expect([...rota].sort()).toEqual(['NPTU', 'NUK']);
  await expect(detail.getByTestId('rota-row').first()).toHaveAttribute('data-outcome', 'asked');
  await expect(detail.getByTestId('current-lender')).toContainText(rota[0]!);
  await expect(detail.getByTestId('history-row').first()).toHaveAttribute('data-type', 'request.placed');
  // Whether the patron was told: asked of the service (the desk holds no addresses).
  await expect(detail.getByTestId('request-notices')).toHaveAttribute('data-state', 'ok');
  await desk.snap('rota');

  // Review: Enter in the reason field does nothing; the reject button needs a reason, then the dialog's red button.
  const review = page.locator(`[data-testid="review-row"][data-request-id="${forReview.id}"]`);
  await expect(review).toBeVisible();
  await expect(review.getByTestId('reject')).toBeDisabled();
  await review.getByTestId('reject-reason').fill('本館已有館藏');
  await review.getByTestId('reject-reason').press('Enter');
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await review.getByTestId('reject').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('本館已有館藏');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await expect(review).toBeVisible();
  await page.getByTestId('confirm-ok').click();
  await expect(review).toHaveCount(0);
  await expect(desk.result).toContainText('已退回');
  await expect(page.locator(`[data-testid="request-row"][data-request-id="${forReview.id}"]`)).toHaveAttribute('data-borrower-state', 'cancelled');
});

test('offline, the catalogue search says it needs the network', async ({ desk, page }) => {
  await desk.ownLink();
  await desk.open();
  await desk.tab('requests');
  await desk.network('down');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'offline', { timeout: 15_000 });
  await page.getByTestId('catalogue-q').fill('統計學');
  await page.getByTestId('catalogue-search').click();
  await expect(page.getByTestId('catalogue')).toContainText('聯合目錄查詢需要網路連線', { timeout: 20_000 });
  await desk.network('up');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'online', { timeout: 20_000 });
  await page.getByTestId('catalogue-search').click();
  await expect(page.getByTestId('catalogue-result').first()).toBeVisible();
});
