// SIP2 17 Item Information / 18 Item Information Response, which the shared
// codec (src/shared/sip2) has no layout for yet. The queue needs it to find
// out whether a transaction whose reply was lost went through. Pure text in,
// text out (no framing: the client adds AY/AZ); parsers never throw.
// When the codec gets a layout for 17/18 this module should become a thin
// wrapper over it (or disappear).
import { fieldProblem, FIELD_DELIMITER, splitFields } from '#shared/sip2/fields';
import { fail, ok } from '#shared/sip2/result';
import type { Result, SipField, Sip2ParseResult } from '#shared/sip2';

/** Circulation status of message 18, as the standard numbers them. */
export const CIRCULATION_STATUS = {
  other: '01',
  onOrder: '02',
  available: '03',
  charged: '04',
  chargedNotToBeRecalled: '05',
  inProcess: '06',
  recalled: '07',
  waitingOnHoldShelf: '08',
  waitingToBeReshelved: '09',
  inTransit: '10',
  claimedReturned: '11',
  lost: '12',
  missing: '13',
} as const;

export type CirculationStatusName = keyof typeof CIRCULATION_STATUS;

/** 04, 05 and 07 (recalled) all mean "on loan to someone". */
export function isChargedStatus(status: string): boolean {
  return status === CIRCULATION_STATUS.charged || status === CIRCULATION_STATUS.chargedNotToBeRecalled || status === CIRCULATION_STATUS.recalled;
}

/** What a status proves about a loan: reconciling a lost reply must not take "I do not know" for "not on loan". */
export type LoanEvidence = 'charged' | 'not-charged' | 'unknown';

const NOT_CHARGED: ReadonlySet<string> = new Set([
  CIRCULATION_STATUS.available,
  CIRCULATION_STATUS.waitingOnHoldShelf,
  CIRCULATION_STATUS.waitingToBeReshelved,
  CIRCULATION_STATUS.inTransit,
]);

/**
 * 04/05/07 are on loan; 03/08/09/10 are not. Everything else proves nothing:
 * 01 is what servers send for a barcode they do not know (Koha, Evergreen),
 * 11 claimed returned and 12 lost may or may not keep the loan, 02/06/13 are
 * not circulation states at all.
 */
export function loanEvidence(status: string): LoanEvidence {
  if (isChargedStatus(status)) return 'charged';
  return NOT_CHARGED.has(status) ? 'not-charged' : 'unknown';
}

export interface ItemInformationRequest {
  /** 18-character SIP2 date. */
  transactionDate: string;
  institutionId: string;
  itemId: string;
  terminalPassword?: string;
}

export interface ItemInformationResponse {
  /** Two digits, see CIRCULATION_STATUS. */
  circulationStatus: string;
  securityMarker: string;
  feeType: string;
  transactionDate: string;
  holdQueueLength?: number;
  dueDate?: string;
  recallDate?: string;
  holdPickupDate?: string;
  itemId: string;
  titleId: string;
  owner?: string;
  currencyType?: string;
  feeAmount?: string;
  mediaType?: string;
  permanentLocation?: string;
  currentLocation?: string;
  itemProperties?: string;
  /** CT: not in 2.00; where an item in transit is going (Evergreen, Koha). */
  destination?: string;
  screenMessage: string[];
  printLine: string[];
  extraFields: SipField[];
}

const DATE_LENGTH = 18;
const PRINTABLE = /^[\x20-\x7e]*$/;

export type ItemInformationBuildError = { field: string; message: string };

function field(id: string, value: string | undefined, out: string[]): string | null {
  if (value === undefined) return null;
  const problem = fieldProblem(id, value);
  if (problem !== null) return problem;
  out.push(id + value + FIELD_DELIMITER);
  return null;
}

/** The text of a 17 message (no AY/AZ, no terminator). */
export function itemInformationText(request: ItemInformationRequest): Result<string, ItemInformationBuildError> {
  if (request.transactionDate.length !== DATE_LENGTH || !PRINTABLE.test(request.transactionDate)) {
    return { ok: false, error: { field: 'transactionDate', message: 'transaction date must be 18 printable ASCII characters' } };
  }
  const parts: string[] = [];
  for (const [id, key, value] of [
    ['AO', 'institutionId', request.institutionId],
    ['AB', 'itemId', request.itemId],
    ['AC', 'terminalPassword', request.terminalPassword],
  ] as const) {
    const problem = field(id, value, parts);
    if (problem !== null) return { ok: false, error: { field: key, message: problem } };
  }
  return { ok: true, value: `17${request.transactionDate}${parts.join('')}` };
}

/** Reads a 17 message's text (for the simulator). */
export function parseItemInformationText(text: string): Sip2ParseResult<ItemInformationRequest> {
  if (!text.startsWith('17')) return fail('UNKNOWN_MESSAGE', `expected 17 Item Information, got '${text.slice(0, 2)}'`, 0);
  if (text.length < 2 + DATE_LENGTH) return fail('TOO_SHORT', `17 Item Information needs ${2 + DATE_LENGTH} characters before its fields`, text.length);
  const fields = splitFields(text, 2 + DATE_LENGTH);
  if (!fields.ok) return fields;
  const get = (id: string): string | undefined => fields.value.find((f) => f.id === id)?.value;
  return ok({
    transactionDate: text.slice(2, 2 + DATE_LENGTH),
    institutionId: get('AO') ?? '',
    itemId: get('AB') ?? '',
    terminalPassword: get('AC'),
  });
}

const RESPONSE_FIELDS: readonly (readonly [string, keyof ItemInformationResponse])[] = [
  ['CF', 'holdQueueLength'],
  ['AH', 'dueDate'],
  ['CJ', 'recallDate'],
  ['CM', 'holdPickupDate'],
  ['AB', 'itemId'],
  ['AJ', 'titleId'],
  ['BG', 'owner'],
  ['BH', 'currencyType'],
  ['BV', 'feeAmount'],
  ['CK', 'mediaType'],
  ['AQ', 'permanentLocation'],
  ['AP', 'currentLocation'],
  ['CH', 'itemProperties'],
  ['CT', 'destination'],
];

/** The text of an 18 message (for the simulator). */
export function itemInformationResponseText(response: Omit<ItemInformationResponse, 'extraFields'> & { extraFields?: SipField[] }): Result<string, ItemInformationBuildError> {
  const fixed = [
    ['circulationStatus', response.circulationStatus, 2],
    ['securityMarker', response.securityMarker, 2],
    ['feeType', response.feeType, 2],
    ['transactionDate', response.transactionDate, DATE_LENGTH],
  ] as const;
  for (const [name, value, width] of fixed) {
    if (value.length !== width || !PRINTABLE.test(value)) return { ok: false, error: { field: name, message: `${name} must be ${width} printable ASCII characters` } };
  }
  const parts: string[] = [];
  for (const [id, key] of RESPONSE_FIELDS) {
    const value = response[key];
    const problem = field(id, value === undefined ? undefined : String(value), parts);
    if (problem !== null) return { ok: false, error: { field: key, message: problem } };
  }
  for (const [id, list] of [
    ['AF', response.screenMessage],
    ['AG', response.printLine],
  ] as const) {
    for (const line of list) {
      const problem = field(id, line, parts);
      if (problem !== null) return { ok: false, error: { field: id, message: problem } };
    }
  }
  for (const extra of response.extraFields ?? []) {
    const problem = field(extra.id, extra.value, parts);
    if (problem !== null) return { ok: false, error: { field: extra.id, message: problem } };
  }
  return { ok: true, value: `18${fixed.map(([, value]) => value).join('')}${parts.join('')}` };
}

/** Reads the text of an 18 reply (already stripped of AY/AZ and verified by the client). */
export function parseItemInformationResponseText(text: string, delimiter: string = FIELD_DELIMITER): Sip2ParseResult<ItemInformationResponse> {
  if (!text.startsWith('18')) return fail('UNKNOWN_MESSAGE', `expected 18 Item Information Response, got '${text.slice(0, 2)}'`, 0);
  const fieldsAt = 2 + 2 + 2 + 2 + DATE_LENGTH;
  if (text.length < fieldsAt) return fail('TOO_SHORT', `18 Item Information Response needs ${fieldsAt} characters before its fields, got ${text.length}`, text.length);
  const circulationStatus = text.slice(2, 4);
  if (!/^[0-9]{2}$/.test(circulationStatus)) return fail('BAD_FIXED_FIELD', `18: circulation status must be 2 digits, got '${circulationStatus}'`, 2);
  const fields = splitFields(text, fieldsAt, delimiter);
  if (!fields.ok) return fields;
  const response: ItemInformationResponse = {
    circulationStatus,
    securityMarker: text.slice(4, 6),
    feeType: text.slice(6, 8),
    transactionDate: text.slice(8, fieldsAt),
    itemId: '',
    titleId: '',
    screenMessage: [],
    printLine: [],
    extraFields: [],
  };
  const known = new Map(RESPONSE_FIELDS);
  const record = response as unknown as Record<string, unknown>;
  for (const f of fields.value) {
    if (f.id === 'AF') response.screenMessage.push(f.value);
    else if (f.id === 'AG') response.printLine.push(f.value);
    else if (f.id === 'CF') {
      // A hold queue length that is not a number is an ILS quirk, not a reason to lose the status.
      if (/^[0-9]{1,9}$/.test(f.value)) response.holdQueueLength = Number(f.value);
      else response.extraFields.push(f);
    } else {
      const key = known.get(f.id);
      if (key === undefined || (record[key] !== undefined && record[key] !== '')) response.extraFields.push(f);
      else record[key] = f.value;
    }
  }
  return ok(response);
}
