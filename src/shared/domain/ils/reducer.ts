// A transaction the library's own system (SIP2) refused reaches the desk's
// needs-attention list durably, as an exception record the desk and the
// service replicate like any other.
import { accept, type HandlersOf } from '../kit/results';
import { raisedException } from '../exceptions/raise';
import { sanitizeText } from '#shared/text/unicode';
import type { ILS_EVENTS } from './events';

const OPERATION_TEXT = {
  checkout: { operationZh: '借出', operationEn: 'check out' },
  checkin: { operationZh: '歸還', operationEn: 'check in' },
} as const;

/** How much of the library system's screen message the exception keeps (the params' limit). */
export const SCREEN_MESSAGE_MAX = 200;

export const ILS_HANDLERS: HandlersOf<keyof typeof ILS_EVENTS> = {
  'ils.refused': (_r, e) => {
    const p = e.payload;
    // The screen message comes from another system: whatever it holds (a NUL, half a character) is made storable, cut by code point.
    const screenMessage = sanitizeText(p.screenMessage, SCREEN_MESSAGE_MAX) || '—';
    const params = { ...OPERATION_TEXT[p.operation], itemBarcode: p.itemBarcode, screenMessage };
    return accept([{ collection: 'exceptions', doc: raisedException(e, 'ILS_REFUSED', params) }]);
  },
};
