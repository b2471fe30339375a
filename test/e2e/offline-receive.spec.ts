// The network goes down in the middle of a receive. The desk says so (offline
// since HH:MM, unsent count), keeps routing every item and closes the parcel;
// when the network is back the unsent actions go out and the count drops to 0.
// "Down" is real: every connection to the service is dropped (the SSE stream
// too) and the browser is switched offline (see DeskPage.network).
import { expect, test } from './support/fixtures';

test('receive through an outage, then catch up', async ({ desk, seed, page }) => {
  const patron = await seed.patron('NKUST', '陳美玲');
  const items = [];
  for (let i = 0; i < 4; i++) items.push(await seed.request('NKUST', 'NPTU', patron.id));
  const parcelId = await seed.ship('NPTU', 'NKUST', items);

  await desk.ownLink();
  await desk.open();
  await desk.tab('receive');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'online');
  await desk.scan(parcelId);
  await desk.scan(items[0]!.barcode);
  await expect(page.locator(`[data-testid="route-row"][data-barcode="${items[0]!.barcode}"]`)).toHaveAttribute('data-route', 'hold_shelf');

  await desk.network('down');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'offline', { timeout: 15_000 });
  await expect(page.getByTestId('sync-label')).toHaveText(/^離線（自 \d\d:\d\d 起）$/);

  for (const it of items.slice(1)) {
    const r = await desk.scan(it.barcode);
    await expect(r).toHaveAttribute('data-state', 'ok');
    await expect(page.locator(`[data-testid="route-row"][data-barcode="${it.barcode}"]`)).toHaveAttribute('data-route', 'hold_shelf');
  }
  await page.getByTestId('close-parcel').click();
  await expect(desk.result).toContainText('收件完成');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'offline');
  const unsent = Number(await page.getByTestId('sync-status').getAttribute('data-unsent'));
  expect(unsent).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('unsent-count')).toHaveText(`未送出 ${unsent} 筆`);
  await desk.snap('offline');
  // Nothing reached the service while the link was down.
  expect(await seed.admin.record('parcels', parcelId)).toMatchObject({ state: 'in_transit' });

  await desk.network('up');
  await expect(page.getByTestId('unsent-count')).toHaveText('未送出 0 筆', { timeout: 45_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'online', { timeout: 15_000 });
  await desk.snap('caught-up');
  const onService = await seed.admin.record<{ state: string; items: Array<{ receivedAt: string | null }> }>('parcels', parcelId);
  expect(onService?.state).toBe('received');
  expect(onService?.items.every((i) => i.receivedAt !== null)).toBe(true);
});
