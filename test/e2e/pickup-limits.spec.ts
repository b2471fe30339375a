// Issue 17: Pickup offers only what the rules allow — a hold past its
// pickup-by day has no checkout button (and scanning it is refused with what
// to do), an overdue loan no renew button.
import { expect, test } from './support/fixtures';

test('a hold past pickup-by is not offered; an overdue loan cannot be renewed', async ({ desk, seed, page }) => {
  test.setTimeout(120_000);
  const patron = await seed.patron('NKUST', '蔡孟儒');
  const [late] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 12);
  const overdue = await seed.lentOut('NKUST', 'NPTU', patron, 40, 39);

  await desk.open();
  await desk.tab('pickup');
  await desk.waitFor(`reader.get('holds', '${late!.holdId}')?.state === 'waiting' && reader.get('loans', '${overdue.loanId}')?.state === 'active'`);
  await desk.scan(patron.card);
  const hold = page.getByTestId('patron-hold').filter({ hasText: late!.barcode });
  await expect(hold.getByTestId('hold-past-pickup')).toContainText('已逾取書期限');
  await expect(hold.getByRole('button')).toHaveCount(0);
  const refused = await desk.scan(late!.barcode);
  await expect(refused).toHaveAttribute('data-state', 'problem');
  await expect(refused).toContainText('取書期限');
  await expect(page.getByTestId('result-next')).toContainText('逾期下架');
  const loan = page.getByTestId('loan-row').filter({ hasText: overdue.title });
  await expect(loan).toBeVisible();
  await expect(loan.getByRole('button')).toHaveCount(0);
  await desk.snap('pickup-limits');
});
