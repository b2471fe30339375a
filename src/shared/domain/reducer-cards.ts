// Virtual library cards in the shared rules: the service issues cards and
// publishes its signing keys (events only it makes), a home library revokes,
// and a host library lends its own items to a card holder.
//
// Offline-window rule for the loan limit: a desk refuses a visitor loan at the
// card's limit before recording it (activeLoansOfCard below), but two desks
// that are both offline cannot see each other's loans. When their events meet
// at the service the books have already left the building, so the reducer
// accepts a loan over the limit and writes an exception (CARD_OVER_LIMIT) that
// every desk of the host library sees, for staff to follow up with the holder.
// The limit counts the card's active loans at the host library.
import { localDateOf } from './dates';
import { describeReason } from './reasons';
import { dueDateFor } from './policy';
import { accept, policyAt, reject, todayAt, type ReduceResult } from './reducer-kit';
import { exceptionResolved } from './reducer-ils';
import type { DomainEvent, EventPayload } from './events';
import type { CardRecord, ExceptionRecord, LoanRecord } from './records';
import type { DomainReader, ListingReader, RecordWrite } from './store';
import type { CardPayload } from '../cards/card';
import type { CardPublicKey, CardVerifyContext } from '../cards/verify';

/** Events the service makes itself carry this device id (as the administrator's do). */
const SERVICE_DEVICE_ID = 'admin';
const ANY_LIBRARY = '*';

/** What a visitor loan needs to know about the card: the fields carried in loan.visitor_started. */
export type VisitorCard = EventPayload<'loan.visitor_started'>['card'];

/** The card fields a desk puts into loan.visitor_started, from a verified card (or the cards record). */
export function visitorCardOf(card: CardPayload | CardRecord): VisitorCard {
  return {
    cardId: 'cardId' in card ? card.cardId : card.id,
    holderName: card.holderName,
    homeLibraryId: card.homeLibraryId,
    organisation: card.organisation,
    hostLibraryId: card.hostLibraryId,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    loanLimit: card.loanLimit,
  };
}

/** The card's active loans at one library: what its loan limit counts. */
export function activeLoansOfCard(reader: DomainReader, cardId: string, libraryId: string): readonly LoanRecord[] {
  return reader.activeLoansOf(cardId).filter((l) => l.libraryId === libraryId);
}

/** Ids of every revoked card in the replica (verifyCard's revokedCardIds). */
export function cardRevocations(reader: ListingReader): string[] {
  const out: string[] = [];
  for (const c of reader.values('cards')) if (c.revokedAt !== null) out.push(c.id);
  return out;
}

/** The consortium's public keys in the replica, as verifyCard wants them. */
export function cardPublicKeys(reader: ListingReader): CardPublicKey[] {
  return [...reader.values('cardKeys')].map((k) => ({ keyId: k.id, publicKey: k.publicKey, activeFrom: k.activeFrom, retiredAt: k.retiredAt }));
}

/**
 * Everything verifyCard needs at a desk or kiosk of `libraryId`, from its replica:
 * keys, revocations (looked up in the cards records) and today in the library's calendar.
 */
export function cardVerifyContext(reader: DomainReader & ListingReader, libraryId: string, now: string): CardVerifyContext {
  const ms = Date.parse(now);
  return {
    keys: cardPublicKeys(reader),
    revokedCardIds: (cardId: string) => (reader.get('cards', cardId)?.revokedAt ?? null) !== null,
    // An unreadable clock gives an unreadable date, which verifyCard refuses as DESK_CLOCK_INVALID.
    today: Number.isNaN(ms) ? '' : localDateOf(ms, policyAt(reader, libraryId).utcOffsetMinutes),
    now,
    hostLibraryId: libraryId,
  };
}

export function cardIssued(r: DomainReader, e: DomainEvent<'card.issued'>): ReduceResult {
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

export function cardRevoked(r: DomainReader, e: DomainEvent<'card.revoked'>): ReduceResult {
  const card = r.get('cards', e.payload.cardId);
  if (!card) return reject('CARD_UNKNOWN', { cardId: e.payload.cardId });
  // The patron's home library answers for its cards; partner cards are the administrator's.
  if (e.deviceId !== SERVICE_DEVICE_ID && (card.homeLibraryId === null || card.homeLibraryId !== e.libraryId)) return reject('CARD_NOT_YOURS', { cardId: card.id });
  if (card.revokedAt !== null) return accept([]); // the first revocation (and its reason) stands
  return accept([{ collection: 'cards', doc: { ...card, revokedAt: e.at, revokedReason: e.payload.reason, updatedAt: e.at } }]);
}

export function cardKeyPublished(r: DomainReader, e: DomainEvent<'cardKey.published'>): ReduceResult {
  if (e.deviceId !== SERVICE_DEVICE_ID) return reject('SERVICE_ONLY', { type: e.type });
  const k = e.payload.key;
  if (r.get('cardKeys', k.id)) return reject('DUPLICATE_ID', { id: k.id });
  return accept([{ collection: 'cardKeys', doc: { ...k, retiredAt: null, updatedAt: e.at } }]);
}

export function cardKeyRetired(r: DomainReader, e: DomainEvent<'cardKey.retired'>): ReduceResult {
  if (e.deviceId !== SERVICE_DEVICE_ID) return reject('SERVICE_ONLY', { type: e.type });
  const key = r.get('cardKeys', e.payload.keyId);
  if (!key) return reject('UNKNOWN_CARD_KEY', { keyId: e.payload.keyId });
  return accept([{ collection: 'cardKeys', doc: { ...key, retiredAt: e.payload.retiredAt, updatedAt: e.at } }]);
}

/** Borrower states in which another library's item is in this building; lender states in which this library's item is pulled for shipping. */
const RELAY_HERE_BORROWER = new Set(['received', 'on_hold_shelf', 'checked_out', 'awaiting_return_shipping']);
const RELAY_HERE_LENDER = new Set(['pull_slip_printed', 'awaiting_shipping']);

export function visitorLoanStarted(r: DomainReader, e: DomainEvent<'loan.visitor_started'>): ReduceResult {
  const p = e.payload;
  const host = e.libraryId;
  if (r.get('loans', p.loanId)) return reject('DUPLICATE_ID', { id: p.loanId });
  if (!r.get('libraries', host)) return reject('UNKNOWN_LIBRARY', { libraryId: host });

  const record = r.get('cards', p.card.cardId);
  let card: VisitorCard;
  if (record) {
    // Revoked before this loan was made (by the desk's clock): a loan made earlier, offline, stands.
    if (record.revokedAt !== null && !(Date.parse(record.revokedAt) > Date.parse(e.at))) return reject('CARD_REVOKED', { cardId: record.id });
    card = visitorCardOf(record);
  } else if (r.authoritative) {
    // Every card is issued by the service, so the service knows every genuine one.
    return reject('CARD_UNKNOWN', { cardId: p.card.cardId });
  } else {
    // A desk whose replica has not received the card yet: the desk verified the signed QR code it carries.
    card = p.card;
  }

  if (card.hostLibraryId !== ANY_LIBRARY && card.hostLibraryId !== host) return reject('CARD_WRONG_LIBRARY', { hostLibraryId: card.hostLibraryId, libraryId: host });
  const today = todayAt(r, e, host);
  if (today < card.validFrom) return reject('CARD_NOT_YET_VALID', { date: card.validFrom });
  if (today > card.validUntil) return reject('CARD_EXPIRED', { date: card.validUntil });

  if (r.activeLoansForItem(p.itemBarcode).some((l) => l.libraryId === host)) return reject('ITEM_ALREADY_ON_LOAN', { itemBarcode: p.itemBarcode });
  const relay = r.openRequestsForItem(p.itemBarcode).find((q) =>
    (q.borrowerLibraryId === host && RELAY_HERE_BORROWER.has(q.borrowerState)) || (q.lenderLibraryId === host && RELAY_HERE_LENDER.has(q.lenderState)));
  if (relay) return reject('ITEM_IN_RELAY', { itemBarcode: p.itemBarcode, requestId: relay.id });

  const dueDate = dueDateFor(today, policyAt(r, host));
  const loan: LoanRecord = {
    id: p.loanId, requestId: null, itemBarcode: p.itemBarcode, title: p.title, patronId: card.cardId,
    libraryId: host, ownerLibraryId: host, startedAt: e.at, dueDate, renewals: 0,
    state: 'active', returnedAt: null, fineAmount: 0, updatedAt: e.at,
  };
  const count = activeLoansOfCard(r, card.cardId, host).length + 1;
  const writes: RecordWrite[] = [{ collection: 'loans', doc: loan }];
  if (count > card.loanLimit) writes.push({ collection: 'exceptions', doc: overLimitException(e, card, count) });
  return accept(writes, { kind: 'loan', loanId: loan.id, dueDate, loanCount: count, loanLimit: card.loanLimit, title: p.title });
}

function overLimitException(e: DomainEvent<'loan.visitor_started'>, card: VisitorCard, count: number): ExceptionRecord {
  const params = { cardId: card.cardId, holder: card.holderName, count, limit: card.loanLimit };
  const en = describeReason('CARD_OVER_LIMIT', params, 'en');
  return {
    id: `${e.id}:over-limit`,
    deviceId: e.deviceId,
    libraryId: e.libraryId,
    eventId: e.id,
    eventType: e.type,
    reason: 'CARD_OVER_LIMIT',
    params,
    message: en.message.slice(0, 400),
    nextStep: en.nextStep.slice(0, 400),
    createdAt: e.at,
    resolved: false,
    audience: 'library',
    updatedAt: e.at,
  };
}

/** Staff close exceptions: one for the whole library may be closed at any of its desks, the rest at the desk that raised them. */
export function exceptionResolvedAnyDesk(r: DomainReader, e: DomainEvent<'exception.resolved'>): ReduceResult {
  const ex = r.get('exceptions', e.payload.exceptionId);
  if (ex?.audience !== 'library') return exceptionResolved(r, e);
  if (ex.libraryId !== e.libraryId) return reject('EXCEPTION_NOT_YOURS', { exceptionId: ex.id });
  if (ex.resolved) return accept([]);
  return accept([{ collection: 'exceptions', doc: { ...ex, resolved: true, updatedAt: e.at } }]);
}
