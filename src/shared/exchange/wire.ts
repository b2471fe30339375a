// The used-book exchange's wire (issue 20): paths, kinds, subjects, conditions,
// and what the portal and the console receive. Pure: the service, the portal
// page and the console page all read it.

/** 賣書 sell, 買書 wanted, 贈書 give away, 交換書 swap; 'fair' is kept for a swap fair's books (not offered to patrons yet). */
export const LISTING_KINDS = ['sell', 'wanted', 'give', 'swap'] as const;
export const ALL_LISTING_KINDS = [...LISTING_KINDS, 'fair'] as const;
export type ListingKind = (typeof ALL_LISTING_KINDS)[number];

/** Subjects as Taiwanese used-book sites name them, then textbooks by field (大學用書 is the general one). */
export const SUBJECTS = [
  '文學小說', '人文史地', '自然科學', '休閒勵志', '保健美容', '進修語言', '大學用書', '財經企管', '心理人際關係', '家庭親子',
  '藝術設計', '傳記珍本', '宗教命理', '電腦網路', '參考書工具書', '雜誌期刊',
  '教科書：理工', '教科書：醫藥衛生', '教科書：商管', '教科書：人文社會', '教科書：法政', '教科書：教育', '教科書：藝術設計', '教科書：語文',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export const CONDITIONS = ['new', 'like_new', 'good', 'fair', 'worn'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** A listing's life: open → reserved → matched; or withdrawn / expired. Hidden is a moderation flag beside it. */
export type ListingState = 'open' | 'reserved' | 'matched' | 'withdrawn' | 'expired';
export type ReservationState = 'active' | 'lapsed' | 'released' | 'matched';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export interface ExchangeListing {
  id: string;
  kind: ListingKind;
  subject: Subject;
  title: string;
  author: string;
  isbn: string | null;
  description: string;
  condition: Condition;
  /** NT$; 0 is free (贈書 is always 0). */
  price: number;
  campus: string;
  /** The lister's school. */
  libraryId: string;
  state: ListingState;
  createdAt: string;
  expiresAt: string;
  photoIds: string[];
  /** True for the signed-in patron's own listing. */
  mine: boolean;
  /** Reserved by the signed-in patron (their reservation's id). */
  myReservation: ExchangeReservation | null;
  /** Shown only to the lister (and the console): why an administrator hid it. */
  hidden: { reason: string; at: string } | null;
}

export interface ExchangeReservation {
  id: string;
  listingId: string;
  state: ReservationState;
  createdAt: string;
  /** When an active hold lapses (created + the consortium's hold days). */
  expiresAt: string;
}

/** The lister's view of a reservation on their listing: no patron id, name or contact. */
export interface ListingReservationView extends ExchangeReservation {
  threadId: string | null;
}

export interface ExchangeListingDetail extends ExchangeListing {
  /** For the lister: the active reservation, if any. */
  reservation: ListingReservationView | null;
}

export interface ExchangeSearchResponse {
  total: number;
  page: number;
  listings: ExchangeListing[];
}

export interface NewListing {
  kind: ListingKind;
  subject: Subject;
  title: string;
  author?: string;
  isbn?: string | null;
  description?: string;
  condition: Condition;
  price?: number;
  campus: string;
}

export interface IsbnLookup {
  isbn: string;
  found: boolean;
  title: string | null;
  author: string | null;
  publisher: string | null;
  year: number | null;
}

/** A conversation about one listing between its lister and one other patron. Names are masked (張○○). */
export interface ExchangeThread {
  id: string;
  listingId: string;
  listingTitle: string;
  /** 'lister' when the signed-in patron listed the book. */
  role: 'lister' | 'asker';
  otherName: string;
  lastAt: string;
  messages: ExchangeMessage[];
}

export interface ExchangeMessage {
  id: string;
  mine: boolean;
  body: string;
  at: string;
}

export interface ExchangeSettings {
  holdDays: number;
  maxActiveReservations: number;
  listingDays: number;
  forbiddenWords: string[];
  maxPhotos: number;
  maxPhotoBytes: number;
}

export interface ExchangeStatsRow {
  libraryId: string;
  subject: string;
  listings: number;
  reservations: number;
  matches: number;
  /** matches / listings, 0..1 (0 when there are no listings). */
  matchRate: number;
}

export interface ExchangeStats { rows: ExchangeStatsRow[]; totals: Omit<ExchangeStatsRow, 'libraryId' | 'subject'> }

export interface ConsoleListing {
  id: string;
  libraryId: string;
  kind: ListingKind;
  subject: string;
  title: string;
  state: ListingState;
  createdAt: string;
  hidden: { reason: string; at: string } | null;
}

export const EXCHANGE_PATHS = {
  listings: '/portal/api/exchange/listings',
  listing: (id: string) => `/portal/api/exchange/listings/${encodeURIComponent(id)}`,
  mine: '/portal/api/exchange/mine',
  reserve: (id: string) => `/portal/api/exchange/listings/${encodeURIComponent(id)}/reservations`,
  handedOver: (id: string) => `/portal/api/exchange/listings/${encodeURIComponent(id)}/handed-over`,
  withdraw: (id: string) => `/portal/api/exchange/listings/${encodeURIComponent(id)}/withdraw`,
  photos: (id: string) => `/portal/api/exchange/listings/${encodeURIComponent(id)}/photos`,
  photo: (id: string) => `/portal/api/exchange/photos/${encodeURIComponent(id)}`,
  reservation: (id: string) => `/portal/api/exchange/reservations/${encodeURIComponent(id)}`,
  isbn: (isbn: string) => `/portal/api/exchange/isbn/${encodeURIComponent(isbn)}`,
  messages: (listingId: string) => `/portal/api/exchange/listings/${encodeURIComponent(listingId)}/messages`,
  threads: '/portal/api/exchange/threads',
  threadMessages: (threadId: string) => `/portal/api/exchange/threads/${encodeURIComponent(threadId)}/messages`,
  settings: '/portal/api/exchange/settings',
  consoleStats: '/console/api/exchange/stats',
  consoleSettings: '/console/api/exchange/settings',
  consoleListings: '/console/api/exchange/listings',
  consoleHide: (id: string) => `/console/api/exchange/listings/${encodeURIComponent(id)}/hide`,
  consoleUnhide: (id: string) => `/console/api/exchange/listings/${encodeURIComponent(id)}/unhide`,
  adminSettings: '/admin/exchange/settings',
} as const;

export const EXCHANGE_ERRORS = [
  'VALIDATION_FAILED', 'ISBN_INVALID', 'FORBIDDEN_WORDS', 'CONTACT_DETAILS_REFUSED', 'NOT_FOUND', 'OWN_LISTING', 'NOT_AVAILABLE',
  'RESERVATION_LIMIT', 'RESERVATION_LAPSED', 'NOT_YOURS', 'NOT_OPEN', 'PHOTO_TOO_LARGE', 'PHOTO_TYPE', 'PHOTO_LIMIT', 'OTHER_LIBRARY',
] as const;
export type ExchangeErrorCode = (typeof EXCHANGE_ERRORS)[number];
