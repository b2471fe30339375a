// Every error code of the portal API in the patron's words (i18n `error.*`).
// Unknown codes still say what happened, with the code for the help desk.
import type { TFunction } from 'i18next';
import type { PortalErrorCode } from '#shared/portal/wire';
import { ApiFailure } from './api';
import { formatTime } from './format';

// Typed by the wire's codes: a code added to PORTAL_ERRORS fails the typecheck here until it is worded in i18n.ts.
const WORDED_CODES: Record<Exclude<PortalErrorCode, 'ACCOUNT_LOCKED'> | 'NETWORK', true> = {
  VALIDATION_FAILED: true, NOT_SIGNED_IN: true, SESSION_EXPIRED: true, SIGN_IN_FAILED: true, CSRF_REFUSED: true, NOT_A_MEMBER_PATRON: true, UNKNOWN_LIBRARY: true,
  NOT_FOUND: true, DUPLICATE_REQUEST: true, LIMIT_REACHED: true, CANNOT_CANCEL: true, CANNOT_RENEW: true, NO_LENDER: true, REQUEST_REFUSED: true,
  RATE_LIMITED: true, LIBRARY_SYSTEM_UNREACHABLE: true, NETWORK: true,
};
const WORDED = new Set(Object.keys(WORDED_CODES));

export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiFailure)) return t('error.other', { code: 'CLIENT', message: err instanceof Error ? err.message : String(err) });
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = typeof err.details?.['until'] === 'string' ? err.details['until'] : null;
    return until ? t('error.ACCOUNT_LOCKED', { until: formatTime(until) }) : t('error.ACCOUNT_LOCKED_NO_TIME');
  }
  if (WORDED.has(err.code)) return t(`error.${err.code}`, { message: err.message });
  return t('error.other', { code: err.code, message: err.message });
}
