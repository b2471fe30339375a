// What the patron's library system (SIP2 Patron Information, through the
// bridge's ils.validatePatron) says at the kiosk, turned into go or stop.
//
// The PIN rule, as the kiosk applies it (also in docs/architecture.md):
//  - the system answers: the PIN must match (pinOk true). A system that does
//    not say (no CQ field) has not checked it, so the kiosk does not lend.
//  - the system cannot be reached: the library's configured rule decides —
//    'accept-card-only' lends on the card alone, 'refuse' (also the rule when
//    the answer names none) sends the patron to the desk.
//  - the library does not validate patrons through its system at all
//    (code DISABLED): nobody can check a PIN, so a kiosk that requires one
//    refuses and says so.
// Without a PIN the system's "no" (unknown card, blocked) still stops a
// pickup; its silence does not (the kiosk lends on what its replica knows).
// The answer is read defensively: fields may be missing on older builds.
import type { IlsPatronCheck } from '#shared/bridge/ils';
import { homeCheckOf } from '#desk-core/home-check';
import type { KioskProblem } from './i18n-kiosk';

export type HomeVerdict = { readonly ok: true; readonly checked: boolean } | { readonly ok: false; readonly problem: KioskProblem; readonly wrongPin: boolean };

const stop = (code: 'PIN_UNCHECKED' | 'UNKNOWN_CARD' | 'HOME_REFUSED', params: Record<string, string | number> = {}): HomeVerdict => ({ ok: false, problem: { source: 'kiosk', code, params }, wrongPin: false });

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The bridge's answer, or null when the bridge failed, as a check the desk's rules read; anything unexpected is silence with the strict rule. */
function asCheck(answer: unknown): IlsPatronCheck {
  const o = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if (o['reachable'] === true) {
    const pinOk = o['pinOk'];
    return { reachable: true, valid: o['valid'] === true, pinOk: typeof pinOk === 'boolean' ? pinOk : null, blocked: o['blocked'] === true, name: str(o['name']), screenMessage: str(o['screenMessage']) };
  }
  return { reachable: false, code: str(o['code']), reason: str(o['reason']), offlinePinRule: o['offlinePinRule'] === 'accept-card-only' ? 'accept-card-only' : 'refuse' };
}

/** The desk's rules (home-check.ts) in the kiosk's terms; the one difference: a kiosk that asks for a PIN nobody can check refuses. */
export function homeVerdict(answer: unknown, pinGiven: boolean): HomeVerdict {
  const check = homeCheckOf(asCheck(answer), '', pinGiven);
  switch (check.kind) {
    case 'valid':
      return { ok: true, checked: true };
    case 'unreachable':
      return { ok: true, checked: false };
    case 'off':
      return pinGiven ? stop('PIN_UNCHECKED') : { ok: true, checked: false };
    case 'refused':
      if (check.reason === 'HOME_SYSTEM_WRONG_PIN') return { ok: false, problem: { source: 'kiosk', code: 'PIN_WRONG', params: {} }, wrongPin: true };
      if (check.reason === 'HOME_SYSTEM_UNKNOWN_PATRON') return stop('UNKNOWN_CARD');
      if (check.reason === 'HOME_SYSTEM_BLOCKED') return stop('HOME_REFUSED', { message: String(check.params['screenMessage'] ?? '') || '—' });
      return stop('PIN_UNCHECKED');
  }
}
