// What the desk and kiosk do with each answer of the patron's library system.
import { describe, expect, it } from 'vitest';
import { homeCheckOf } from '#desk-core/home-check';
import type { IlsPatronCheck } from '#shared/bridge/ils';

const answer = (over: Partial<Extract<IlsPatronCheck, { reachable: true }>> = {}): IlsPatronCheck => ({
  reachable: true, valid: true, pinOk: null, blocked: false, name: '林雅婷', screenMessage: '', ...over,
});
const silent = (offlinePinRule: 'refuse' | 'accept-card-only', code = 'CONNECTION_REFUSED'): IlsPatronCheck => ({ reachable: false, code, reason: 'connect ECONNREFUSED', offlinePinRule });

describe('homeCheckOf', () => {
  it('a known patron in good standing may borrow', () => {
    expect(homeCheckOf(answer({ screenMessage: '歡迎' }), 'C1', false)).toEqual({ kind: 'valid', screenMessage: '歡迎' });
    expect(homeCheckOf(answer({ pinOk: true }), 'C1', true)).toMatchObject({ kind: 'valid' });
  });

  it('unknown, barred, wrong PIN and an unchecked PIN are refusals with their own reasons', () => {
    expect(homeCheckOf(answer({ valid: false, screenMessage: 'Patron not found' }), 'C1', false)).toEqual({ kind: 'refused', reason: 'HOME_SYSTEM_UNKNOWN_PATRON', params: { card: 'C1', screenMessage: 'Patron not found' } });
    expect(homeCheckOf(answer({ blocked: true }), 'C1', false)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_BLOCKED' });
    expect(homeCheckOf(answer({ pinOk: false }), 'C1', true)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_WRONG_PIN' });
    // A system that leaves CQ out has not checked the PIN: a kiosk must not take it as right.
    expect(homeCheckOf(answer({ pinOk: null }), 'C1', true)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_PIN_UNCHECKED' });
    // Without a PIN the patron's validity and blocks are all that count.
    expect(homeCheckOf(answer({ pinOk: false }), 'C1', false)).toMatchObject({ kind: 'valid' });
  });

  it('validation turned off means the desk does not ask', () => {
    expect(homeCheckOf(silent('refuse', 'DISABLED'), 'C1', true)).toEqual({ kind: 'off' });
  });

  it('a system that does not answer: lending goes on, a PIN follows the library rule', () => {
    expect(homeCheckOf(silent('refuse'), 'C1', false)).toEqual({ kind: 'unreachable', detail: 'connect ECONNREFUSED' });
    expect(homeCheckOf(silent('accept-card-only'), 'C1', true)).toMatchObject({ kind: 'unreachable' });
    expect(homeCheckOf(silent('refuse'), 'C1', true)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_PIN_UNCHECKED' });
  });
});
