// Lending a host library's own item to a card holder.
//
// Offline-window rule for the loan limit: a desk refuses a visitor loan at the
// card's limit before recording it (activeLoansOfCard below), but two desks
// that are both offline cannot see each other's loans. When their events meet
// at the service the books have already left the building, so the reducer
// accepts a loan over the limit and writes an exception (CARD_OVER_LIMIT) that
// every desk of the host library sees, for staff to follow up with the holder.
// The limit counts the card's active loans at the host library.
import type { DomainEvent, EventPayload } from '../events';
import { dueDateFor } from '../policy';
import { policyFor, todayAt } from '../policy-for';
import { accept, reject, type ReduceResult } from '../kit/results';
import type { DomainReader, RecordWrite } from '../store';
import { raisedException } from '../exceptions/raise';
import type { LoanRecord } from '../circulation/records';
import type { CardPayload } from '#shared/cards/card';
import type { CardRecord } from './records';

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

  // The loan follows the host library's policy (policyFor: the library where the item is lent).
  const dueDate = dueDateFor(today, policyFor(r, { at: host }));
  const loan: LoanRecord = {
    id: p.loanId, requestId: null, itemBarcode: p.itemBarcode, title: p.title, patronId: card.cardId,
    libraryId: host, ownerLibraryId: host, startedAt: e.at, dueDate, renewals: 0,
    state: 'active', returnedAt: null, fineAmount: 0, updatedAt: e.at,
  };
  const count = activeLoansOfCard(r, card.cardId, host).length + 1;
  const writes: RecordWrite[] = [{ collection: 'loans', doc: loan }];
  if (count > card.loanLimit) writes.push({ collection: 'exceptions', doc: raisedException(e, 'CARD_OVER_LIMIT', { cardId: card.cardId, holder: card.holderName, count, limit: card.loanLimit }, { id: `${e.id}:over-limit`, audience: 'library' }) });
  return accept(writes, { kind: 'loan', loanId: loan.id, dueDate, loanCount: count, loanLimit: card.loanLimit, title: p.title });
}
