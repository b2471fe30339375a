import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskCardNumber, maskName } from '#shared/slips/mask';

describe('maskName', () => {
  it('keeps the first and last character of a Chinese name', () => {
    expect(maskName('王小明')).toBe('王○明');
    expect(maskName('歐陽娜娜')).toBe('歐○○娜');
    expect(maskName('王明')).toBe('王○');
    expect(maskName('明')).toBe('○');
    expect(maskName(' 王 小明 ')).toBe('王○明');
  });
  it('keeps initials of Latin names with a fixed mask', () => {
    expect(maskName('Wang Ming')).toBe('W*** M***');
    expect(maskName('wang xiao-ming')).toBe('W*** X***');
    expect(maskName('Al')).toBe('A***');
  });
  it('empty stays empty', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
  it('never reveals the middle of a Chinese name, never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 3, maxLength: 6 }), (cps) => {
        const name = String.fromCodePoint(...cps);
        const masked = Array.from(maskName(name));
        expect(masked.length).toBe(cps.length);
        expect(masked.slice(1, -1).every((c) => c === '○')).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof maskName(s) === 'string'));
  });
  it('a Latin mask does not reveal the length of the name', () => {
    expect(maskName('Bo Li').length).toBe(maskName('Bartholomew Livingstone').length);
  });
});

describe('maskCardNumber', () => {
  it('shows only the last digits', () => {
    expect(maskCardNumber('2000100056789')).toBe('****6789');
    expect(maskCardNumber('2000100056789', 3)).toBe('****789');
    expect(maskCardNumber('')).toBe('');
  });
});
