// Which library's policy applies — the one rule, used by the reducer, the
// receipts, the kiosk and the card page.
//
// The consortium counts the loan period from the day the borrowing library
// checks the item in, and the patron borrows, renews and returns at that
// library's desk (the pickup library: the borrower of a request, the host of
// a visitor loan). So a loan, its hold and its fine follow the policy of the
// library where the item is lent (loan.libraryId = hold.libraryId =
// fine.libraryId) — never the lender's, nor the patron's home library's. For a
// relay patron the two are the same library (a request is made at the
// patron's home library, which is where it is picked up); a card holder borrows
// at the host, so a card follows its host library's policy, and a card valid at
// every member library ('*') states the consortium's, each library's own
// override applying at its desk when the loan is made.
import type { LocalDate } from './dates';
import { localDateOf } from './dates';
import { effectivePolicy, type PolicyFields, type PolicyRecordLike } from './policy';
import type { CardRecord, FineRecord, HoldRecord, LoanRecord } from './records';

export type PolicySubject =
  | { readonly loan: Pick<LoanRecord, 'libraryId'> }
  | { readonly hold: Pick<HoldRecord, 'libraryId'> }
  | { readonly fine: Pick<FineRecord, 'libraryId'> }
  | { readonly card: Pick<CardRecord, 'hostLibraryId'> }
  /** A loan, hold or fine about to be made at this library (a desk, a kiosk, a receipt), or the library's calendar. */
  | { readonly at: string };

/** Anything that holds the policy records: the reducer's reader, a desk's replica. */
export interface PolicySource {
  policies(): Iterable<PolicyRecordLike>;
}

const ANY_LIBRARY = '*';

/** The library whose policy applies, or null for the consortium's alone. */
export function policyLibraryOf(subject: PolicySubject): string | null {
  if ('loan' in subject) return subject.loan.libraryId;
  if ('hold' in subject) return subject.hold.libraryId;
  if ('fine' in subject) return subject.fine.libraryId;
  if ('card' in subject) return subject.card.hostLibraryId === ANY_LIBRARY ? null : subject.card.hostLibraryId;
  return subject.at;
}

export function policyFor(source: PolicySource | Iterable<PolicyRecordLike>, subject: PolicySubject): PolicyFields {
  const records = 'policies' in source && typeof source.policies === 'function' ? source.policies() : (source as Iterable<PolicyRecordLike>);
  // '' is no library's code, so only the consortium record applies.
  return effectivePolicy(policyLibraryOf(subject) ?? '', records);
}

/** The event's day in a library's calendar: every rule that counts days reads it. */
export function todayAt(source: PolicySource, event: { readonly at: string }, libraryId: string): LocalDate {
  return localDateOf(event.at, policyFor(source, { at: libraryId }).utcOffsetMinutes);
}
