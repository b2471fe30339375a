// Circulation policy is data: one consortium-wide record and optional
// per-library overrides that replace individual fields. Desks hold the same
// records in their replica, so an offline desk enforces the same limits.
import { Type, type Static } from '@sinclair/typebox';
import { addDays, nextOpenDay, openDaysAfter, type LocalDate } from './dates';

const Int = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

export const PolicyFieldsSchema = Type.Object({
  loanLimit: Int(0, 100),
  loanDays: Int(1, 365),
  pickupDays: Int(1, 60),
  finePerDay: Int(0, 1000),
  maxFinePerItem: Int(0, 100_000),
  fineBlockThreshold: Int(0, 100_000),
  renewals: Int(0, 10),
  renewalDays: Int(1, 365),
  closedWeekdays: Type.Array(Int(0, 6), { maxItems: 7 }),
  closedDates: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }), { maxItems: 400 }),
  utcOffsetMinutes: Int(-720, 840),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  kioskIdleSeconds: Int(15, 600),
  kioskReceipt: Type.Union([Type.Literal('print'), Type.Literal('none'), Type.Literal('ask')]),
  offlineKioskMaxCheckoutsPerPatron: Int(0, 20),
  offlineKioskMaxHours: Int(0, 168),
  lenderResponseDays: Int(1, 60), // open days a lender has to act on a title request before the next in its rota is asked
  autoApproveRequests: Type.Boolean(), // patrons' title requests skip review (審核) at their home library
});
export type PolicyFields = Static<typeof PolicyFieldsSchema>;

/** The consortium default, from the borrow-return rules in the seed: 6 items for 28 days, 7 days to pick up. */
export const DEFAULT_POLICY: PolicyFields = {
  loanLimit: 6,
  loanDays: 28,
  pickupDays: 7,
  finePerDay: 5,
  maxFinePerItem: 500,
  fineBlockThreshold: 100,
  renewals: 1,
  renewalDays: 14,
  closedWeekdays: [0],
  closedDates: [],
  utcOffsetMinutes: 480,
  currency: 'TWD',
  kioskIdleSeconds: 60,
  kioskReceipt: 'ask',
  offlineKioskMaxCheckoutsPerPatron: 3,
  offlineKioskMaxHours: 24,
  lenderResponseDays: 3,
  autoApproveRequests: false,
};

export const CONSORTIUM_POLICY_ID = 'consortium';

export interface PolicyRecordLike {
  readonly id: string;
  readonly libraryId: string | null;
  readonly fields: Partial<PolicyFields>;
}

/** Consortium record, then the library's override field by field. */
export function effectivePolicy(libraryId: string, policies: Iterable<PolicyRecordLike>): PolicyFields {
  let base: PolicyFields = { ...DEFAULT_POLICY };
  let override: Partial<PolicyFields> = {};
  for (const p of policies) {
    if (p.libraryId === null) base = { ...base, ...p.fields };
    else if (p.libraryId === libraryId) override = p.fields;
  }
  return { ...base, ...override };
}

/** Due date: loanDays after the borrowing library checked the item in, moved to the next open day. */
export function dueDateFor(checkedInOn: LocalDate, policy: PolicyFields): LocalDate {
  return nextOpenDay(addDays(checkedInOn, policy.loanDays), policy);
}

/** Last day a hold can be picked up: pickupDays after it was shelved, moved to the next open day. */
export function pickupByFor(shelvedOn: LocalDate, policy: PolicyFields): LocalDate {
  return nextOpenDay(addDays(shelvedOn, policy.pickupDays), policy);
}

export interface FineAssessment {
  readonly overdueDays: number;
  readonly amount: number;
}

/** Overdue fine: one rate per open day after the due date up to the return day; closed days stop the clock. */
export function assessFine(dueDate: LocalDate, returnedOn: LocalDate, policy: PolicyFields): FineAssessment {
  if (returnedOn <= dueDate) return { overdueDays: 0, amount: 0 };
  const overdueDays = openDaysAfter(dueDate, returnedOn, policy);
  return { overdueDays, amount: Math.min(overdueDays * policy.finePerDay, policy.maxFinePerItem) };
}
