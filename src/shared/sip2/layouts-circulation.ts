// Circulation messages: Checkout (11/12), Checkin (09/10) and Renew (29/30).
import type { CheckoutResponse } from './messages';
import type { Layout, Layouts } from './layout-types';

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

export const CIRCULATION_LAYOUTS: Pick<Layouts, 'checkout' | 'checkoutResponse' | 'checkin' | 'checkinResponse' | 'renew' | 'renewResponse'> = {
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
};
