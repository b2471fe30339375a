// The kiosk's pure rules: what lies on the pad, the offline limits, what the
// patron's library system answer means for a PIN, the Electron kiosk
// window, and the kiosk's start-up flags.
import { describe, expect, it } from 'vitest';
import type { RfidTagView } from '#shared/bridge';
import { DEFAULT_POLICY } from '#shared/domain/policy';
import { isPatronCard, missingParts, readPad } from '#renderer/kiosk/pad-reading';
import { kioskRules, offlineVerdict } from '#renderer/kiosk/kiosk-rules';
import { homeVerdict } from '#renderer/kiosk/home-verdict';
import { describeProblem } from '#renderer/kiosk/i18n-kiosk';
import { isBlockedKioskKey, windowChromeFor } from '#main/desk-runtime/kiosk-window';
import { parseDeskArgs, settingsFromEnv } from '#main/desk-runtime/settings';

const tag = (uid: string, item: RfidTagView['item']): RfidTagView => ({ uid, afi: 7, security: 'secured', dataKind: item ? 'iso28560-3' : 'blank', item });
const book = (id: string, parts = 1, part = 1, owner = 'TW-NPTU') => ({ primaryItemId: id, owner, typeOfUsage: 1, partsInSet: parts, ordinalPart: part });

describe('reading the pad', () => {
  it('groups the parts of an item, picks out patron cards and tags it cannot use', () => {
    const r = readPad([
      tag('A1', book('3101', 3, 1)), tag('A3', book('3101', 3, 3)), tag('B1', book('3102')),
      tag('C1', { primaryItemId: '2101000012345', owner: '', typeOfUsage: 8, partsInSet: 1, ordinalPart: 1 }),
      tag('D1', null), tag('E1', { ...book(''), primaryItemId: '  ' }), { ...tag('F1', null), dataKind: 'unread' },
    ]);
    expect(r.items).toEqual([
      { barcode: '3101', uids: ['A1', 'A3'], partsInSet: 3, ordinals: [1, 3], owner: 'TW-NPTU' },
      { barcode: '3102', uids: ['B1'], partsInSet: 1, ordinals: [1], owner: 'TW-NPTU' },
    ]);
    expect(r.patronCards).toEqual(['2101000012345']);
    expect(r.unusable).toEqual(['D1', 'E1']);
    expect(missingParts(r.items[0]!, 3)).toEqual([2]);
    // The hold says two parts though the tag says one: the hold wins, part 2 is missing.
    expect(missingParts(r.items[1]!, 2)).toEqual([2]);
    expect(missingParts(r.items[1]!, 1)).toEqual([]);
  });

  it('knows a patron card in both ISO 28560 parts', () => {
    expect(isPatronCard(8)).toBe(true);
    expect(isPatronCard(0x80)).toBe(true);
    expect(isPatronCard(0x81)).toBe(true);
    expect(isPatronCard(1)).toBe(false);
    expect(isPatronCard(0x10)).toBe(false);
  });
});

describe('the kiosk rules', () => {
  it('take the idle time and receipt mode from the policy, an idle override and the PIN from the kiosk', () => {
    expect(kioskRules(DEFAULT_POLICY, undefined)).toEqual({ idleMs: 60_000, receipt: 'ask', pinRequired: false, offlineMaxCheckoutsPerPatron: 3, offlineMaxMs: 24 * 3_600_000, loanLimit: 6 });
    expect(kioskRules({ ...DEFAULT_POLICY, kioskIdleSeconds: 90, kioskReceipt: 'print' }, { idleSeconds: 5, pin: 'required' })).toMatchObject({ idleMs: 5000, receipt: 'print', pinRequired: true });
  });

  it('offline: within the hours and the per-patron limit (counting unconfirmed loans), never when the policy says 0 hours', () => {
    const rules = kioskRules({ ...DEFAULT_POLICY, offlineKioskMaxCheckoutsPerPatron: 2, offlineKioskMaxHours: 4 }, undefined);
    const now = 10 * 3_600_000;
    expect(offlineVerdict(rules, { offlineSince: null, now, unconfirmedForPatron: 9 })).toEqual({ ok: true, offline: false, allowed: Number.POSITIVE_INFINITY });
    expect(offlineVerdict(rules, { offlineSince: now - 3_600_000, now, unconfirmedForPatron: 0 })).toEqual({ ok: true, offline: true, allowed: 2 });
    expect(offlineVerdict(rules, { offlineSince: now - 3_600_000, now, unconfirmedForPatron: 1 })).toEqual({ ok: true, offline: true, allowed: 1 });
    expect(offlineVerdict(rules, { offlineSince: now - 3_600_000, now, unconfirmedForPatron: 2 })).toEqual({ ok: false, code: 'OFFLINE_LIMIT', limit: 2 });
    expect(offlineVerdict(rules, { offlineSince: now - 4 * 3_600_000 - 1, now, unconfirmedForPatron: 0 })).toEqual({ ok: false, code: 'OFFLINE_TOO_LONG', hours: 4 });
    const never = kioskRules({ ...DEFAULT_POLICY, offlineKioskMaxHours: 0 }, undefined);
    expect(offlineVerdict(never, { offlineSince: now, now, unconfirmedForPatron: 0 })).toMatchObject({ ok: false, code: 'OFFLINE_TOO_LONG' });
  });
});

describe('the PIN rule', () => {
  const reachable = (over: Record<string, unknown> = {}) => ({ reachable: true, valid: true, pinOk: true, blocked: false, name: 'x', screenMessage: '', ...over });
  const unreachable = (over: Record<string, unknown> = {}) => ({ reachable: false, code: 'TIMEOUT', reason: 'no answer', offlinePinRule: 'refuse', ...over });

  it('with the system answering, the PIN must match and the patron be valid and unblocked', () => {
    expect(homeVerdict(reachable(), true)).toEqual({ ok: true, checked: true });
    expect(homeVerdict(reachable({ pinOk: false }), true)).toMatchObject({ ok: false, wrongPin: true, problem: { code: 'PIN_WRONG' } });
    expect(homeVerdict(reachable({ pinOk: null }), true)).toMatchObject({ ok: false, wrongPin: false, problem: { code: 'PIN_UNCHECKED' } });
    expect(homeVerdict(reachable({ valid: false }), true)).toMatchObject({ ok: false, problem: { code: 'UNKNOWN_CARD' } });
    expect(homeVerdict(reachable({ blocked: true, screenMessage: '逾期未還' }), true)).toMatchObject({ ok: false, problem: { code: 'HOME_REFUSED', params: { message: '逾期未還' } } });
    // Without a PIN the system's "no" still counts; its PIN answer does not.
    expect(homeVerdict(reachable({ pinOk: null }), false)).toEqual({ ok: true, checked: true });
    expect(homeVerdict(reachable({ blocked: true }), false)).toMatchObject({ ok: false, problem: { code: 'HOME_REFUSED' } });
  });

  it('with the system unreachable, the library\'s rule decides; a missing rule or none at all refuses; no system cannot check a PIN', () => {
    expect(homeVerdict(unreachable({ offlinePinRule: 'accept-card-only' }), true)).toEqual({ ok: true, checked: false });
    expect(homeVerdict(unreachable(), true)).toMatchObject({ ok: false, problem: { code: 'PIN_UNCHECKED' } });
    expect(homeVerdict({ reachable: false, reason: 'older build' }, true)).toMatchObject({ ok: false, problem: { code: 'PIN_UNCHECKED' } });
    expect(homeVerdict(unreachable({ code: 'DISABLED', offlinePinRule: 'accept-card-only' }), true)).toMatchObject({ ok: false, problem: { code: 'PIN_UNCHECKED' } });
    expect(homeVerdict(null, true)).toMatchObject({ ok: false, problem: { code: 'PIN_UNCHECKED' } });
    // Without a PIN, silence lets the kiosk go on with what its replica knows.
    expect(homeVerdict(unreachable(), false)).toEqual({ ok: true, checked: false });
    expect(homeVerdict(null, false)).toEqual({ ok: true, checked: false });
  });
});

describe('patron-facing words', () => {
  it('say what happened in both languages, with block codes in words', () => {
    expect(describeProblem('zh-TW', { source: 'rules', code: 'PATRON_BLOCKED', params: { block: 'lost_item' } })).toBe('您的帳號有借閱限制：遺失圖書未處理。');
    expect(describeProblem('en', { source: 'rules', code: 'PATRON_BLOCKED', params: { block: 'lost_item' } })).toBe('Your account has a block: a lost item.');
    expect(describeProblem('zh-TW', { source: 'rules', code: 'LOAN_LIMIT_REACHED', params: { count: 6, limit: 6 } })).toBe('您已借 6 冊，已達借閱上限 6 冊。');
    expect(describeProblem('en', { source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: 3, title: 'T' } })).toBe('While the network is down each person may take 3 items; "T" was not checked out.');
    // A rule without kiosk words falls back to the rules' own message.
    expect(describeProblem('en', { source: 'rules', code: 'UNKNOWN_PATRON', params: { patronId: 'p' } })).toBe('Patron p is unknown.');
  });
});

describe('the kiosk window and its start-up settings', () => {
  it('is a locked full-screen kiosk without menu or dev tools; a staff desk is a normal window', () => {
    expect(windowChromeFor('kiosk')).toEqual({ kiosk: true, fullscreen: true, autoHideMenuBar: true, removeMenu: true, devTools: false });
    expect(windowChromeFor('staff')).toMatchObject({ kiosk: false, devTools: true });
  });

  it('swallows reload, print, zoom, dev tools, navigation and close keys; lets a scanner through', () => {
    const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });
    for (const blocked of [key('F5'), key('F12'), key('F11'), key('r', { control: true }), key('R', { control: true, shift: true }), key('p', { control: true }), key('I', { control: true, shift: true }), key('+', { control: true }), key('0', { control: true }), key('w', { meta: true }), key('ArrowLeft', { alt: true }), key('F4', { alt: true })]) {
      expect(isBlockedKioskKey(blocked), JSON.stringify(blocked)).toBe(true);
    }
    for (const allowed of [key('2'), key('Enter'), key('a'), key('A', { shift: true }), key('Backspace'), { ...key('F5'), type: 'keyUp' }]) {
      expect(isBlockedKioskKey(allowed), JSON.stringify(allowed)).toBe(false);
    }
  });

  it('--kiosk is the kiosk role, with its own idle time and PIN; bad values are refused with a clear message', () => {
    const ok = parseDeskArgs(['--kiosk', '--kiosk-idle', '30', '--kiosk-pin', 'required'], '/tmp');
    expect(ok).toMatchObject({ ok: true, settings: { role: 'kiosk', kiosk: { idleSeconds: 30, pin: 'required' }, deskName: 'NKUST kiosk (web)' } });
    expect(parseDeskArgs(['--role', 'kiosk'], '/tmp')).toMatchObject({ ok: true, settings: { role: 'kiosk', kiosk: { idleSeconds: null, pin: 'off' } } });
    const staff = parseDeskArgs([], '/tmp');
    expect(staff.ok && staff.settings.kiosk).toBeUndefined();
    expect(parseDeskArgs(['--kiosk', '--role', 'staff'], '/tmp')).toMatchObject({ ok: false, message: expect.stringContaining('--kiosk cannot be combined with --role staff') });
    expect(parseDeskArgs(['--kiosk', '--kiosk-idle', '1'], '/tmp')).toMatchObject({ ok: false, message: expect.stringContaining('--kiosk-idle: seconds between 2 and 600, not "1"') });
    expect(parseDeskArgs(['--kiosk', '--kiosk-pin', 'maybe'], '/tmp')).toMatchObject({ ok: false, message: expect.stringContaining('--kiosk-pin: off or required') });
    expect(settingsFromEnv({ RELAY_KIOSK: '1', RELAY_KIOSK_IDLE: '45' }, '/tmp/d')).toMatchObject({ ok: true, settings: { role: 'kiosk', kiosk: { idleSeconds: 45, pin: 'off' } } });
    expect(settingsFromEnv({ RELAY_KIOSK: '1', RELAY_KIOSK_PIN: 'x' }, '/tmp/d')).toMatchObject({ ok: false, message: expect.stringContaining('RELAY_KIOSK_PIN: off or required') });
  });
});
