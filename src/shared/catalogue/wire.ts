// The union catalogue's HTTP wire: what GET /api/catalogue/search and
// /api/catalogue/works/:id answer, what the candidate-lender function returns,
// and the administrator's source records. Pure types, shared by the service
// and the desk.
import type { SearchField } from './query';

/**
 * What the lender's own system last said about a copy. `unknown` is a copy
 * whose source exports no status, or one the source's rules do not name:
 * it is shown, and offered after the available ones.
 */
export type Availability = 'available' | 'on_loan' | 'missing' | 'unknown';
export const AVAILABILITIES: readonly Availability[] = ['available', 'on_loan', 'missing', 'unknown'];

export interface CopyView {
  sourceId: string;
  callNumber: string | null;
  location: string | null;
  /** Only where the library exports item barcodes. */
  barcode: string | null;
  /** By the library's own rules (reference and reserve collections are not lent). */
  lendable: boolean;
  availability: Availability;
}

export interface LibraryHoldings {
  libraryId: string;
  copies: CopyView[];
  /** Lendable copies not known to be on loan or missing. */
  requestableCopies: number;
}

export interface WorkSummary {
  id: string;
  title: string;
  author: string | null;
  year: number | null;
  publisher: string | null;
  isbns: string[];
  holdings: LibraryHoldings[];
}

export interface SearchResponse {
  q: string;
  field: SearchField;
  page: number;
  pageSize: number;
  /** Works matching; counted up to `totalCap`, after which `totalIsCapped` is true. */
  total: number;
  totalIsCapped: boolean;
  works: WorkSummary[];
}

export interface SourceRecordView {
  sourceId: string;
  localId: string;
  title: string;
  author: string | null;
  year: number | null;
  isbns: string[];
}

export interface WorkDetail extends WorkSummary {
  subjects: string[];
  records: SourceRecordView[];
}

/** A library that can lend a copy of a work, with the copies it could pull. */
export interface LenderCandidate {
  libraryId: string;
  availableCopies: number;
  copies: Array<{ barcode: string | null; callNumber: string | null; location: string | null; availability: Availability }>;
}
