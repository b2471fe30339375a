// Every error code of the portal API in the patron's words (i18n `error.*`).
// Unknown codes still say what happened, with the code for the help desk.
import type { TFunction } from 'i18next';
import { ApiFailure } from './api';
import { formatTime } from './format';

const WORDED = new Set([
  'VALIDATION_FAILED', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'SIGN_IN_FAILED', 'CSRF_REFUSED', 'UNKNOWN_LIBRARY', 'NOT_FOUND', 'DUPLICATE_REQUEST',
  'LIMIT_REACHED', 'CANNOT_CANCEL', 'CANNOT_RENEW', 'NO_LENDER', 'RATE_LIMITED', 'LIBRARY_SYSTEM_UNREACHABLE', 'NETWORK',
]);

export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiFailure)) return t('error.other', { code: 'CLIENT', message: err instanceof Error ? err.message : String(err) });
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = typeof err.details?.['until'] === 'string' ? err.details['until'] : null;
    return until ? t('error.ACCOUNT_LOCKED', { until: formatTime(until) }) : t('error.ACCOUNT_LOCKED_NO_TIME');
  }
  if (WORDED.has(err.code)) return t(`error.${err.code}`, { message: err.message });
  return t('error.other', { code: err.code, message: err.message });
}
