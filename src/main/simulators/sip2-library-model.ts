// What the simulated library system holds: patrons, items, loans, the
// refusals a test makes it give, and how it is set up.
import type { SupportedMessages } from '#shared/sip2';

export interface Sip2SimPatron {
  id: string;
  pin: string;
  name: string;
  blocked?: boolean;
  cardLost?: boolean;
  /** Outstanding fines in currency units. */
  fines?: number;
  email?: string;
  phone?: string;
  address?: string;
}

export type Sip2SimItemStatus = 'available' | 'on-loan' | 'in-transit' | 'missing' | 'lost';

export interface Sip2SimItem {
  id: string;
  title: string;
  status?: Sip2SimItemStatus;
  permanentLocation?: string;
  mediaType?: string;
  sortBin?: string;
  /** Library the item must travel to when checked in here (sent as CT, with alert=Y). */
  destination?: string;
}

export interface Sip2SimLoan {
  itemId: string;
  patronId: string;
  dueDate: Date;
  renewals: number;
}

export type Sip2SimOperation = 'checkout' | 'checkin' | 'renew';

/** Makes the ILS refuse matching transactions with this screen message (AF). Unset ids match any. */
export interface Sip2RefusalRule {
  operation: Sip2SimOperation;
  itemId?: string;
  patronId?: string;
  screenMessage: string;
  /** Remove the rule after its first match. */
  once?: boolean;
}

export interface Sip2SimLibraryOptions {
  institutionId?: string;
  libraryName?: string;
  currency?: string;
  loanDays?: number;
  maxRenewals?: number;
  /** Fines above this block checkouts and renewals. */
  fineLimit?: number;
  chargedItemsLimit?: number;
  patrons?: Sip2SimPatron[];
  items?: Sip2SimItem[];
  now?: () => Date;
  /**
   * Whether a no-block transaction skips the system's checks. Koha's SIPServer
   * ignores the flag (the checkout is judged like any other); 'honoured' is the
   * standard's intent. Default 'honoured'.
   */
  noBlock?: 'honoured' | 'ignored';
  /** Zone the system reads blank-zone dates in and writes its own dates in (IANA); default the process's. */
  timeZone?: string;
  /** Messages BX says are supported; default the ones the library answers. */
  supportedMessages?: readonly (keyof SupportedMessages)[];
  /** What BX claims, when it claims more than the server answers; default supportedMessages. */
  announcedMessages?: readonly (keyof SupportedMessages)[];
  /** Send BH/BV on 24/64 even when the patron owes nothing (the old simulator did; real servers leave them out). */
  feeFieldsAlways?: boolean;
  /** Counts the system does not keep (holds, recalls, unavailable holds) go out as four blanks, as Symphony and Sierra send them. */
  blankCounts?: boolean;
}
