// Session and status messages: login (93/94), SC/ACS status (99/98), end of
// a patron session (35/36), fee paid (37/38) and the resend requests
// (97/96), which carry a checksum but never a sequence number.
import type { Layouts } from './layout-types';

export const SESSION_LAYOUTS: Pick<
  Layouts,
  'login' | 'loginResponse' | 'scStatus' | 'acsStatus' | 'endPatronSession' | 'endSessionResponse' | 'feePaid' | 'feePaidResponse' | 'requestAcsResend' | 'requestScResend'
> = {
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
  feePaid: {
    code: '37',
    type: 'feePaid',
    name: 'Fee Paid',
    sequenced: true,
    fixed: [
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
      { kind: 'text', key: 'feeType', width: 2, label: 'fee type' },
      { kind: 'text', key: 'paymentType', width: 2, label: 'payment type' },
      { kind: 'text', key: 'currencyType', width: 3, label: 'currency type' },
    ],
    fields: [
      { id: 'BV', kind: 'text', key: 'feeAmount', required: true, label: 'fee amount' },
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'AC', kind: 'text', key: 'terminalPassword', label: 'terminal password' },
      { id: 'AD', kind: 'text', key: 'patronPassword', label: 'patron password' },
      { id: 'CG', kind: 'text', key: 'feeIdentifier', label: 'fee identifier' },
      { id: 'BK', kind: 'text', key: 'transactionId', label: 'transaction id' },
    ],
  },
  feePaidResponse: {
    code: '38',
    type: 'feePaidResponse',
    name: 'Fee Paid Response',
    sequenced: true,
    fixed: [
      { kind: 'yn', key: 'paymentAccepted', label: 'payment accepted' },
      { kind: 'date', key: 'transactionDate', label: 'transaction date' },
    ],
    fields: [
      { id: 'AO', kind: 'text', key: 'institutionId', required: true, label: 'institution id' },
      { id: 'AA', kind: 'text', key: 'patronId', required: true, label: 'patron identifier' },
      { id: 'BK', kind: 'text', key: 'transactionId', label: 'transaction id' },
      { id: 'AF', kind: 'list', key: 'screenMessage', label: 'screen message' },
      { id: 'AG', kind: 'list', key: 'printLine', label: 'print line' },
    ],
  },
  requestAcsResend: { code: '97', type: 'requestAcsResend', name: 'Request ACS Resend', sequenced: false, fixed: [], fields: [] },
  requestScResend: { code: '96', type: 'requestScResend', name: 'Request SC Resend', sequenced: false, fixed: [], fields: [] },
};
