// Local calendar arithmetic and the circulation policy: due dates, pickup-by
// dates and fines, counted in the library's days (UTC+8, Sundays closed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays, daysBetween, isClosed, isLocalDate, localDateOf, nextOpenDay, openDaysAfter, weekdayOf, type ClosedDays,
} from '#shared/domain/dates';
import {
  assessFine, DEFAULT_POLICY, dueDateFor, effectivePolicy, pickupByFor, type PolicyFields,
} from '#shared/domain/policy';
import { consortiumPolicy, deepFreeze, libraryPolicy } from './fixtures';

const TW = 480;
const policy = (over: Partial<PolicyFields> = {}): PolicyFields => ({ ...DEFAULT_POLICY, ...over });

describe('localDateOf at UTC+8', () => {
  it('rolls over at local midnight, not UTC midnight', () => {
    expect(localDateOf('2025-03-02T15:59:59.999Z', TW)).toBe('2025-03-02');
    expect(localDateOf('2025-03-02T16:00:00.000Z', TW)).toBe('2025-03-03');
    expect(localDateOf('2025-03-02T23:30:00.000Z', TW)).toBe('2025-03-03');
    expect(localDateOf(Date.parse('2025-03-02T16:00:00.000Z') - 1, TW)).toBe('2025-03-02');
  });
  it('handles year ends and a negative offset', () => {
    expect(localDateOf('2024-12-31T16:00:00Z', TW)).toBe('2025-01-01');
    expect(localDateOf('2025-01-01T03:00:00Z', -300)).toBe('2024-12-31');
    expect(localDateOf('2025-01-01T05:00:00Z', -300)).toBe('2025-01-01');
  });
});

describe('addDays, daysBetween, weekdays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // a leap year
    expect(addDays('2024-12-20', 28)).toBe('2025-01-17');
    expect(addDays('2024-02-01', 28)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-02-01', '2025-03-01')).toBe(28);
    expect(weekdayOf('2025-03-02')).toBe(0);
    expect(weekdayOf('2024-02-29')).toBe(4);
  });
  it('validates local dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('2025-3-1')).toBe(false);
  });
});

describe('due date and pickup-by', () => {
  it('is check-in + 28 days when that day is open', () => {
    expect(dueDateFor('2025-03-03', policy())).toBe('2025-03-31'); // Monday → Monday
  });
  it('moves past a Sunday', () => {
    expect(dueDateFor('2025-03-02', policy())).toBe('2025-03-31'); // +28 = Sunday 03-30
  });
  it('moves past closed dates and the Sunday that follows them', () => {
    const p = policy({ closedDates: ['2025-03-29', '2025-03-31'] });
    expect(dueDateFor('2025-03-01', p)).toBe('2025-04-01'); // Sat 29 closed, Sun 30, Mon 31 closed
  });
  it('uses the policy loan period across a leap day', () => {
    expect(dueDateFor('2024-02-01', policy())).toBe('2024-02-29'); // Thursday
    expect(dueDateFor('2024-02-01', policy({ loanDays: 14 }))).toBe('2024-02-15');
  });
  it('pickup-by is shelved + 7 days moved to an open day', () => {
    expect(pickupByFor('2025-03-03', policy())).toBe('2025-03-10');
    expect(pickupByFor('2025-03-02', policy())).toBe('2025-03-10'); // +7 = Sunday
    expect(pickupByFor('2025-03-03', policy({ closedDates: ['2025-03-10'] }))).toBe('2025-03-11');
    expect(pickupByFor('2025-03-03', policy({ pickupDays: 3, closedWeekdays: [0, 4] }))).toBe('2025-03-07'); // Thu closed
  });
});

describe('assessFine', () => {
  const due = '2025-03-31'; // Monday
  it('charges nothing on or before the due date', () => {
    expect(assessFine(due, '2025-03-20', policy())).toEqual({ overdueDays: 0, amount: 0 });
    expect(assessFine(due, due, policy())).toEqual({ overdueDays: 0, amount: 0 });
  });
  it('charges per open day after the due date', () => {
    expect(assessFine(due, '2025-04-01', policy())).toEqual({ overdueDays: 1, amount: 5 });
    expect(assessFine(due, '2025-04-05', policy())).toEqual({ overdueDays: 5, amount: 25 }); // Tue..Sat
  });
  it('does not count closed days', () => {
    expect(assessFine(due, '2025-04-06', policy())).toEqual({ overdueDays: 5, amount: 25 }); // + Sunday
    expect(assessFine(due, '2025-04-07', policy())).toEqual({ overdueDays: 6, amount: 30 });
    expect(assessFine(due, '2025-04-07', policy({ closedDates: ['2025-04-04'] }))).toEqual({ overdueDays: 5, amount: 25 });
  });
  it('caps at maxFinePerItem', () => {
    expect(assessFine(due, '2025-12-31', policy())).toEqual({ overdueDays: openDaysAfter(due, '2025-12-31', policy()), amount: 500 });
    expect(assessFine(due, '2025-04-07', policy({ maxFinePerItem: 12 })).amount).toBe(12);
    expect(assessFine(due, '2025-04-07', policy({ finePerDay: 0 })).amount).toBe(0);
  });
});

describe('effectivePolicy', () => {
  it('falls back to the built-in default', () => {
    expect(effectivePolicy('NKUST', [])).toEqual(DEFAULT_POLICY);
  });
  it('applies the consortium record, then the library override field by field', () => {
    const records = deepFreeze([
      libraryPolicy('NKUST', { loanDays: 14, closedDates: ['2025-04-04'] }),
      consortiumPolicy({ loanDays: 21, finePerDay: 10 }),
      libraryPolicy('NPTU', { loanLimit: 2 }),
    ]);
    const nkust = effectivePolicy('NKUST', records);
    expect(nkust).toEqual({ ...DEFAULT_POLICY, loanDays: 14, finePerDay: 10, closedDates: ['2025-04-04'] });
    expect(effectivePolicy('NPTU', records)).toEqual({ ...DEFAULT_POLICY, loanDays: 21, finePerDay: 10, loanLimit: 2 });
    expect(effectivePolicy('NUK', records)).toEqual({ ...DEFAULT_POLICY, loanDays: 21, finePerDay: 10 });
    expect(DEFAULT_POLICY.loanDays).toBe(28);
  });
});

describe('properties', () => {
  const date = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2023-01-01', n));
  const closed: fc.Arbitrary<ClosedDays> = fc.record({
    closedWeekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }),
    closedDates: fc.array(date, { maxLength: 20 }),
  });

  it('openDaysAfter never exceeds daysBetween (and is 0 for non-positive spans)', () => {
    fc.assert(fc.property(date, date, closed, (a, b, c) => {
      const n = openDaysAfter(a, b, c);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(Math.max(0, daysBetween(a, b)));
    }), { numRuns: 200 });
  });

  it('the fine is monotonic non-decreasing in the return date', () => {
    fc.assert(fc.property(date, date, fc.integer({ min: 0, max: 60 }), closed, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 600 }),
      (due, ret, extra, c, finePerDay, maxFinePerItem) => {
        const p = policy({ closedWeekdays: [...c.closedWeekdays], closedDates: [...c.closedDates], finePerDay, maxFinePerItem });
        const a = assessFine(due, ret, p);
        const b = assessFine(due, addDays(ret, extra), p);
        expect(b.amount).toBeGreaterThanOrEqual(a.amount);
        expect(b.overdueDays).toBeGreaterThanOrEqual(a.overdueDays);
        expect(b.amount).toBeLessThanOrEqual(maxFinePerItem);
      }), { numRuns: 200 });
  });

  it('nextOpenDay is never closed and never before its input', () => {
    fc.assert(fc.property(date, closed, (d, c) => {
      const n = nextOpenDay(d, c);
      expect(isClosed(n, c)).toBe(false);
      expect(n >= d).toBe(true);
      if (!isClosed(d, c)) expect(n).toBe(d);
    }), { numRuns: 300 });
  });
});
