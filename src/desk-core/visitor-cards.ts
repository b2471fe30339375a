// A visitor's virtual library card as a desk sees it: the QR text verified
// against the consortium's public keys and the revocations in the replica —
// no network needed — and what the holder already has out here, which is what
// the card's loan limit counts.
import { verifyCard, CARD_PREFIX, type CardPayload } from '#shared/cards';
import type { CardErrorCode, CardErrorParams } from '#shared/cards';
import { activeLoansOfCard } from '#shared/domain/cards/visitor-loans';
import { cardVerifyContext } from '#shared/domain/cards/verify-context';
import type { LoanRecord } from '#shared/domain/records';
import type { DeskReader } from './record-index';

export type VisitorCheck =
  | { readonly ok: true; readonly card: CardPayload; readonly loans: readonly LoanRecord[] }
  | { readonly ok: false; readonly code: CardErrorCode; readonly params: CardErrorParams };

/** A card the verifier refused: its own codes and zh-TW/English messages (src/shared/cards/messages.ts). */
export type CardRefusal = { readonly ok: false; readonly cardCode: CardErrorCode; readonly params: CardErrorParams };

/** A scan that is meant to be a card (so a bad one is a card problem, not "unknown item"). */
export function looksLikeCard(code: string): boolean {
  return code.trim().toUpperCase().startsWith(CARD_PREFIX.toUpperCase());
}

export async function checkVisitorCard(reader: DeskReader, text: string, me: string, nowMs: number): Promise<VisitorCheck> {
  const verified = await verifyCard(text.trim(), cardVerifyContext(reader, me, new Date(nowMs).toISOString()));
  if (!verified.ok) return verified;
  return { ok: true, card: verified.card, loans: activeLoansOfCard(reader, verified.card.cardId, me) };
}
