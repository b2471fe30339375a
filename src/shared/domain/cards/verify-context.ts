// What verifyCard (src/shared/cards/verify.ts) needs at a desk or kiosk,
// read from its replica: the consortium's public keys, the revoked cards and
// today in the library's calendar.
import { localDateOf } from '../dates';
import { policyFor } from '../policy-for';
import type { DomainReader, ListingReader } from '../store';
import type { CardPublicKey, CardVerifyContext } from '#shared/cards/verify';

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
    today: Number.isNaN(ms) ? '' : localDateOf(ms, policyFor(reader, { at: libraryId }).utcOffsetMinutes),
    now,
    hostLibraryId: libraryId,
  };
}
