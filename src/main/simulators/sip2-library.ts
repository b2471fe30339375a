// The in-memory library system behind the SIP2 simulator: patrons with PINs,
// blocks and fines, items with a status, loans. It answers typed SIP2 requests
// with typed replies; the TCP side lives in sip2-server.ts.
import { emptyPatronStatus, emptySupportedMessages, formatSipDate, formatSipDateIn, parseSipDate, sipDateToDate, sipDateToDateIn } from '#shared/sip2';
import type {
  FeePaidRequest, FeePaidResponse, SupportedMessages,
  AcsStatusResponse, CheckinRequest, CheckinResponse, CheckoutRequest, CheckoutResponse, EndPatronSessionRequest, EndSessionResponse, PatronInformationRequest, PatronInformationResponse,
  PatronStatusFlags, PatronStatusRequest, PatronStatusResponse, RenewRequest, RenewResponse, ScStatusRequest, Sip2Message,
} from '#shared/sip2';
import { CIRCULATION_STATUS } from '../ils/sip2-item-information';
import type { ItemInformationResponse } from '../ils/sip2-item-information';
import type { Sip2RefusalRule, Sip2SimItem, Sip2SimItemStatus, Sip2SimLibraryOptions, Sip2SimLoan, Sip2SimOperation, Sip2SimPatron } from './sip2-library-model';

export type { Sip2RefusalRule, Sip2SimItem, Sip2SimItemStatus, Sip2SimLibraryOptions, Sip2SimLoan, Sip2SimOperation, Sip2SimPatron } from './sip2-library-model';

const DAY_MS = 24 * 60 * 60 * 1000;

const CIRCULATION_STATUS_OF: Record<Sip2SimItemStatus, string> = {
  available: CIRCULATION_STATUS.available,
  'on-loan': CIRCULATION_STATUS.charged,
  'in-transit': CIRCULATION_STATUS.inTransit,
  missing: CIRCULATION_STATUS.missing,
  lost: CIRCULATION_STATUS.lost,
};

export class Sip2SimLibrary {
  readonly patrons = new Map<string, Sip2SimPatron>();
  readonly items = new Map<string, Required<Pick<Sip2SimItem, 'status'>> & Sip2SimItem>();
  readonly loans = new Map<string, Sip2SimLoan>();
  private refusals: Sip2RefusalRule[] = [];
  readonly institutionId: string;
  private readonly options: Sip2SimLibraryOptions;

  constructor(options: Sip2SimLibraryOptions = {}) {
    this.options = options;
    this.institutionId = options.institutionId ?? 'SIMLIB';
    for (const patron of options.patrons ?? []) this.addPatron(patron);
    for (const item of options.items ?? []) this.addItem(item);
  }

  addPatron(patron: Sip2SimPatron): void {
    this.patrons.set(patron.id, { ...patron });
  }

  addItem(item: Sip2SimItem): void {
    this.items.set(item.id, { ...item, status: item.status ?? 'available' });
  }

  /** Returns a function that removes the rule. */
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

  /** What BX says (and what the server answers; the rest is "unsupported" to it). */
  supports(key: keyof SupportedMessages): boolean {
    return this.supportedList.includes(key);
  }

  private get supportedList(): readonly (keyof SupportedMessages)[] {
    return (
      this.options.supportedMessages ?? [
        'patronStatusRequest',
        'checkout',
        'checkin',
        'scAcsStatus',
        'requestScAcsResend',
        'login',
        'patronInformation',
        'endPatronSession',
        'feePaid',
        'itemInformation',
        'renew',
      ]
    );
  }

  /** Fee payments received (37), in order. */
  readonly payments: { patronId: string; amount: string; currency: string; feeId: string | undefined; transactionId: string | undefined }[] = [];

  /** The reply to a request, or null for messages an ACS does not answer (replies, resends, login). */
  handle(message: Sip2Message): Sip2Message | null {
    switch (message.type) {
      case 'feePaid':
        return this.feePaid(message);
      case 'scStatus':
        return this.acsStatus(message);
      case 'patronStatus':
        return this.patronStatus(message);
      case 'patronInformation':
        return this.patronInformation(message);
      case 'checkout':
        return this.checkout(message);
      case 'checkin':
        return this.checkin(message);
      case 'renew':
        return this.renew(message);
      case 'endPatronSession':
        return this.endSession(message);
      default:
        return null;
    }
  }

  /** 17 → 18 (not in the shared codec yet: see src/main/ils/sip2-item-information.ts). An unknown item is status 01 with "Item not found". */
  itemInformation(itemId: string): ItemInformationResponse {
    const item = this.items.get(itemId);
    const loan = this.loans.get(itemId);
    const base: ItemInformationResponse = {
      circulationStatus: CIRCULATION_STATUS.other,
      securityMarker: '00',
      feeType: '01',
      transactionDate: this.date(),
      itemId,
      titleId: item?.title ?? '',
      screenMessage: [],
      printLine: [],
      extraFields: [],
    };
    if (item === undefined) return { ...base, screenMessage: ['Item not found'] };
    return {
      ...base,
      circulationStatus: CIRCULATION_STATUS_OF[item.status],
      dueDate: loan === undefined ? undefined : this.sipDate(loan.dueDate),
      mediaType: item.mediaType,
      permanentLocation: item.permanentLocation,
      destination: item.status === 'in-transit' ? item.destination : undefined,
    };
  }

  // --------------------------------------------------------------- helpers

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private date(): string {
    return this.sipDate(this.now());
  }

  private sipDate(date: Date): string {
    return this.options.timeZone === undefined ? formatSipDate(date) : formatSipDateIn(date, this.options.timeZone);
  }

  /** A received date as this system reads it: a blank zone is its own zone. */
  private readDate(text: string): Date | null {
    const parsed = parseSipDate(text);
    if (!parsed.ok) return null;
    return this.options.timeZone === undefined ? sipDateToDate(parsed.value) : sipDateToDateIn(parsed.value, this.options.timeZone);
  }

  private honoursNoBlock(request: { noBlock: boolean }): boolean {
    return request.noBlock && (this.options.noBlock ?? 'honoured') === 'honoured';
  }

  private get fineLimit(): number {
    return this.options.fineLimit ?? 100;
  }

  private money(amount: number): string {
    return amount.toFixed(2);
  }

  private matchRefusal(operation: Sip2SimOperation, patronId: string | undefined, itemId: string | undefined): string | null {
    const rule = this.refusals.find(
      (r) => r.operation === operation && (r.itemId === undefined || r.itemId === itemId) && (r.patronId === undefined || r.patronId === patronId),
    );
    if (rule === undefined) return null;
    if (rule.once) this.refusals = this.refusals.filter((r) => r !== rule);
    return rule.screenMessage;
  }

  private statusFlags(patron: Sip2SimPatron | undefined): PatronStatusFlags {
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
  private patronRefusal(patron: Sip2SimPatron): string | null {
    if (patron.cardLost) return 'Library card reported lost';
    if (patron.blocked) return 'Patron is blocked: please see the circulation desk';
    const fines = patron.fines ?? 0;
    if (fines > this.fineLimit) return `Outstanding fines ${this.money(fines)} exceed the limit`;
    return null;
  }

  private pinProblem(patron: Sip2SimPatron, pin: string | undefined): string | null {
    return pin !== undefined && pin !== '' && pin !== patron.pin ? 'Invalid patron password' : null;
  }

  private dueFrom(start: Date): Date {
    return new Date(start.getTime() + (this.options.loanDays ?? 14) * DAY_MS);
  }

  private loansOf(patronId: string): Sip2SimLoan[] {
    return [...this.loans.values()].filter((loan) => loan.patronId === patronId);
  }

  // -------------------------------------------------------------- messages

  private acsStatus(_request: ScStatusRequest): AcsStatusResponse {
    const supported = emptySupportedMessages();
    for (const key of this.options.announcedMessages ?? this.supportedList) supported[key] = true;
    return {
      type: 'acsStatus',
      onlineStatus: true,
      checkinOk: true,
      checkoutOk: true,
      acsRenewalPolicy: true,
      statusUpdateOk: false,
      offlineOk: true,
      timeoutPeriod: 30,
      retriesAllowed: 3,
      dateTimeSync: this.date(),
      protocolVersion: '2.00',
      institutionId: this.institutionId,
      libraryName: this.options.libraryName ?? 'Simulated Library',
      supportedMessages: supported,
    };
  }

  private patronStatus(request: PatronStatusRequest): PatronStatusResponse {
    const patron = this.patrons.get(request.patronId);
    return {
      type: 'patronStatusResponse',
      patronStatus: this.statusFlags(patron),
      language: request.language,
      transactionDate: this.date(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      personalName: patron?.name ?? '',
      validPatron: patron !== undefined,
      validPatronPassword: patron !== undefined && request.patronPassword !== '' ? request.patronPassword === patron.pin : undefined,
      ...this.feeFields(patron),
      screenMessage: patron === undefined ? ['Patron not found'] : undefined,
    };
  }

  /** BH/BV: real servers send them only when the patron owes something. */
  private feeFields(patron: Sip2SimPatron | undefined): { currencyType?: string; feeAmount?: string } {
    const fines = patron?.fines ?? 0;
    if (fines === 0 && this.options.feeFieldsAlways !== true) return {};
    return { currencyType: this.options.currency ?? 'TWD', feeAmount: this.money(fines) };
  }

  private patronInformation(request: PatronInformationRequest): PatronInformationResponse {
    const patron = this.patrons.get(request.patronId);
    const now = this.now().getTime();
    const loans = patron === undefined ? [] : this.loansOf(patron.id);
    const overdue = loans.filter((loan) => loan.dueDate.getTime() < now);
    const start = Math.max(1, request.startItem ?? 1);
    const end = request.endItem ?? Number.MAX_SAFE_INTEGER;
    const page = (ids: string[]): string[] | undefined => {
      const slice = ids.slice(start - 1, end);
      return slice.length > 0 ? slice : undefined;
    };
    const info: PatronInformationResponse = {
      type: 'patronInformationResponse',
      patronStatus: this.statusFlags(patron),
      language: request.language,
      transactionDate: this.date(),
      holdItemsCount: 0,
      overdueItemsCount: overdue.length,
      chargedItemsCount: loans.length,
      fineItemsCount: (patron?.fines ?? 0) > 0 ? 1 : 0,
      recallItemsCount: 0,
      unavailableHoldsCount: 0,
      institutionId: this.institutionId,
      patronId: request.patronId,
      personalName: patron?.name ?? '',
      chargedItemsLimit: this.options.chargedItemsLimit ?? 30,
      validPatron: patron !== undefined,
      validPatronPassword:
        patron !== undefined && request.patronPassword !== undefined && request.patronPassword !== ''
          ? request.patronPassword === patron.pin
          : undefined,
      ...this.feeFields(patron),
      feeLimit: this.money(this.fineLimit),
      chargedItems: request.summary === 'chargedItems' ? page(loans.map((loan) => loan.itemId)) : undefined,
      overdueItems: request.summary === 'overdueItems' ? page(overdue.map((loan) => loan.itemId)) : undefined,
      emailAddress: patron?.email,
      homePhoneNumber: patron?.phone,
      homeAddress: patron?.address,
      screenMessage: patron === undefined ? ['Patron not found'] : undefined,
    };
    return this.options.blankCounts === true ? { ...info, blankFields: ['holdItemsCount', 'recallItemsCount', 'unavailableHoldsCount'] } : info;
  }

  private checkout(request: CheckoutRequest): CheckoutResponse {
    const item = this.items.get(request.itemId);
    const reply: CheckoutResponse = {
      type: 'checkoutResponse',
      ok: false,
      renewalOk: false,
      magneticMedia: 'N',
      desensitize: 'N',
      transactionDate: this.date(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      itemId: request.itemId,
      titleId: item?.title ?? '',
      dueDate: '',
      mediaType: item?.mediaType,
    };
    const refuse = (message: string): CheckoutResponse => ({ ...reply, screenMessage: [message] });

    const patron = this.patrons.get(request.patronId);
    if (patron === undefined) return refuse('Patron not found');
    const pinProblem = this.pinProblem(patron, request.patronPassword);
    if (pinProblem !== null) return refuse(pinProblem);
    const noBlock = this.honoursNoBlock(request);
    if (!noBlock) {
      const patronProblem = this.patronRefusal(patron);
      if (patronProblem !== null) return refuse(patronProblem);
    }
    if (item === undefined) return refuse('Item not found');
    const rule = this.matchRefusal('checkout', patron.id, item.id);
    if (rule !== null) return refuse(rule);

    const loan = this.loans.get(item.id);
    if (loan !== undefined && loan.patronId === patron.id) {
      // Koha, Evergreen and Symphony treat checking out an item the patron already has as a renewal
      // (within the renewal limit), whatever the SC's renewal policy flag says.
      if (!noBlock && loan.renewals >= (this.options.maxRenewals ?? 3)) return refuse('Renewal limit reached');
      loan.dueDate = this.dueFrom(new Date(Math.max(this.now().getTime(), loan.dueDate.getTime())));
      loan.renewals++;
      return { ...reply, ok: true, renewalOk: true, desensitize: 'Y', dueDate: this.sipDate(loan.dueDate) };
    }
    if (!noBlock) {
      if (loan !== undefined) return refuse('Item is checked out to another patron');
      if (item.status === 'missing' || item.status === 'lost') return refuse(`Item is ${item.status}`);
    }

    const offlineDue = noBlock && request.nbDueDate.trim() !== '' ? this.readDate(request.nbDueDate) : null;
    const dueDate = offlineDue ?? this.dueFrom(this.now());
    this.loans.set(item.id, { itemId: item.id, patronId: patron.id, dueDate, renewals: 0 });
    item.status = 'on-loan';
    return { ...reply, ok: true, desensitize: 'Y', dueDate: this.sipDate(dueDate) };
  }

  private checkin(request: CheckinRequest): CheckinResponse {
    const item = this.items.get(request.itemId);
    const reply: CheckinResponse = {
      type: 'checkinResponse',
      ok: false,
      resensitize: false,
      magneticMedia: 'N',
      alert: false,
      transactionDate: this.date(),
      institutionId: this.institutionId,
      itemId: request.itemId,
      permanentLocation: item?.permanentLocation ?? '',
      titleId: item?.title,
      mediaType: item?.mediaType,
    };
    if (item === undefined) return { ...reply, alert: true, screenMessage: ['Item not found'] };
    const loan = this.loans.get(item.id);
    const rule = this.matchRefusal('checkin', loan?.patronId, item.id);
    if (rule !== null) return { ...reply, screenMessage: [rule] };

    // Koha and Evergreen answer ok=0 with an alert for an item that is not on loan; a desk must not read it as done.
    if (loan === undefined && item.destination === undefined) return { ...reply, alert: true, screenMessage: ['Item not checked out'] };
    this.loans.delete(item.id);
    const done: CheckinResponse = { ...reply, ok: true, resensitize: true, patronId: loan?.patronId, sortBin: item.sortBin };
    if (item.destination !== undefined) {
      item.status = 'in-transit';
      return { ...done, alert: true, destination: item.destination, screenMessage: [`Send to ${item.destination}`] };
    }
    item.status = 'available';
    return done;
  }

  private renew(request: RenewRequest): RenewResponse {
    const item = request.itemId === undefined ? undefined : this.items.get(request.itemId);
    const reply: RenewResponse = {
      type: 'renewResponse',
      ok: false,
      renewalOk: false,
      magneticMedia: 'N',
      desensitize: 'N',
      transactionDate: this.date(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      itemId: request.itemId ?? '',
      titleId: item?.title ?? '',
      dueDate: '',
    };
    const refuse = (message: string): RenewResponse => ({ ...reply, screenMessage: [message] });

    const patron = this.patrons.get(request.patronId);
    if (patron === undefined) return refuse('Patron not found');
    const pinProblem = this.pinProblem(patron, request.patronPassword);
    if (pinProblem !== null) return refuse(pinProblem);
    if (item === undefined) return refuse('Item not found');
    const loan = this.loans.get(item.id);
    if (loan === undefined || loan.patronId !== patron.id) return refuse('Item is not checked out to this patron');
    const rule = this.matchRefusal('renew', patron.id, item.id);
    if (rule !== null) return refuse(rule);
    if (!this.honoursNoBlock(request)) {
      const patronProblem = this.patronRefusal(patron);
      if (patronProblem !== null) return refuse(patronProblem);
      if (loan.renewals >= (this.options.maxRenewals ?? 3)) return refuse('Renewal limit reached');
    }
    const from = new Date(Math.max(this.now().getTime(), loan.dueDate.getTime()));
    loan.dueDate = this.dueFrom(from);
    loan.renewals++;
    return { ...reply, ok: true, renewalOk: true, dueDate: this.sipDate(loan.dueDate) };
  }

  /** 37 → 38: the amount comes off the patron's fines; an unknown patron or an amount that is not money is refused. */
  private feePaid(request: FeePaidRequest): FeePaidResponse {
    const patron = this.patrons.get(request.patronId);
    const amount = Number(request.feeAmount);
    const reply: FeePaidResponse = { type: 'feePaidResponse', paymentAccepted: false, transactionDate: this.date(), institutionId: this.institutionId, patronId: request.patronId, transactionId: request.transactionId };
    if (patron === undefined) return { ...reply, screenMessage: ['Patron not found'] };
    if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(request.feeAmount) || amount <= 0) return { ...reply, screenMessage: ['Invalid fee amount'] };
    patron.fines = Math.max(0, Math.round(((patron.fines ?? 0) - amount) * 100) / 100);
    this.payments.push({ patronId: patron.id, amount: request.feeAmount, currency: request.currencyType, feeId: request.feeIdentifier, transactionId: request.transactionId });
    return { ...reply, paymentAccepted: true };
  }

  private endSession(request: EndPatronSessionRequest): EndSessionResponse {
    return {
      type: 'endSessionResponse',
      endSession: true,
      transactionDate: this.date(),
      institutionId: this.institutionId,
      patronId: request.patronId,
    };
  }
}
