// The exchange's refusals in the patron's words, prices, and the hash routes
// of its screens (#/exchange, #/exchange/new, #/exchange/listing/<id>, …).
import type { TFunction } from 'i18next';
import { EXCHANGE_ERRORS } from '#shared/exchange/wire';
import { ApiFailure } from '../api';
import { errorText } from '../errors';

const OWN = new Set<string>(EXCHANGE_ERRORS);

/** t is the exchange namespace's; tPortal the portal's (for session, network and unknown codes). */
export function exchangeError(t: TFunction, tPortal: TFunction, err: unknown): string {
  if (err instanceof ApiFailure && OWN.has(err.code)) {
    return t(`error.${err.code}`, { message: err.message, limit: err.details?.['limit'] ?? '' });
  }
  return errorText(tPortal, err);
}

export const priceText = (t: TFunction, price: number): string => (price === 0 ? t('listing.free') : t('listing.price', { price: price.toLocaleString('en-US') }));

export type ExchangeScreen = { name: 'browse' } | { name: 'new' } | { name: 'mine' } | { name: 'messages' } | { name: 'listing'; id: string };

export function parseExchangePath(path: readonly string[]): ExchangeScreen {
  if (path[0] === 'listing' && path[1]) return { name: 'listing', id: decodeURIComponent(path[1]) };
  if (path[0] === 'new' || path[0] === 'mine' || path[0] === 'messages') return { name: path[0] };
  return { name: 'browse' };
}

export const exchangeHash = (s: ExchangeScreen): string => (s.name === 'listing' ? `#/exchange/listing/${encodeURIComponent(s.id)}` : s.name === 'browse' ? '#/exchange' : `#/exchange/${s.name}`);

/** A File as base64 (without the data: prefix) for the photo upload. */
export function fileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}
