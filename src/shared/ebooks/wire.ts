// The cloud e-books' HTTP wire (雲端電子書, issue 20), typed once: paths,
// answers and error codes of /portal/api/ebooks (patrons), /admin/ebooks
// (imports, administrator token) and /console/api/ebooks (reports). Pure
// types and constants: no Node, no DOM.

export const EBOOK_PATHS = {
  /** GET ?q=&page= → EbookList: titles with copies and how many are out. */
  titles: '/portal/api/ebooks/titles',
  /** GET → EbookShelf: the patron's loans, waiting-list places and offers. */
  mine: '/portal/api/ebooks/mine',
  /** POST → EbookLoan (201), or 409 EBOOK_ALL_OUT (a turn-away, counted) (CSRF). */
  borrow: '/portal/api/ebooks/titles/:id/borrow',
  /** POST → EbookHold (201): join the waiting list (CSRF). */
  hold: '/portal/api/ebooks/titles/:id/hold',
  /** DELETE → 204: leave the waiting list or decline an offer (CSRF). */
  cancelHold: '/portal/api/ebooks/holds/:id',
  /** POST → EbookShelf: return early (CSRF). */
  giveBack: '/portal/api/ebooks/loans/:id/return',
  /** POST → EbookReadLink: a signed link to read, valid a few minutes (CSRF). */
  link: '/portal/api/ebooks/loans/:id/link',
  /** GET ?e=<expiry ms>&s=<signature> → 302 to the vendor's title_url; counts a read. No cookie needed: the signature is the key. */
  read: '/ebooks/read/:id',
  /** POST (administrator token) KBART Phase II TSV with the consortium's `copies` column, ?vendor= → ImportReport. */
  importKbart: '/admin/ebooks/kbart',
  /** POST (administrator token) the vendor's MARC 21 records (ISO 2709) with the consortium's copies in local field 985 $a, ?vendor= → ImportReport. */
  importMarc: '/admin/ebooks/marc',
  /** POST (administrator token) COUNTER R5 TR / TR_B1 / TR_B2 / TR_B3, JSON or tabular TSV/CSV, ?library= → ImportReport. */
  importCounter: '/admin/ebooks/counter',
  /** POST (console, office only) the same imports from the console: KBART ?vendor=, MARC ?vendor=; COUNTER ?library= (a school's administrator: their own). Audited. */
  consoleKbart: '/console/api/ebooks/kbart',
  consoleMarc: '/console/api/ebooks/marc',
  consoleCounter: '/console/api/ebooks/counter',
  /** GET (console) ?from=&to=&library=&group=title|school|year → EbookReport. */
  report: '/console/api/ebooks/report',
} as const;

export const ebookPath = (template: string, id: string): string => template.replace(':id', encodeURIComponent(id));

export interface EbookTitle {
  id: string;
  title: string;
  author: string | null;
  publisher: string | null;
  isbn: string | null;
  vendor: string;
  copies: number;
  /** Copies on loan or offered to the first in line: none left when out = copies. */
  out: number;
  waiting: number;
  loanDays: number;
}

export interface EbookList { titles: EbookTitle[]; total: number; page: number; pageSize: number }

export interface EbookLoan {
  id: string;
  titleId: string;
  title: string;
  borrowedAt: string;
  dueAt: string;
}

export interface EbookHold {
  id: string;
  titleId: string;
  title: string;
  state: 'waiting' | 'offered';
  /** 1 = next in line (waiting only). */
  position: number | null;
  /** Until when an offered copy is kept for the patron. */
  offerUntil: string | null;
  placedAt: string;
}

export interface EbookShelf { loans: EbookLoan[]; holds: EbookHold[]; loanLimit: number }

export interface EbookReadLink { url: string; expiresAt: string }

/** One row of an import that was refused, numbered as the file numbers it (line 1 = the header). */
export interface ImportProblem { row: number; field: string | null; message: string }

export interface ImportReport {
  ok: boolean;
  /** Rows read (data rows, not headers). */
  rows: number;
  /** Rows written: 0 whenever ok is false (nothing is half-imported). */
  imported: number;
  problems: ImportProblem[];
  kind: 'kbart' | 'marc' | 'counter-json' | 'counter-tabular';
  /** COUNTER only: the report's id (TR_B1 …) and period. */
  reportId?: string;
  period?: { begin: string; end: string };
}

export type ReportGroup = 'title' | 'school' | 'year' | 'month';

export interface EbookReportRow {
  /** Title id, school id, year (YYYY) or month (YYYY-MM), by the grouping. */
  key: string;
  label: string;
  loans: number;
  reads: number;
  turnaways: number;
  /** Copies owned (title grouping only). */
  copies: number | null;
  /** Vendor's COUNTER Total_Item_Requests and Unique_Title_Requests for the same key and range. */
  vendorRequests: number;
  vendorUniqueTitleRequests: number;
  /** COUNTER No_License + Limit_Exceeded (TR_B2), the vendor's own turn-aways. */
  vendorTurnaways: number;
}

export interface EbookReport { group: ReportGroup; from: string; to: string; library: string | null; rows: EbookReportRow[] }

/** Error codes of the e-book routes and their status. */
export const EBOOK_ERRORS = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  EBOOK_ALL_OUT: 409,
  EBOOK_ALREADY_ON_LOAN: 409,
  EBOOK_ALREADY_WAITING: 409,
  EBOOK_LOAN_LIMIT: 409,
  EBOOK_COPY_FREE: 409,
  EBOOK_LOAN_ENDED: 409,
  LINK_INVALID: 403,
  LINK_EXPIRED: 410,
} as const;
export type EbookErrorCode = keyof typeof EBOOK_ERRORS;
