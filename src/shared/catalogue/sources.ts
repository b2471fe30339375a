// An administrator's configuration of where a member library's records come
// from (an SRU endpoint, or MARC files the library uploads), how its holdings
// are exported, and the harvest status the service reports for it.

/** Where in a MARC record a library puts its items, and which values mean what. Every ILS differs. */
export interface HoldingsRule {
  /** The data field of one copy: 852 (MARC holdings), 949 (many US/TW systems), 995 (Koha UNIMARC-style), or any. */
  tag: string;
  /** Subfield naming the library that owns the copy; null: the source's own library. */
  librarySubfield: string | null;
  /** Values of that subfield → member library code; a value not listed is taken as a code itself. */
  libraryCodes: Record<string, string>;
  locationSubfield: string | null;
  /** Subfields joined (in this order) into the call number, e.g. "hi" for 852 $h $i. */
  callNumberSubfields: string;
  barcodeSubfield: string | null;
  statusSubfield: string | null;
  /** Location/collection codes whose copies are not lent (reference, reserve…), compared case-insensitively. */
  notLendableLocations: string[];
  /** Status values that mean "not for loan". */
  notLendableStatuses: string[];
  onLoanStatuses: string[];
  missingStatuses: string[];
  /** Status values that mean "on the shelf"; an empty or absent status is also available. */
  availableStatuses: string[];
}

export type SruVersion = '1.1' | '1.2' | '2.0';

export interface SruSettings {
  /** Base URL, e.g. http://opac.example.edu.tw:210/biblios */
  url: string;
  /** 'auto' reads the server's explain response. */
  version: 'auto' | SruVersion;
  /** CQL for a full harvest, e.g. cql.allRecords=1 */
  query: string;
  /** CQL for an incremental harvest; {since} becomes the last successful start (ISO date-time). Null: always full. */
  incrementalQuery: string | null;
  recordSchema: string;
  pageSize: number;
  timeoutMs: number;
}

export type FileEncoding = 'marc21' | 'big5';

export interface SourceInput {
  libraryId: string;
  name: string;
  kind: 'sru' | 'file';
  sru: SruSettings | null;
  /** 'marc21' follows leader/09 (a = UTF-8); 'big5' reads records a legacy Taiwanese system exported in Big5. */
  fileEncoding: FileEncoding;
  holdings: HoldingsRule;
  /** SRU sources are re-harvested this often; null: only when an administrator asks. */
  intervalMinutes: number | null;
  enabled: boolean;
}

export type HarvestStatus = 'never' | 'running' | 'ok' | 'partial' | 'failed';

export interface RecordProblem {
  /** 1-based position of the record in the file or in the harvest. */
  position: number;
  localId: string | null;
  code: string;
  message: string;
}

export interface HarvestReport {
  mode: 'full' | 'incremental' | 'file';
  sruVersion: SruVersion | null;
  records: number;
  holdings: number;
  /** Holdings whose library is not a member (or not this source's library) and were left out. */
  holdingsSkipped: number;
  recordsRejected: number;
  problems: RecordProblem[];
  /** Problems not listed (the list keeps the first 50). */
  moreProblems: number;
  ms: number;
}

export interface SourceView extends SourceInput {
  id: string;
  status: HarvestStatus;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  lastError: { code: string; message: string } | null;
  lastReport: HarvestReport | null;
  /** Records and holdings of this source in the index now. */
  indexed: { records: number; holdings: number };
}

export const DEFAULT_HOLDINGS: HoldingsRule = {
  tag: '852', librarySubfield: null, libraryCodes: {}, locationSubfield: 'b', callNumberSubfields: 'hi', barcodeSubfield: 'p',
  statusSubfield: null, notLendableLocations: ['REF', 'RES'], notLendableStatuses: [], onLoanStatuses: [], missingStatuses: [], availableStatuses: [],
};
