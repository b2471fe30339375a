// Issue 14: a return dated before its loan began is a wrong clock, not a
// fine-free return; it is refused. A few minutes' difference between two
// desks' clocks (a kiosk lends, the desk beside it takes the item back) is not.
import { describe, expect, it } from 'vitest';
import { CLOCK_ALLOWANCE_MS } from '#shared/domain/circulation/reducer';
import { atLocal, checkedOut, BORROWER, refused, step, MON } from '../fixtures';

describe('loan.ended before loan.started', () => {
  it('is refused when dated a day before the loan, with both times in the params', () => {
    const s = checkedOut(); // lent at MON 12:00
    const at = atLocal('2025-03-02', '12:00');
    expect(refused(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, 'RETURN_BEFORE_LOAN', at)).toEqual({ at, startedAt: atLocal(MON, '12:00') });
    expect(s.get('loans', 'l-1')!.state).toBe('active');
  });

  it('is refused beyond the clock allowance, accepted within it', () => {
    const started = Date.parse(atLocal(MON, '12:00'));
    refused(checkedOut(), 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, 'RETURN_BEFORE_LOAN', new Date(started - CLOCK_ALLOWANCE_MS - 1000).toISOString());
    const s = checkedOut();
    expect(step(s, 'loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, new Date(started - CLOCK_ALLOWANCE_MS + 1000).toISOString()).outcome)
      .toMatchObject({ kind: 'returned', fineAmount: 0 });
  });
});
