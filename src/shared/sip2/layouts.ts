// Message layouts from the SIP2 2.00 standard: the fixed-length fields in
// order, then the variable fields in the order the standard lists them (which
// is also the order the builder writes them). One table drives both building
// and parsing, so the two cannot drift apart. The key types tie each entry to
// a property of the right type in messages.ts.
import type {
  CheckoutResponse,
  PatronStatusFlags,
  PatronSummary,
  Sip2Message,
  Sip2MessageOf,
  Sip2MessageType,
  SupportedMessages,
  YesNoUnknown,
} from './messages';

type KeysMatching<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

export type FixedSpec<T> =
  | { kind: 'yn' | 'bit'; key: KeysMatching<T, boolean>; label: string }
  | { kind: 'ynu'; key: KeysMatching<T, YesNoUnknown>; label: string }
  | { kind: 'date'; key: KeysMatching<T, string>; label: string }
  | { kind: 'text'; key: KeysMatching<T, string>; width: number; label: string }
  | { kind: 'int'; key: KeysMatching<T, number>; width: number; label: string }
  | { kind: 'patronStatus'; key: KeysMatching<T, PatronStatusFlags>; label: string }
  | { kind: 'summary'; key: KeysMatching<T, PatronSummary>; label: string };

export type FieldSpec<T> =
  | { id: string; kind: 'text'; key: KeysMatching<T, string>; required: true; label: string }
  | { id: string; kind: 'text'; key: KeysMatching<T, string | undefined>; required?: false; label: string }
  | { id: string; kind: 'yn'; key: KeysMatching<T, boolean | undefined>; label: string }
  | { id: string; kind: 'int'; key: KeysMatching<T, number | undefined>; width?: number; label: string }
  | { id: string; kind: 'list'; key: KeysMatching<T, string[] | undefined>; label: string }
  | { id: string; kind: 'supportedMessages'; key: KeysMatching<T, SupportedMessages | undefined>; label: string };

export interface Layout<T extends Sip2Message> {
  code: string;
  type: T['type'];
  name: string;
  fixed: FixedSpec<T>[];
  fields: FieldSpec<T>[];
  /** 96 and 97 carry a checksum but never a sequence number. */
  sequenced: boolean;
}

export const PATRON_STATUS_ORDER: readonly (keyof PatronStatusFlags)[] = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
];

export const SUPPORTED_MESSAGES_ORDER: readonly (keyof SupportedMessages)[] = [
  'patronStatusRequest',
  'checkout',
  'checkin',
  'blockPatron',
  'scAcsStatus',
  'requestScAcsResend',
  'login',
  'patronInformation',
  'endPatronSession',
  'feePaid',
  'itemInformation',
  'itemStatusUpdate',
  'patronEnable',
  'hold',
  'renew',
  'renewAll',
];

/** Summary positions 1–6; positions 7–10 are unused in 2.00 and always sent blank. */
export const SUMMARY_ORDER: readonly Exclude<PatronSummary, 'none'>[] = [
  'holdItems',
  'overdueItems',
  'chargedItems',
  'fineItems',
  'recallItems',
  'unavailableHolds',
];

export const PATRON_STATUS_WIDTH = 14;
export const SUMMARY_WIDTH = 10;
export const SUPPORTED_MESSAGES_WIDTH = 16;

type Layouts = { [K in Sip2MessageType]: Layout<Sip2MessageOf<K>> };

// 12 and 30 share one layout; CheckoutResponse and RenewResponse have the same keys.
const CIRCULATION_RESPONSE: Pick<Layout<CheckoutResponse>, 'fixed' | 'fields'> = {
    fixed: [
      { kind: 'bit', key: 'ok', label: 'ok' },
      { kind: 'yn', key: 'renewalOk', label: 'renewal ok' },
      { kind: 'ynu', key: 'magneticMedia', label: 'magnetic media' },
      { kind: 'ynu', key: 'desensitize', label: 'desensitize' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AB', kind: 'text', key: 'itemId', required: true, label: 'item identifier' },
      { id: 'AJ', kind: 'text', key: 'titleId', required: true, label: 'title identifier' },
      { id: 'AH', kind: 'text', key: 'dueDate', required: true, label: 'due date' },
      { id: 'BT', kind: 'text', key: 'feeType', label: 'fee type' },
      { id: 'CI', kind: 'yn', key: 'securityInhibit', label: 'security inhibit' },
      { id: 'BH', kind: 'text', key: 'currencyType', label: 'currency type' },
      { id: 'BV', kind: 'text', key: 'feeAmount', label: 'fee amount' },
      { id: 'CK', kind: 'text', key: 'mediaType', label: 'media type' },
      { id: 'CH', kind: 'text', key: 'itemProperties', label: 'item properties' },
      { id: 'BK', kind: 'text', key: 'transactionId', label: 'transaction id' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
};

export const LAYOUTS: Layouts = {
  login: {
    code: '93',
    type: 'login',
    name: 'Login',
    sequenced: true,
    fixed: [
      { kind: 'text', key: 'uidAlgorithm', width: 1, label: 'UID algorithm' },
      { kind: 'text', key: 'pwdAlgorithm', width: 1, label: 'PWD algorithm' },
    ],
    fields: [
      { id: 'CN', kind: 'text', key: 'loginUserId', required: true, label: 'login user id' },
      { id: 'CO', kind: 'text', key: 'loginPassword', required: true, label: 'login password' },
      { id: 'CP', kind: 'text', key: 'locationCode', label: 'location code' },
    ],
  },
  loginResponse: {
    code: '94',
    type: 'loginResponse',
    name: 'Login Response',
    sequenced: true,
    fixed: [{ kind: 'bit', key: 'ok', label: 'ok' }],
    fields: [],
  },
  scStatus: {
    code: '99',
    type: 'scStatus',
    name: 'SC Status',
    sequenced: true,
    fixed: [
      { kind: 'int', key: 'statusCode', width: 1, label: 'status code' },
      { kind: 'int', key: 'maxPrintWidth', width: 3, label: 'max print width' },
      { kind: 'text', key: 'protocolVersion', width: 4, label: 'protocol version' },
    ],
    fields: [],
  },
  acsStatus: {
    code: '98',
    type: 'acsStatus',
    name: 'ACS Status',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'onlineStatus', label: 'on-line status' },
      { kind: 'yn', key: 'checkinOk', label: 'checkin ok' },
      { kind: 'yn', key: 'checkoutOk', label: 'checkout ok' },
      { kind: 'yn', key: 'acsRenewalPolicy', label: 'ACS renewal policy' },
      { kind: 'yn', key: 'statusUpdateOk', label: 'status update ok' },
      { kind: 'yn', key: 'offlineOk', label: 'off-line ok' },
      { kind: 'int', key: 'timeoutPeriod', width: 3, label: 'timeout period' },
      { kind: 'int', key: 'retriesAllowed', width: 3, label: 'retries allowed' },
      { kind: 'date', key: 'dateTimeSync', label: 'date / time sync' },
      { kind: 'text', key: 'protocolVersion', width: 4, label: 'protocol version' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AM', kind: 'text', key: 'libraryName', label: 'library name' },
      { id: 'BX', kind: 'supportedMessages', key: 'supportedMessages', label: 'supported messages' },
      { id: 'AN', kind: 'text', key: 'terminalLocation', label: 'terminal location' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  patronStatus: {
    code: '23',
    type: 'patronStatus',
    name: 'Patron Status Request',
    sequenced: true,
    fixed: [
      { kind: 'text', key: 'language', width: 3, label: 'language' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', required: true, label: 'terminal password' },
      { id: 'AD', kind: 'text', key: 'patronPassword', required: true, label: 'patron password' },
    ],
  },
  patronStatusResponse: {
    code: '24',
    type: 'patronStatusResponse',
    name: 'Patron Status Response',
    sequenced: true,
    fixed: [
      { kind: 'patronStatus', key: 'patronStatus', label: 'patron status' },
      { kind: 'text', key: 'language', width: 3, label: 'language' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AE', kind: 'text', key: 'personalName', required: true, label: 'personal name' },
      { id: 'BL', kind: 'yn', key: 'validPatron', label: 'valid patron' },
      { id: 'CQ', kind: 'yn', key: 'validPatronPassword', label: 'valid patron password' },
      { id: 'BH', kind: 'text', key: 'currencyType', label: 'currency type' },
      { id: 'BV', kind: 'text', key: 'feeAmount', label: 'fee amount' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  patronInformation: {
    code: '63',
    type: 'patronInformation',
    name: 'Patron Information',
    sequenced: true,
    fixed: [
      { kind: 'text', key: 'language', width: 3, label: 'language' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'summary', key: 'summary', label: 'summary' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', label: 'terminal password' },
      { id: 'AD', kind: 'text', key: 'patronPassword', label: 'patron password' },
      { id: 'BP', kind: 'int', key: 'startItem', label: 'start item' },
      { id: 'BQ', kind: 'int', key: 'endItem', label: 'end item' },
    ],
  },
  patronInformationResponse: {
    code: '64',
    type: 'patronInformationResponse',
    name: 'Patron Information Response',
    sequenced: true,
    fixed: [
      { kind: 'patronStatus', key: 'patronStatus', label: 'patron status' },
      { kind: 'text', key: 'language', width: 3, label: 'language' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'int', key: 'holdItemsCount', width: 4, label: 'hold items count' },
      { kind: 'int', key: 'overdueItemsCount', width: 4, label: 'overdue items count' },
      { kind: 'int', key: 'chargedItemsCount', width: 4, label: 'charged items count' },
      { kind: 'int', key: 'fineItemsCount', width: 4, label: 'fine items count' },
      { kind: 'int', key: 'recallItemsCount', width: 4, label: 'recall items count' },
      { kind: 'int', key: 'unavailableHoldsCount', width: 4, label: 'unavailable holds count' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AE', kind: 'text', key: 'personalName', required: true, label: 'personal name' },
      { id: 'BZ', kind: 'int', key: 'holdItemsLimit', width: 4, label: 'hold items limit' },
      { id: 'CA', kind: 'int', key: 'overdueItemsLimit', width: 4, label: 'overdue items limit' },
      { id: 'CB', kind: 'int', key: 'chargedItemsLimit', width: 4, label: 'charged items limit' },
      { id: 'BL', kind: 'yn', key: 'validPatron', label: 'valid patron' },
      { id: 'CQ', kind: 'yn', key: 'validPatronPassword', label: 'valid patron password' },
      { id: 'BH', kind: 'text', key: 'currencyType', label: 'currency type' },
      { id: 'BV', kind: 'text', key: 'feeAmount', label: 'fee amount' },
      { id: 'CC', kind: 'text', key: 'feeLimit', label: 'fee limit' },
      { id: 'AS', kind: 'list', key: 'holdItems', label: 'hold items' },
      { id: 'AT', kind: 'list', key: 'overdueItems', label: 'overdue items' },
      { id: 'AU', kind: 'list', key: 'chargedItems', label: 'charged items' },
      { id: 'AV', kind: 'list', key: 'fineItems', label: 'fine items' },
      { id: 'BU', kind: 'list', key: 'recallItems', label: 'recall items' },
      { id: 'CD', kind: 'list', key: 'unavailableHoldItems', label: 'unavailable hold items' },
      { id: 'BD', kind: 'text', key: 'homeAddress', label: 'home address' },
      { id: 'BE', kind: 'text', key: 'emailAddress', label: 'e-mail address' },
      { id: 'BF', kind: 'text', key: 'homePhoneNumber', label: 'home phone number' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  checkout: {
    code: '11',
    type: 'checkout',
    name: 'Checkout',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'scRenewalPolicy', label: 'SC renewal policy' },
      { kind: 'yn', key: 'noBlock', label: 'no block' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'date', key: 'nbDueDate', label: 'nb due date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AB', kind: 'text', key: 'itemId', required: true, label: 'item identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', required: true, label: 'terminal password' },
      { id: 'CH', kind: 'text', key: 'itemProperties', label: 'item properties' },
      { id: 'AD', kind: 'text', key: 'patronPassword', label: 'patron password' },
      { id: 'BO', kind: 'yn', key: 'feeAcknowledged', label: 'fee acknowledged' },
      { id: 'BI', kind: 'yn', key: 'cancel', label: 'cancel' },
    ],
  },
  checkoutResponse: { code: '12', type: 'checkoutResponse', name: 'Checkout Response', sequenced: true, ...CIRCULATION_RESPONSE },
  checkin: {
    code: '09',
    type: 'checkin',
    name: 'Checkin',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'noBlock', label: 'no block' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'date', key: 'returnDate', label: 'return date' },
    ],
    fields: [
      { id: 'AP', kind: 'text', key: 'currentLocation', required: true, label: 'current location' },
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AB', kind: 'text', key: 'itemId', required: true, label: 'item identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', required: true, label: 'terminal password' },
      { id: 'CH', kind: 'text', key: 'itemProperties', label: 'item properties' },
      { id: 'BI', kind: 'yn', key: 'cancel', label: 'cancel' },
    ],
  },
  checkinResponse: {
    code: '10',
    type: 'checkinResponse',
    name: 'Checkin Response',
    sequenced: true,
    fixed: [
      { kind: 'bit', key: 'ok', label: 'ok' },
      { kind: 'yn', key: 'resensitize', label: 'resensitize' },
      { kind: 'ynu', key: 'magneticMedia', label: 'magnetic media' },
      { kind: 'yn', key: 'alert', label: 'alert' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AB', kind: 'text', key: 'itemId', required: true, label: 'item identifier' },
      { id: 'AQ', kind: 'text', key: 'permanentLocation', required: true, label: 'permanent location' },
      { id: 'AJ', kind: 'text', key: 'titleId', label: 'title identifier' },
      { id: 'CL', kind: 'text', key: 'sortBin', label: 'sort bin' },
      { id: 'AA', kind: 'text', key: 'patronId', label: 'patron identifier' },
      { id: 'CK', kind: 'text', key: 'mediaType', label: 'media type' },
      { id: 'CH', kind: 'text', key: 'itemProperties', label: 'item properties' },
      { id: 'CT', kind: 'text', key: 'destination', label: 'destination (extension)' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  renew: {
    code: '29',
    type: 'renew',
    name: 'Renew',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'thirdPartyAllowed', label: 'third party allowed' },
      { kind: 'yn', key: 'noBlock', label: 'no block' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'date', key: 'nbDueDate', label: 'nb due date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AD', kind: 'text', key: 'patronPassword', label: 'patron password' },
      { id: 'AB', kind: 'text', key: 'itemId', label: 'item identifier' },
      { id: 'AJ', kind: 'text', key: 'titleId', label: 'title identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', label: 'terminal password' },
      { id: 'CH', kind: 'text', key: 'itemProperties', label: 'item properties' },
      { id: 'BO', kind: 'yn', key: 'feeAcknowledged', label: 'fee acknowledged' },
    ],
  },
  renewResponse: { code: '30', type: 'renewResponse', name: 'Renew Response', sequenced: true, ...CIRCULATION_RESPONSE },
  endPatronSession: {
    code: '35',
    type: 'endPatronSession',
    name: 'End Patron Session',
    sequenced: true,
    fixed: [{ kind: 'date', key: 'transactionDate', label: 'transaction date' }],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', label: 'terminal password' },
      { id: 'AD', kind: 'text', key: 'patronPassword', label: 'patron password' },
    ],
  },
  endSessionResponse: {
    code: '36',
    type: 'endSessionResponse',
    name: 'End Session Response',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'endSession', label: 'end session' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  requestAcsResend: { code: '97', type: 'requestAcsResend', name: 'Request ACS Resend', sequenced: false, fixed: [], fields: [] },
  requestScResend: { code: '96', type: 'requestScResend', name: 'Request SC Resend', sequenced: false, fixed: [], fields: [] },
};

/** The layouts with their key types erased, for the generic encoder and decoder. */
export interface LooseFixedSpec {
  kind: FixedSpec<unknown>['kind'];
  key: string;
  width?: number;
  label: string;
}
export interface LooseFieldSpec {
  id: string;
  kind: FieldSpec<unknown>['kind'];
  key: string;
  required?: boolean;
  width?: number;
  label: string;
}
export interface LooseLayout {
  code: string;
  type: Sip2MessageType;
  name: string;
  fixed: LooseFixedSpec[];
  fields: LooseFieldSpec[];
  sequenced: boolean;
}

export function looseLayout(type: Sip2MessageType): LooseLayout {
  return LAYOUTS[type] as unknown as LooseLayout;
}

export const LAYOUT_BY_CODE: ReadonlyMap<string, LooseLayout> = new Map(
  (Object.keys(LAYOUTS) as Sip2MessageType[]).map((type) => {
    const layout = looseLayout(type);
    return [layout.code, layout];
  }),
);

export function fixedWidth(spec: LooseFixedSpec): number {
  switch (spec.kind) {
    case 'yn':
    case 'bit':
    case 'ynu':
      return 1;
    case 'date':
      return 18;
    case 'patronStatus':
      return PATRON_STATUS_WIDTH;
    case 'summary':
      return SUMMARY_WIDTH;
    case 'text':
    case 'int':
      return spec.width ?? 0;
  }
}

export function fixedLength(layout: LooseLayout): number {
  return layout.fixed.reduce((sum, spec) => sum + fixedWidth(spec), 0);
}
