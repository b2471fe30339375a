// What the simulated library system knows and the house rules every message
// handler reads: patrons, items, loans and payments; its clock and dates (a
// blank zone is its own); refusal rules staged by tests; fine and loan limits.
import { emptyPatronStatus, formatSipDate, formatSipDateIn, parseSipDate, sipDateToDate, sipDateToDateIn } from '#shared/sip2';
import type { PatronStatusFlags } from '#shared/sip2';
import type { Sip2RefusalRule, Sip2SimItem, Sip2SimLibraryOptions, Sip2SimLoan, Sip2SimOperation, Sip2SimPatron } from './sip2-library-model';

const DAY_MS = 24 * 60 * 60 * 1000;

export type Sip2SimStoredItem = Required<Pick<Sip2SimItem, 'status'>> & Sip2SimItem;

export interface Sip2SimPayment {
  patronId: string;
  amount: string;
  currency: string;
  feeId: string | undefined;
  transactionId: string | undefined;
}

export class Sip2SimState {
  readonly patrons = new Map<string, Sip2SimPatron>();
  readonly items = new Map<string, Sip2SimStoredItem>();
  readonly loans = new Map<string, Sip2SimLoan>();
  readonly payments: Sip2SimPayment[] = [];
  readonly institutionId: string;
  private refusals: Sip2RefusalRule[] = [];

  constructor(readonly options: Sip2SimLibraryOptions) {
    this.institutionId = options.institutionId ?? 'SIMLIB';
  }

  refuse(rule: Sip2RefusalRule): () => void {
    const copy = { ...rule };
    this.refusals.push(copy);
    return () => {
      this.refusals = this.refusals.filter((r) => r !== copy);
    };
  }

  clearRefusals(): void {
    this.refusals = [];
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  date(): string {
    return this.sipDate(this.now());
  }

  sipDate(date: Date): string {
    return this.options.timeZone === undefined ? formatSipDate(date) : formatSipDateIn(date, this.options.timeZone);
  }

  /** A received date as this system reads it: a blank zone is its own zone. */
  readDate(text: string): Date | null {
    const parsed = parseSipDate(text);
    if (!parsed.ok) return null;
    return this.options.timeZone === undefined ? sipDateToDate(parsed.value) : sipDateToDateIn(parsed.value, this.options.timeZone);
  }

  honoursNoBlock(request: { noBlock: boolean }): boolean {
    return request.noBlock && (this.options.noBlock ?? 'honoured') === 'honoured';
  }

  get fineLimit(): number {
    return this.options.fineLimit ?? 100;
  }

  money(amount: number): string {
    return amount.toFixed(2);
  }

  matchRefusal(operation: Sip2SimOperation, patronId: string | undefined, itemId: string | undefined): string | null {
    const rule = this.refusals.find(
      (r) => r.operation === operation && (r.itemId === undefined || r.itemId === itemId) && (r.patronId === undefined || r.patronId === patronId),
    );
    if (rule === undefined) return null;
    if (rule.once) this.refusals = this.refusals.filter((r) => r !== rule);
    return rule.screenMessage;
  }

  statusFlags(patron: Sip2SimPatron | undefined): PatronStatusFlags {
    const flags = emptyPatronStatus();
    if (patron === undefined) {
      // An unknown patron may do nothing.
      flags.chargePrivilegesDenied = true;
      flags.renewalPrivilegesDenied = true;
      flags.recallPrivilegesDenied = true;
      flags.holdPrivilegesDenied = true;
      return flags;
    }
    const overFines = (patron.fines ?? 0) > this.fineLimit;
    const blocked = patron.blocked === true || patron.cardLost === true || overFines;
    flags.chargePrivilegesDenied = blocked;
    flags.renewalPrivilegesDenied = blocked;
    flags.holdPrivilegesDenied = blocked;
    flags.cardReportedLost = patron.cardLost === true;
    flags.excessiveOutstandingFines = overFines;
    return flags;
  }

  /** Why this patron may not borrow, or null. */
  patronRefusal(patron: Sip2SimPatron): string | null {
    if (patron.cardLost) return 'Library card reported lost';
    if (patron.blocked) return 'Patron is blocked: please see the circulation desk';
    const fines = patron.fines ?? 0;
    if (fines > this.fineLimit) return `Outstanding fines ${this.money(fines)} exceed the limit`;
    return null;
  }

  pinProblem(patron: Sip2SimPatron, pin: string | undefined): string | null {
    return pin !== undefined && pin !== '' && pin !== patron.pin ? 'Invalid patron password' : null;
  }

  dueFrom(start: Date): Date {
    return new Date(start.getTime() + (this.options.loanDays ?? 14) * DAY_MS);
  }

  loansOf(patronId: string): Sip2SimLoan[] {
    return [...this.loans.values()].filter((loan) => loan.patronId === patronId);
  }
}
