// The in-memory library system behind the SIP2 simulator: patrons with PINs,
// blocks and fines, items with a status, loans. It answers typed SIP2 requests
// with typed replies; the TCP side lives in sip2-server.ts. Beside it:
// sip2-library-state.ts (what it knows, its rules), sip2-library-patrons.ts
// and sip2-library-circulation.ts (the message handlers).
import { emptySupportedMessages } from '#shared/sip2';
import type { AcsStatusResponse, ScStatusRequest, Sip2Message, SupportedMessages } from '#shared/sip2';
import { CIRCULATION_STATUS } from '../ils/sip2-item-information';
import type { ItemInformationResponse } from '../ils/sip2-item-information';
import type { Sip2RefusalRule, Sip2SimItem, Sip2SimItemStatus, Sip2SimLibraryOptions, Sip2SimLoan, Sip2SimPatron } from './sip2-library-model';
import { checkin, checkout, renew } from './sip2-library-circulation';
import { endSession, feePaid, patronInformation, patronStatus } from './sip2-library-patrons';
import { Sip2SimState } from './sip2-library-state';
import { ALL_USED } from './sip2-profiles';
import type { Sip2SimPayment, Sip2SimStoredItem } from './sip2-library-state';

export type { Sip2RefusalRule, Sip2SimItem, Sip2SimItemStatus, Sip2SimLibraryOptions, Sip2SimLoan, Sip2SimOperation, Sip2SimPatron } from './sip2-library-model';

const CIRCULATION_STATUS_OF: Record<Sip2SimItemStatus, string> = {
  available: CIRCULATION_STATUS.available,
  'on-loan': CIRCULATION_STATUS.charged,
  'in-transit': CIRCULATION_STATUS.inTransit,
  missing: CIRCULATION_STATUS.missing,
  lost: CIRCULATION_STATUS.lost,
};

export class Sip2SimLibrary {
  private readonly state: Sip2SimState;
  readonly patrons: Map<string, Sip2SimPatron>;
  readonly items: Map<string, Sip2SimStoredItem>;
  readonly loans: Map<string, Sip2SimLoan>;
  readonly institutionId: string;
  private readonly options: Sip2SimLibraryOptions;

  constructor(options: Sip2SimLibraryOptions = {}) {
    this.options = options;
    this.state = new Sip2SimState(options);
    this.patrons = this.state.patrons;
    this.items = this.state.items;
    this.loans = this.state.loans;
    this.payments = this.state.payments;
    this.institutionId = this.state.institutionId;
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
    return this.state.refuse(rule);
  }

  clearRefusals(): void {
    this.state.clearRefusals();
  }

  /** What BX says (and what the server answers; the rest is "unsupported" to it). */
  supports(key: keyof SupportedMessages): boolean {
    return this.supportedList.includes(key);
  }

  private get supportedList(): readonly (keyof SupportedMessages)[] {
    return this.options.supportedMessages ?? ALL_USED;
  }

  /** Fee payments received (37), in order. */
  readonly payments: Sip2SimPayment[];

  /** The reply to a request, or null for messages an ACS does not answer (replies, resends, login). */
  handle(message: Sip2Message): Sip2Message | null {
    switch (message.type) {
      case 'feePaid':
        return feePaid(this.state, message);
      case 'scStatus':
        return this.acsStatus(message);
      case 'patronStatus':
        return patronStatus(this.state, message);
      case 'patronInformation':
        return patronInformation(this.state, message);
      case 'checkout':
        return checkout(this.state, message);
      case 'checkin':
        return checkin(this.state, message);
      case 'renew':
        return renew(this.state, message);
      case 'endPatronSession':
        return endSession(this.state, message);
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
      transactionDate: this.state.date(),
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
      dueDate: loan === undefined ? undefined : this.state.sipDate(loan.dueDate),
      mediaType: item.mediaType,
      permanentLocation: item.permanentLocation,
      destination: item.status === 'in-transit' ? item.destination : undefined,
    };
  }

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
      dateTimeSync: this.state.date(),
      protocolVersion: '2.00',
      institutionId: this.institutionId,
      libraryName: this.options.libraryName ?? 'Simulated Library',
      supportedMessages: supported,
    };
  }
}
