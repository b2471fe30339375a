// The rules a kiosk works by, from the library's policy (receipt mode, idle
// default, offline limits) and the kiosk's own settings (PIN, an idle
// override). Pure, so the UI, the Node tests and the benchmark agree.
import type { KioskDeviceSettings } from '#shared/bridge/contract';
import type { PolicyFields } from '#shared/domain/policy';

export type KioskReceiptMode = PolicyFields['kioskReceipt'];

export interface KioskRules {
  /** No touch, key or tag for this long ends the visit and clears the screen. */
  readonly idleMs: number;
  readonly receipt: KioskReceiptMode;
  readonly pinRequired: boolean;
  /** Loans one patron may take from this kiosk while it cannot reach the service. */
  readonly offlineMaxCheckoutsPerPatron: number;
  /** How long the kiosk may lend without the service; 0 means never offline. */
  readonly offlineMaxMs: number;
  readonly loanLimit: number;
}

export const DEFAULT_KIOSK_DEVICE: KioskDeviceSettings = { idleSeconds: null, pin: 'off' };

export function kioskRules(policy: PolicyFields, device: KioskDeviceSettings | undefined): KioskRules {
  const d = device ?? DEFAULT_KIOSK_DEVICE;
  return {
    idleMs: (d.idleSeconds ?? policy.kioskIdleSeconds) * 1000,
    receipt: policy.kioskReceipt,
    pinRequired: d.pin === 'required',
    offlineMaxCheckoutsPerPatron: policy.offlineKioskMaxCheckoutsPerPatron,
    offlineMaxMs: policy.offlineKioskMaxHours * 3_600_000,
    loanLimit: policy.loanLimit,
  };
}

export type OfflineVerdict =
  | { readonly ok: true; readonly offline: boolean; readonly allowed: number }
  | { readonly ok: false; readonly code: 'OFFLINE_TOO_LONG'; readonly hours: number }
  | { readonly ok: false; readonly code: 'OFFLINE_LIMIT'; readonly limit: number };

/**
 * Whether a patron may take `wanted` more loans now. Online: no offline limit.
 * Offline (the service has not answered since `offlineSince`): only within
 * the policy's time, and at most its number of loans per patron counting the
 * ones this kiosk made for them that the service has not confirmed yet.
 */
export function offlineVerdict(rules: KioskRules, state: { offlineSince: number | null; now: number; unconfirmedForPatron: number }): OfflineVerdict {
  if (state.offlineSince === null) return { ok: true, offline: false, allowed: Number.POSITIVE_INFINITY };
  if (rules.offlineMaxMs <= 0 || state.now - state.offlineSince > rules.offlineMaxMs) return { ok: false, code: 'OFFLINE_TOO_LONG', hours: Math.round(rules.offlineMaxMs / 3_600_000) };
  const allowed = rules.offlineMaxCheckoutsPerPatron - state.unconfirmedForPatron;
  if (allowed <= 0) return { ok: false, code: 'OFFLINE_LIMIT', limit: rules.offlineMaxCheckoutsPerPatron };
  return { ok: true, offline: true, allowed };
}
