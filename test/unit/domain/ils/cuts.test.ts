// Issue 14: every cut the domain makes is by code point, and text from
// another system (a SIP2 screen message) is made storable, so nothing the
// reducer writes holds NUL or half a surrogate pair (PostgreSQL refuses both,
// which stalled a desk's whole push).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reduce } from '#shared/domain/reducer';
import type { DomainEvent } from '#shared/domain/events';
import type { ExceptionRecord } from '#shared/domain/records';
import { codePointLength, textFault } from '#shared/text/unicode';
import { BORROWER, ev, world } from '../fixtures';

const ASTRAL = '𠮷'; // U+20BB7: two UTF-16 units

function raised(screenMessage: string): ExceptionRecord {
  const res = reduce(world(), ev('ils.refused', { operation: 'checkin', itemBarcode: '31234000000017', screenMessage, opKey: 'op-1' }, BORROWER) as DomainEvent);
  if (!res.ok) throw new Error(res.reason);
  return res.writes[0]!.doc as ExceptionRecord;
}

function storable(x: ExceptionRecord): void {
  for (const v of [x.message, x.nextStep, ...Object.values(x.params).map(String)]) expect(textFault(v)).toBeNull();
  expect(codePointLength(String(x.params['screenMessage']))).toBeLessThanOrEqual(200);
  expect(codePointLength(x.message)).toBeLessThanOrEqual(400);
}

describe('the ILS screen message in an exception', () => {
  it('an astral character at the 200th code point is kept whole, not split', () => {
    const x = raised(`${'借'.repeat(199)}${ASTRAL}${ASTRAL}`);
    expect(x.params['screenMessage']).toBe(`${'借'.repeat(199)}${ASTRAL}`);
    storable(x);
  });

  it('a NUL or a lone surrogate from the library system becomes U+FFFD', () => {
    const x = raised('Item\u0000 blocked \uD842 here');
    expect(x.params['screenMessage']).toBe('Item\uFFFD blocked \uFFFD here');
    storable(x);
  });

  it('whatever the library system sends, the exception is storable', () => {
    const unit = fc.constantFrom('a', '借', ASTRAL, '\u0000', '\uD842', '\uDFB7', ' ');
    fc.assert(fc.property(fc.array(unit, { maxLength: 320 }).map((xs) => xs.join('')), (text) => {
      fc.pre(text.length <= 300);
      storable(raised(text));
    }), { numRuns: 200 });
  });
});
