// Message layouts from the SIP2 2.00 standard: the fixed-length fields in
// order, then the variable fields in the order the standard lists them (which
// is also the order the builder writes them). One table drives both building
// and parsing, so the two cannot drift apart. The key types tie each entry to
// a property of the right type in messages.ts.
//
// The tables live by message family (layouts-session, layouts-patron,
// layouts-circulation); this file composes them into LAYOUTS in the order the
// standard's messages were always listed here, and holds what the codec needs
// around them: bit orders, widths, and the key-erased view.
import type { PatronStatusFlags, PatronSummary, Sip2MessageType, SupportedMessages } from './messages';
import type { Layouts, LooseFixedSpec, LooseLayout } from './layout-types';
import { CIRCULATION_LAYOUTS } from './layouts-circulation';
import { PATRON_LAYOUTS } from './layouts-patron';
import { SESSION_LAYOUTS } from './layouts-session';

export type { FieldSpec, FixedSpec, Layout, LooseFieldSpec, LooseFixedSpec, LooseLayout } from './layout-types';

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
// Spelled out key by key (not spread) so Object.keys(LAYOUTS) keeps its order.
export const LAYOUTS: Layouts = {
  login: SESSION_LAYOUTS.login,
  loginResponse: SESSION_LAYOUTS.loginResponse,
  scStatus: SESSION_LAYOUTS.scStatus,
  acsStatus: SESSION_LAYOUTS.acsStatus,
  patronStatus: PATRON_LAYOUTS.patronStatus,
  patronStatusResponse: PATRON_LAYOUTS.patronStatusResponse,
  patronInformation: PATRON_LAYOUTS.patronInformation,
  patronInformationResponse: PATRON_LAYOUTS.patronInformationResponse,
  checkout: CIRCULATION_LAYOUTS.checkout,
  checkoutResponse: CIRCULATION_LAYOUTS.checkoutResponse,
  checkin: CIRCULATION_LAYOUTS.checkin,
  checkinResponse: CIRCULATION_LAYOUTS.checkinResponse,
  renew: CIRCULATION_LAYOUTS.renew,
  renewResponse: CIRCULATION_LAYOUTS.renewResponse,
  endPatronSession: SESSION_LAYOUTS.endPatronSession,
  endSessionResponse: SESSION_LAYOUTS.endSessionResponse,
  feePaid: SESSION_LAYOUTS.feePaid,
  feePaidResponse: SESSION_LAYOUTS.feePaidResponse,
  requestAcsResend: SESSION_LAYOUTS.requestAcsResend,
  requestScResend: SESSION_LAYOUTS.requestScResend,
};

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
