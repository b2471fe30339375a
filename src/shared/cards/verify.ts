// Deciding at a desk or kiosk, offline, whether a scanned card may be used
// here today, from the public keys and revocations in the local replica.
//
// Order: parse → find the key named by the card → check the signature → then
// the card's own fields. keyId is the one field read before the signature, as
// it must be to pick the key, and the signature covers it. Nothing else in
// the payload is looked at until the signature holds.
//
// Key rule: a key signs cards from activeFrom until retiredAt (exclusive).
// A card is accepted only if activeFrom <= issuedAt < retiredAt; a card
// issued before a routine rotation stays valid until its own validUntil.
// That rule trusts the signed issuedAt, so it cannot protect against a
// compromised key (the thief can backdate): for a compromise, remove the key
// from the list (every card it signed becomes UNKNOWN_KEY) or set retiredAt
// to activeFrom (KEY_RETIRED), and reissue the cards under a new key.
//
// After the key: REVOKED, WRONG_LIBRARY, NOT_YET_VALID, EXPIRED — the refusal
// staff most need to see first (a revoked card may be stolen) comes first.
import { localDateOf } from '../domain/dates';
import { ANY_LIBRARY, isCardDate } from './card';
import type { CardPayload } from './card';
import { keyBytes, verifyBytes, webCryptoAvailable } from './ed25519';
import type { CardErrorCode, CardErrorParams } from './messages';
import { parseCard } from './qr';

export interface CardPublicKey {
  readonly keyId: string;
  /** base64url, 32 bytes. */
  readonly publicKey: string;
  /** ISO instant from which the key signs cards. */
  readonly activeFrom: string;
  /** ISO instant from which it no longer does; null while in service. */
  readonly retiredAt: string | null;
}

export interface CardVerifyContext {
  readonly keys: readonly CardPublicKey[];
  /** Revoked card ids, or a lookup (must not throw). */
  readonly revokedCardIds: ReadonlySet<string> | ((cardId: string) => boolean);
  /** The desk's calendar day, 'YYYY-MM-DD', Asia/Taipei. */
  readonly today: string;
  /** The desk's clock, ISO instant. */
  readonly now: string;
  /** The library this desk or kiosk belongs to. */
  readonly hostLibraryId: string;
}

export type CardVerification =
  | { readonly ok: true; readonly card: CardPayload }
  | { readonly ok: false; readonly code: CardErrorCode; readonly params: CardErrorParams };

const TAIPEI_OFFSET_MINUTES = 8 * 60;
/**
 * A card signed more than this after the desk's `now` is treated as not yet
 * valid: one of the two clocks is wrong by over a day, and dates on the card
 * cannot be judged. Smaller skews are normal between a phone-fresh card and
 * a desk clock and are not refused.
 */
export const ISSUED_AT_SKEW_MS = 24 * 60 * 60 * 1000;

function refuse(code: CardErrorCode, params: CardErrorParams = {}): CardVerification {
  return { ok: false, code, params };
}

function isRevoked(revoked: CardVerifyContext['revokedCardIds'], cardId: string): boolean {
  return typeof revoked === 'function' ? revoked(cardId) : revoked.has(cardId);
}

/** Never rejects for any `text`; refusals are typed codes with their message parameters. */
export async function verifyCard(text: unknown, ctx: CardVerifyContext): Promise<CardVerification> {
  const parsed = parseCard(text);
  if (!parsed.ok) return refuse(parsed.code, parsed.params);
  const { payload } = parsed;

  const key = ctx.keys.find((k) => k.keyId === payload.keyId);
  const publicKey = key ? keyBytes(key.publicKey) : null;
  const activeFromMs = key ? Date.parse(key.activeFrom) : NaN;
  const retiredAtMs = key && key.retiredAt !== null ? Date.parse(key.retiredAt) : null;
  // A key entry the desk cannot read is no key at all: refusing is the only safe answer.
  if (!key || !publicKey || Number.isNaN(activeFromMs) || (retiredAtMs !== null && Number.isNaN(retiredAtMs))) {
    return refuse('UNKNOWN_KEY', { keyId: payload.keyId });
  }

  if (!webCryptoAvailable()) return refuse('VERIFIER_UNAVAILABLE');
  if (!(await verifyBytes(parsed.signature, parsed.signedBytes, publicKey))) return refuse('BAD_SIGNATURE');

  // From here on the payload is the consortium's word.
  const card = payload;
  const issuedMs = Date.parse(card.issuedAt);
  if (issuedMs < activeFromMs || (retiredAtMs !== null && issuedMs >= retiredAtMs)) {
    return refuse('KEY_RETIRED', { keyId: card.keyId, issuedAt: localDateOf(issuedMs, TAIPEI_OFFSET_MINUTES) });
  }
  if (isRevoked(ctx.revokedCardIds, card.cardId)) return refuse('REVOKED', { cardId: card.cardId });
  if (card.hostLibraryId !== ANY_LIBRARY && card.hostLibraryId !== ctx.hostLibraryId) {
    return refuse('WRONG_LIBRARY', { hostLibraryId: card.hostLibraryId, libraryId: ctx.hostLibraryId });
  }

  const nowMs = Date.parse(ctx.now);
  if (!isCardDate(ctx.today) || Number.isNaN(nowMs)) return refuse('DESK_CLOCK_INVALID');
  if (card.validFrom > ctx.today) return refuse('NOT_YET_VALID', { date: card.validFrom });
  if (issuedMs > nowMs + ISSUED_AT_SKEW_MS) {
    const issuedDay = localDateOf(issuedMs, TAIPEI_OFFSET_MINUTES);
    return refuse('NOT_YET_VALID', { date: issuedDay > card.validFrom ? issuedDay : card.validFrom });
  }
  if (card.validUntil < ctx.today) return refuse('EXPIRED', { date: card.validUntil });
  return { ok: true, card };
}
