// What the patron's library system (SIP2 Patron Information, through the
// bridge's ils.validatePatron) says at the kiosk, turned into go or stop.
//
// The PIN rule, as the kiosk applies it (documented in the kiosk README
// section of the report and here):
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
import type { KioskProblem } from './i18n-kiosk';

export type HomeVerdict = { readonly ok: true; readonly checked: boolean } | { readonly ok: false; readonly problem: KioskProblem; readonly wrongPin: boolean };

const stop = (code: 'PIN_UNCHECKED' | 'UNKNOWN_CARD' | 'HOME_REFUSED', params: Record<string, string | number> = {}): HomeVerdict => ({ ok: false, problem: { source: 'kiosk', code, params }, wrongPin: false });

function field<T>(o: unknown, key: string, is: (v: unknown) => v is T): T | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return is(v) ? v : undefined;
}
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isStr = (v: unknown): v is string => typeof v === 'string';

export function homeVerdict(answer: unknown, pinGiven: boolean): HomeVerdict {
  const reachable = field(answer, 'reachable', isBool);
  if (reachable !== true) {
    const code = field(answer, 'code', isStr) ?? '';
    if (!pinGiven) return { ok: true, checked: false };
    if (code === 'DISABLED') return stop('PIN_UNCHECKED');
    return field(answer, 'offlinePinRule', isStr) === 'accept-card-only' ? { ok: true, checked: false } : stop('PIN_UNCHECKED');
  }
  const message = (field(answer, 'screenMessage', isStr) ?? '').slice(0, 200);
  if (field(answer, 'valid', isBool) !== true) return stop('UNKNOWN_CARD');
  if (pinGiven) {
    const pinOk = (answer as Record<string, unknown>)['pinOk'];
    if (pinOk === false) return { ok: false, problem: { source: 'kiosk', code: 'PIN_WRONG', params: {} }, wrongPin: true };
    if (pinOk !== true) return stop('PIN_UNCHECKED');
  }
  if (field(answer, 'blocked', isBool) === true) return stop('HOME_REFUSED', { message: message || '—' });
  return { ok: true, checked: true };
}
