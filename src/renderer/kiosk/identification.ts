// Identification: what was scanned or typed (a card barcode, an RFID patron
// card, a virtual card's QR) becomes a card number, and a known patron is
// checked before a visit opens (standing at this library, the offline
// allowance). The screen changes stay in the core's state machine.
import { cleanCode } from '#desk-core/workflows';
import { todayAtDesk } from '#desk-core/queries';
import { looksLikeCard } from '#desk-core/visitor-cards';
import { patronRefusal } from '#shared/domain/patrons/reducer';
import type { PatronRecord } from '#shared/domain/records';
import type { KioskProblem } from './i18n-kiosk';
import { offlineVerdict } from './kiosk-rules';
import type { KioskContext } from './kiosk-types';
import { identifyByVirtualCard } from './virtual-card';

export type CardReading =
  | { readonly ok: true; readonly card: string }
  /** `qr`: a virtual card that did not verify (a visit in progress goes on with a notice). */
  | { readonly ok: false; readonly qr: boolean; readonly problem: KioskProblem };

/** The card number in what was scanned or typed. */
export async function readCard(ctx: KioskContext, raw: string): Promise<CardReading> {
  // A QR card is longer than any barcode (cleanCode's 64), so it is told apart first; the verifier bounds its length.
  if (looksLikeCard(raw)) {
    const answer = await identifyByVirtualCard(ctx.desk.view.reader, raw, ctx.me(), ctx.now());
    if (!answer.ok) return { ok: false, qr: true, problem: answer.problem };
    return { ok: true, card: answer.cardNumber };
  }
  const c = cleanCode(raw);
  if (!c.ok) return { ok: false, qr: false, problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } };
  return { ok: true, card: c.code };
}

/** Why this patron may not start a pickup here now (empty: they may). */
export function pickupProblems(ctx: KioskContext, patron: PatronRecord): KioskProblem[] {
  const reader = ctx.desk.view.reader;
  const today = todayAtDesk(reader, ctx.me(), ctx.now());
  const refusal = patronRefusal(reader, patron, today, { countLoans: true, at: ctx.me() });
  const problems: KioskProblem[] = [];
  if (refusal && !refusal.ok) problems.push({ source: 'rules', code: refusal.reason, params: refusal.params });
  const offline = offlineVerdict(ctx.rules(), { offlineSince: ctx.offlineSince(), now: ctx.now(), unconfirmedForPatron: ctx.unconfirmedLoansOf(patron.id) });
  if (!offline.ok) problems.push(offline.code === 'OFFLINE_TOO_LONG' ? { source: 'kiosk', code: 'OFFLINE_TOO_LONG', params: { hours: offline.hours } } : { source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: offline.limit, title: '—' } });
  return problems;
}
