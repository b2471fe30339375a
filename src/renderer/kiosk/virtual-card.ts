// A virtual library card's QR code at the kiosk. The signature, validity,
// revocation and host library are checked against the replica exactly as the
// staff desk checks them (desk/visitor-cards.ts), so it works offline.
//
// What a verified card means here: a kiosk only hands out holds waiting for
// this library's own patrons (holds live at the patron's home library) and
// takes returns. So a card held by one of our patrons identifies that patron,
// like their plastic card would; a visitor's card is valid but has nothing to
// pick up here, and borrowing on it (loan.visitor_started) is a staff desk's
// job — the kiosk says so instead of a bare "unknown card".
import { checkVisitorCard } from '#desk-core/visitor-cards';
import type { DeskReader } from '#desk-core/record-index';
import type { KioskProblem } from './i18n-kiosk';

export type VirtualCardAnswer =
  | { readonly ok: true; readonly patronId: string; readonly cardNumber: string }
  | { readonly ok: false; readonly problem: KioskProblem };

export async function identifyByVirtualCard(reader: DeskReader, qrText: string, libraryId: string, nowMs: number): Promise<VirtualCardAnswer> {
  const checked = await checkVisitorCard(reader, qrText, libraryId, nowMs);
  if (!checked.ok) return { ok: false, problem: { source: 'card', code: checked.code, params: checked.params } };
  const card = checked.card;
  if (card.homeLibraryId === libraryId) {
    const patron = reader.get('patrons', card.holderId);
    // The card number, not the card id, is what the patron's library system
    // (SIP2 Patron Information and its PIN check) knows them by.
    const cardNumber = patron?.cardNumbers[0];
    if (patron && cardNumber) return { ok: true, patronId: patron.id, cardNumber };
    return { ok: false, problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } };
  }
  return { ok: false, problem: { source: 'kiosk', code: 'VIRTUAL_CARD_VISITOR', params: { name: card.holderName, until: card.validUntil } } };
}
