// What the patron's own library system (SIP2 Patron Information) says about a
// patron, turned into what the desk or kiosk does next. The replica knows the
// consortium's view of the patron; the library's system may know more (a card
// reported lost this morning, a block set at another counter), so where the
// library turned validation on, its "no" stops the loan. Its silence does not:
// a desk must keep lending through an outage, on what the replica knows — except
// for a PIN, whose worth offline is the library's configured rule.
import type { IlsPatronCheck } from '#shared/bridge/ils';
import type { ReasonCode, ReasonParams } from '#shared/domain/reasons';
import { sanitizeText } from '#shared/text/unicode';

export type HomeCheck =
  /** This library does not validate patrons through its system (or the patron is a visitor). */
  | { readonly kind: 'off' }
  | { readonly kind: 'valid'; readonly screenMessage: string }
  | { readonly kind: 'refused'; readonly reason: ReasonCode; readonly params: ReasonParams }
  /** The system did not answer; lending goes on with the replica's view. */
  | { readonly kind: 'unreachable'; readonly detail: string };

export function homeCheckOf(check: IlsPatronCheck, card: string, pinGiven: boolean): HomeCheck {
  if (!check.reachable) {
    if (check.code === 'DISABLED') return { kind: 'off' };
    if (pinGiven && check.offlinePinRule === 'refuse') return { kind: 'refused', reason: 'HOME_SYSTEM_PIN_UNCHECKED', params: { detail: check.reason } };
    return { kind: 'unreachable', detail: check.reason };
  }
  // The library system's words, made storable and cut by code point (they may reach an exception's params).
  const screenMessage = sanitizeText(check.screenMessage, 200);
  if (!check.valid) return { kind: 'refused', reason: 'HOME_SYSTEM_UNKNOWN_PATRON', params: { card, screenMessage } };
  if (pinGiven && check.pinOk === false) return { kind: 'refused', reason: 'HOME_SYSTEM_WRONG_PIN', params: {} };
  // A system that does not say whether the PIN matched (no CQ field) has not checked it.
  if (pinGiven && check.pinOk === null) return { kind: 'refused', reason: 'HOME_SYSTEM_PIN_UNCHECKED', params: { detail: 'no CQ in the reply' } };
  if (check.blocked) return { kind: 'refused', reason: 'HOME_SYSTEM_BLOCKED', params: { screenMessage } };
  return { kind: 'valid', screenMessage };
}
