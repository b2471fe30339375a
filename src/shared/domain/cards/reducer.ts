// Virtual library cards in the shared rules: the service issues cards and
// publishes its signing keys (events only it makes), a home library revokes,
// and a host library lends its own items to a card holder (visitor-loans.ts).
import type { DomainEvent } from '../events';
import { accept, reject, type HandlersOf, type ReduceResult } from '../kit/results';
import type { DomainReader } from '../store';
import { hiddenFrom } from '../kit/access';
import { CARD_ACCESS } from './access';
import type { CARD_EVENTS } from './events';
import { visitorLoanStarted } from './visitor-loans';

/** Events the service makes itself carry this device id (as the administrator's do). */
const SERVICE_DEVICE_ID = 'admin';
const ANY_LIBRARY = '*';

function cardIssued(r: DomainReader, e: DomainEvent<'card.issued'>): ReduceResult {
  if (e.deviceId !== SERVICE_DEVICE_ID) return reject('SERVICE_ONLY', { type: e.type });
  const c = e.payload.card;
  if (r.get('cards', c.id)) return reject('DUPLICATE_ID', { id: c.id });
  if (c.hostLibraryId !== ANY_LIBRARY && !r.get('libraries', c.hostLibraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: c.hostLibraryId });
  if (c.kind === 'interlibrary') {
    if (c.homeLibraryId === null || c.organisation !== null) return reject('CARD_INVALID', { detail: 'an interlibrary card has a home library and no organisation' });
    if (!r.get('libraries', c.homeLibraryId)) return reject('UNKNOWN_LIBRARY', { libraryId: c.homeLibraryId });
  } else if (c.homeLibraryId !== null || c.organisation === null) {
    return reject('CARD_INVALID', { detail: 'a partner card has an organisation and no home library' });
  }
  if (c.validFrom > c.validUntil) return reject('CARD_INVALID', { detail: 'validFrom is after validUntil' });
  const issuedMs = Date.parse(c.issuedAt);
  if (Number.isNaN(issuedMs)) return reject('CARD_INVALID', { detail: 'issuedAt is not a date' });
  const key = r.get('cardKeys', c.keyId);
  if (!key) return reject('UNKNOWN_CARD_KEY', { keyId: c.keyId });
  if (issuedMs < Date.parse(key.activeFrom) || (key.retiredAt !== null && issuedMs >= Date.parse(key.retiredAt))) return reject('CARD_KEY_RETIRED', { keyId: c.keyId });
  return accept([{ collection: 'cards', doc: { ...c, revokedAt: null, revokedReason: '', updatedAt: e.at } }]);
}

function cardRevoked(r: DomainReader, e: DomainEvent<'card.revoked'>): ReduceResult {
  const card = r.get('cards', e.payload.cardId);
  // A card the library may not read is answered as one the consortium never issued (see hiddenFrom).
  if (!card || (e.deviceId !== SERVICE_DEVICE_ID && hiddenFrom(CARD_ACCESS.cards.scope(card), e.libraryId))) return reject('CARD_UNKNOWN', { cardId: e.payload.cardId });
  // The patron's home library answers for its cards; partner cards are the administrator's.
  if (e.deviceId !== SERVICE_DEVICE_ID && (card.homeLibraryId === null || card.homeLibraryId !== e.libraryId)) return reject('CARD_NOT_YOURS', { cardId: card.id });
  if (card.revokedAt !== null) return accept([]); // the first revocation (and its reason) stands
  return accept([{ collection: 'cards', doc: { ...card, revokedAt: e.at, revokedReason: e.payload.reason, updatedAt: e.at } }]);
}

function cardKeyPublished(r: DomainReader, e: DomainEvent<'cardKey.published'>): ReduceResult {
  if (e.deviceId !== SERVICE_DEVICE_ID) return reject('SERVICE_ONLY', { type: e.type });
  const k = e.payload.key;
  if (r.get('cardKeys', k.id)) return reject('DUPLICATE_ID', { id: k.id });
  return accept([{ collection: 'cardKeys', doc: { ...k, retiredAt: null, updatedAt: e.at } }]);
}

function cardKeyRetired(r: DomainReader, e: DomainEvent<'cardKey.retired'>): ReduceResult {
  if (e.deviceId !== SERVICE_DEVICE_ID) return reject('SERVICE_ONLY', { type: e.type });
  const key = r.get('cardKeys', e.payload.keyId);
  if (!key) return reject('UNKNOWN_CARD_KEY', { keyId: e.payload.keyId });
  return accept([{ collection: 'cardKeys', doc: { ...key, retiredAt: e.payload.retiredAt, updatedAt: e.at } }]);
}

export const CARD_HANDLERS: HandlersOf<keyof typeof CARD_EVENTS> = {
  'card.issued': cardIssued,
  'card.revoked': cardRevoked,
  'cardKey.published': cardKeyPublished,
  'cardKey.retired': cardKeyRetired,
  'loan.visitor_started': visitorLoanStarted,
};
