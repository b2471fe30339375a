// The patron portal's HTTP wire, typed once: paths, bodies, answers and error
// codes of /portal/api. The service (src/server/portal) answers it, the portal
// page (src/portal) calls it, tests and the bench import it. Pure types and
// constants: no Node, no DOM.
//
// Sessions are an httpOnly cookie (PORTAL_COOKIE); every state-changing call
// also sends the session's CSRF token (from GET me) in the CSRF_HEADER header.
import type { SearchResponse } from '../catalogue/wire';

export const PORTAL_COOKIE = 'relay_portal';
export const CSRF_HEADER = 'x-csrf-token';

export const PORTAL_PATHS = {
  /** The portal page (a single-page app; its assets under /portal/assets/). */
  page: '/portal',
  /** GET → { libraries: PortalLibrary[] }: member libraries a patron can sign in with. */
  libraries: '/portal/api/libraries',
  /** POST SignInBody → PortalMe (sets the cookie); DELETE → 204 (signs out, CSRF). */
  session: '/portal/api/session',
  /** GET → PortalMe, or 401 NOT_SIGNED_IN / SESSION_EXPIRED. */
  me: '/portal/api/me',
  /** GET → PortalRules: the rules that apply to this patron, in numbers. */
  rules: '/portal/api/rules',
  /** GET ?q=&field=&page= → SearchResponse (the union catalogue, availability per school). */
  search: '/portal/api/search',
  /** GET → { requests: PortalRequest[] }; POST NewRequestBody → PortalRequest (CSRF). */
  requests: '/portal/api/requests',
  /** GET → PortalRequest. */
  request: '/portal/api/requests/:id',
  /** POST → PortalRequest (CSRF): cancel while not shipped. */
  cancel: '/portal/api/requests/:id/cancel',
  /** POST → RenewalAnswer (CSRF): ask to renew an interlibrary loan. */
  renewal: '/portal/api/loans/:id/renewal',
  /** GET → PortalAccount: loans, holds, fines and virtual cards across the consortium. */
  account: '/portal/api/account',
  /** GET → NoticePreferences; PUT NoticePreferences → NoticePreferences (CSRF). */
  preferences: '/portal/api/preferences',
} as const;

export const portalPath = (template: string, id: string): string => template.replace(':id', encodeURIComponent(id));

// ---- sign-in ---------------------------------------------------------------

/** How a library's patrons prove who they are: their library's own system (SIP2) or a password the consortium keeps. */
export type SignInMethod = 'sip2' | 'password';

export interface PortalLibrary {
  id: string;
  name: string;
  signIn: SignInMethod;
}

export interface SignInBody {
  libraryId: string;
  /** The library account: the card number or the account name the patron's library gave. */
  account: string;
  /** The password or PIN. */
  password: string;
}

export interface PortalMe {
  patron: { id: string; name: string; homeLibraryId: string; homeLibraryName: string };
  /** Send back in CSRF_HEADER on every POST, PUT and DELETE. */
  csrfToken: string;
  expiresAt: string;
}

// ---- rules -----------------------------------------------------------------

/** What a patron must know before asking: the survey's users did not know these. */
export interface PortalRules {
  /** Items at once through the consortium (loans plus open requests), and how many the patron has now. */
  loanLimit: number;
  current: { loans: number; openRequests: number };
  /** The loan period, counted from the day the book arrives at the pickup library. */
  loanDays: number;
  /** Days a book waits on the hold shelf. */
  pickupDays: number;
  /** Overdue fine per open day, in NT$, and its cap per item. */
  finePerDay: number;
  maxFinePerItem: number;
  renewals: number;
  renewalDays: number;
  /** The service costs the patron nothing. */
  free: true;
  /** Where the patron may pick up: the home library first. */
  pickupLibraries: Array<{ id: string; name: string }>;
}

// ---- requests --------------------------------------------------------------

export interface NewRequestBody {
  workId: string;
  pickupLibraryId: string;
  /** YYYY-MM-DD, optional. */
  neededBy?: string | null;
  note?: string;
}

/**
 * A request's steps in the patron's words (the page words each key). `done`
 * steps have a time; `current` is where it is now; the rest are to come.
 * `cancelled` and `unfilled` end a timeline early.
 */
export type TimelineStep =
  | 'placed' | 'reviewed' | 'sent_to_lender' | 'shipped' | 'arrived' | 'on_hold_shelf'
  | 'checked_out' | 'returned' | 'complete' | 'cancelled' | 'unfilled';

export interface TimelineEntry {
  step: TimelineStep;
  state: 'done' | 'current' | 'upcoming';
  at: string | null;
  /** The library the step happened at (sent_to_lender: the lender), when known. */
  libraryId?: string;
}

export interface PortalRequest {
  id: string;
  title: string;
  author: string;
  workId: string | null;
  pickupLibraryId: string;
  lenderLibraryId: string | null;
  placedAt: string;
  neededBy: string | null;
  note: string;
  timeline: TimelineEntry[];
  /** On the hold shelf: where and until when. */
  hold: { shelfSpot: string; pickupBy: string } | null;
  /** Checked out: the due date. */
  dueOn: string | null;
  canCancel: boolean;
  /** Whether the patron was sent a notice for the request's current step. */
  notified: boolean;
}

// ---- account ---------------------------------------------------------------

export interface PortalLoan {
  id: string;
  title: string;
  /** The library that lent it (interlibrary loans) or lent it in person (visitor cards). */
  ownerLibraryId: string;
  pickupLibraryId: string;
  dueOn: string;
  overdueDays: number;
  renewalsLeft: number;
  /** A renewal the patron asked for and its answer. */
  renewal: RenewalAnswer | null;
}

export interface PortalHold {
  id: string;
  title: string;
  libraryId: string;
  shelfSpot: string;
  pickupBy: string;
}

export interface PortalFine {
  loanId: string;
  title: string;
  libraryId: string;
  amount: number;
}

export interface PortalCard {
  id: string;
  hostLibraryId: string;
  validUntil: string;
  /** The card page (with its QR) the patron shows at the host library. */
  url: string;
}

export interface PortalAccount {
  loans: PortalLoan[];
  holds: PortalHold[];
  fines: { total: number; items: PortalFine[] };
  cards: PortalCard[];
}

export interface RenewalAnswer {
  state: 'granted' | 'refused' | 'pending';
  /** Granted: the new due date. */
  dueOn: string | null;
  /** Refused or pending: why, in words the page shows as they are. */
  reason: string;
  decidedBy: 'policy' | 'lender_staff' | null;
}

// ---- notices ---------------------------------------------------------------

export const NOTICE_KINDS = ['request_received', 'cannot_fill', 'ready_for_pickup', 'pickup_reminder', 'due_soon', 'overdue', 'returned', 'ebook_available'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticePreferences {
  /** Where notices go; null = none on file (then nothing is sent). */
  email: string | null;
  language: 'zh-TW' | 'en';
  /** Per kind: does the patron want it. */
  kinds: Record<NoticeKind, boolean>;
}

// ---- errors ----------------------------------------------------------------

/** Every error the portal API answers with ({ error: { code, message, details? } }), and its status. */
export const PORTAL_ERRORS = {
  VALIDATION_FAILED: 400,
  NOT_SIGNED_IN: 401,
  SESSION_EXPIRED: 401,
  /** Wrong account or password (never says which). */
  SIGN_IN_FAILED: 401,
  CSRF_REFUSED: 403,
  /** The library's system accepted the account, but the library has not registered the patron with the consortium. */
  NOT_A_MEMBER_PATRON: 403,
  UNKNOWN_LIBRARY: 404,
  NOT_FOUND: 404,
  /** details.requestId: the patron's open request for the same work (the page links to it). */
  DUPLICATE_REQUEST: 409,
  LIMIT_REACHED: 409,
  CANNOT_CANCEL: 409,
  CANNOT_RENEW: 409,
  /** No member library lends the work. */
  NO_LENDER: 422,
  /** The rules refused the request for the patron (an expired card, a block): the message says which, in words. */
  REQUEST_REFUSED: 422,
  /** Too many failed sign-ins: details.until says when it unlocks. */
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  /** The patron's library system did not answer (the account is not locked for it). */
  LIBRARY_SYSTEM_UNREACHABLE: 503,
} as const;
export type PortalErrorCode = keyof typeof PORTAL_ERRORS;

/** Re-exported so the portal page imports one module for the search answer. */
export type { SearchResponse };
