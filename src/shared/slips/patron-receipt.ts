// Patron receipt: what the patron takes home after a visit to the desk or
// the kiosk. Beyond the items and due dates it states the rules — loan limit,
// loan period, that overdue fines apply and how much — because the
// consortium's surveys found patrons did not know them.
import type { PolicyFields } from '../domain/policy';
import type { LibraryRecord, LoanRecord } from '../domain/records';
import { bilingual, formatDate, formatDateTime, formatMoney, label, libraryName } from './format';
import type { LibraryName } from './format';
import { maskCardNumber, maskName } from './mask';
import { barcode, cut, feed, pair, qr, rule, text } from './model';
import type { Slip, SlipBlock, SlipLocale } from './model';

export interface ReceiptCheckout {
  readonly title: string;
  readonly barcode: string;
  /** Local date YYYY-MM-DD. */
  readonly dueDate: string;
}

export interface ReceiptReturn {
  readonly title: string;
  readonly barcode: string;
  readonly overdueDays?: number;
  /** NT$ charged for this item on return. */
  readonly fine?: number;
}

export type ReceiptPolicy = Pick<PolicyFields, 'loanLimit' | 'loanDays' | 'finePerDay' | 'maxFinePerItem' | 'fineBlockThreshold'>;

export interface PatronReceiptInput {
  readonly library: LibraryName;
  /** ISO instant of the transaction. */
  readonly at: string;
  readonly utcOffsetMinutes?: number;
  readonly patronName: string;
  readonly cardNumber: string;
  readonly checkouts: readonly ReceiptCheckout[];
  readonly returns: readonly ReceiptReturn[];
  /** Items on loan after this visit. */
  readonly loanCount: number;
  /** Fines still owed after this visit, NT$. */
  readonly finesOwed: number;
  readonly policy: ReceiptPolicy;
  /** Opening hours as the library states them. */
  readonly hours?: string;
  /** How to reach the library (phone, e-mail), as it states it. */
  readonly contact?: string;
  /** Made while the desk or kiosk could not reach the central service: the record is confirmed later. */
  readonly offline?: boolean;
  /** Printed as a QR code (e.g. the library's account page). */
  readonly qrUrl?: string;
  /** A transaction id, printed as a barcode for the desk to find the visit again. */
  readonly receiptId?: string;
}

export function receiptPolicyText(policy: ReceiptPolicy, locale: SlipLocale): string {
  const { loanLimit, loanDays, finePerDay, maxFinePerItem, fineBlockThreshold } = policy;
  if (locale === 'zh-TW') {
    const fines = finePerDay > 0 ? `逾期每冊每日罰款 ${formatMoney(finePerDay)}，每冊上限 ${formatMoney(maxFinePerItem)}；未繳罰款超過 ${formatMoney(fineBlockThreshold)} 將暫停借閱。` : '逾期不收罰款，但請準時歸還。';
    return `借閱規則：每人可借 ${loanLimit} 冊，借期 ${loanDays} 天。${fines}`;
  }
  const fines = finePerDay > 0
    ? `Overdue fines: ${formatMoney(finePerDay)} per item per day, at most ${formatMoney(maxFinePerItem)} per item; borrowing stops when more than ${formatMoney(fineBlockThreshold)} is owed.`
    : 'No overdue fines, but please return items on time.';
  return `Rules: up to ${loanLimit} items for ${loanDays} days. ${fines}`;
}

/** The receipt's library part from the library's record (name, hours, contact) and its clock; one place for every desk and kiosk receipt. */
export function receiptPlace(code: string, here: Pick<LibraryRecord, 'nameZh' | 'nameEn' | 'hours' | 'contact'> | undefined, utcOffsetMinutes: number): Pick<PatronReceiptInput, 'library' | 'utcOffsetMinutes' | 'hours' | 'contact'> {
  return {
    library: { code, nameZh: here?.nameZh ?? '', nameEn: here?.nameEn ?? '' },
    utcOffsetMinutes,
    ...(here?.hours ? { hours: here.hours } : {}),
    ...(here?.contact ? { contact: here.contact } : {}),
  };
}

export function buildPatronReceipt(input: PatronReceiptInput, locale: SlipLocale = 'zh-TW'): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const blocks: SlipBlock[] = [
    text(bilingual('借還書收據', 'Receipt', locale), { bold: true, align: 'center' }),
    text(libraryName(input.library, locale), { align: 'center' }),
    text(formatDateTime(input.at, input.utcOffsetMinutes ?? 480), { align: 'center' }),
    rule('double'),
  ];
  if (input.offline) {
    blocks.push(
      text(L('** 離線作業 **', '** MADE OFFLINE **'), { bold: true, align: 'center' }),
      text(L('網路中斷時辦理，連線後由系統確認。', 'Recorded while the network was down; confirmed when it is back.')),
      rule(),
    );
  }
  blocks.push(
    pair(L('讀者', 'Patron'), maskName(input.patronName)),
    pair(L('借書證', 'Card'), maskCardNumber(input.cardNumber)),
  );
  if (input.checkouts.length > 0) {
    blocks.push(rule(), text(L(`借出 ${input.checkouts.length} 件`, `Checked out: ${input.checkouts.length}`), { bold: true }));
    for (const c of input.checkouts) {
      blocks.push(text(c.title), pair(`  ${c.barcode}`, `${L('到期', 'Due')} ${formatDate(c.dueDate, locale)}`, true));
    }
  }
  let fineThisVisit = 0;
  if (input.returns.length > 0) {
    blocks.push(rule(), text(L(`歸還 ${input.returns.length} 件`, `Returned: ${input.returns.length}`), { bold: true }));
    for (const r of input.returns) {
      const fine = r.fine ?? 0;
      fineThisVisit += fine;
      const status = fine > 0
        ? L(`逾期 ${r.overdueDays ?? '?'} 天 ${formatMoney(fine)}`, `${r.overdueDays ?? '?'} days late ${formatMoney(fine)}`)
        : L('已還', 'returned');
      blocks.push(text(r.title), pair(`  ${r.barcode}`, status, fine > 0));
    }
  }
  blocks.push(rule());
  if (fineThisVisit > 0) blocks.push(pair(L('本次罰款', 'Fines this visit'), formatMoney(fineThisVisit), true));
  blocks.push(
    pair(L('未繳罰款', 'Fines owed'), formatMoney(input.finesOwed), input.finesOwed > 0),
    pair(L('已借', 'On loan'), `${input.loanCount}/${input.policy.loanLimit}`, true),
    rule(),
    text(receiptPolicyText(input.policy, locale)),
  );
  if (input.hours) blocks.push(pair(L('開放時間', 'Hours'), input.hours));
  if (input.contact) blocks.push(pair(L('聯絡', 'Contact'), input.contact));
  if (input.qrUrl) blocks.push(qr(input.qrUrl, 5));
  if (input.receiptId) blocks.push(barcode('code128', input.receiptId, 40));
  blocks.push(text(L('謝謝光臨', 'Thank you'), { align: 'center' }), feed(1), cut());
  return { kind: 'receipt', locale, title: bilingual('借還書收據', 'Receipt', locale), blocks };
}

export function receiptCheckoutFromLoan(loan: Pick<LoanRecord, 'title' | 'itemBarcode' | 'dueDate'>): ReceiptCheckout {
  return { title: loan.title, barcode: loan.itemBarcode, dueDate: loan.dueDate };
}

export function receiptReturnFromLoan(loan: Pick<LoanRecord, 'title' | 'itemBarcode' | 'fineAmount'>, overdueDays?: number): ReceiptReturn {
  return { title: loan.title, barcode: loan.itemBarcode, fine: loan.fineAmount, ...(overdueDays !== undefined ? { overdueDays } : {}) };
}
