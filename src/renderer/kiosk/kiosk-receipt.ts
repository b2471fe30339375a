// The kiosk's receipt: the shared patron receipt (items and due dates, loans
// out of the limit, the fine rule, fines owed, hours and contact), marked
// when it was made offline, printed once per visit under a key made from the
// visit's first event — so a second print of the same visit (a retry, a
// restart) is recognised by the print queue, and a reprint asked for on
// purpose is a new key marked COPY.
import type { DeskReader } from '#desk-core/record-index';
import { policyFor } from '#shared/domain/policy-for';
import type { PatronRecord } from '#shared/domain/records';
import { markCopy, type Slip } from '#shared/slips/model';
import { buildPatronReceipt, receiptPlace, type ReceiptCheckout, type ReceiptReturn } from '#shared/slips/patron-receipt';
import type { Lang } from './i18n-kiosk';

export interface KioskReceiptInput {
  readonly reader: DeskReader;
  readonly libraryId: string;
  readonly patron: PatronRecord | undefined;
  readonly checkouts: readonly ReceiptCheckout[];
  readonly returns: readonly ReceiptReturn[];
  /** ISO instant of the visit. */
  readonly at: string;
  readonly offline: boolean;
  /** The visit's key (its first event id), printed as a barcode so the desk can find the visit. */
  readonly visitKey: string;
  readonly copy?: boolean;
}

export function receiptPrintKey(visitKey: string): string {
  return `kiosk-${visitKey}`;
}

export function copyPrintKey(visitKey: string, now: number): string {
  return `kiosk-${visitKey}-copy-${now.toString(36)}`;
}

export function buildKioskReceipt(input: KioskReceiptInput, lang: Lang): Slip {
  const { reader, libraryId, patron } = input;
  const here = reader.get('libraries', libraryId);
  // Every loan and return on the receipt is made here, so this library's policy is theirs (policyFor).
  const policy = policyFor(reader, { at: libraryId });
  const slip = buildPatronReceipt({
    ...receiptPlace(libraryId, here, policy.utcOffsetMinutes),
    at: input.at,
    patronName: patron?.name ?? '',
    cardNumber: patron?.cardNumbers[0] ?? '',
    checkouts: input.checkouts,
    returns: input.returns,
    loanCount: patron ? reader.activeLoansOf(patron.id).length : 0,
    finesOwed: patron?.finesOwed ?? 0,
    policy,
    offline: input.offline,
    receiptId: input.visitKey,
  }, lang);
  return input.copy ? markCopy(slip) : slip;
}
