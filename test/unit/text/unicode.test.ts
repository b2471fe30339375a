import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, codePointLength, isStorableText, sanitizeText, textFault } from '#shared/text/unicode';

describe('storable text', () => {
  it('names NUL and lone surrogates, accepts pairs', () => {
    expect(textFault('a\u0000b')).toBe('nul');
    expect(textFault('a\uD842')).toBe('lone-surrogate');
    expect(textFault('\uDFB7x')).toBe('lone-surrogate');
    expect(textFault('𠮷野家 統計學')).toBeNull();
  });

  it('clips by code point: 𠮷 is never split', () => {
    const s = '𠮷'.repeat(5);
    expect(clip(s, 3)).toBe('𠮷𠮷𠮷');
    expect(isStorableText(clip('a𠮷', 2))).toBe(true);
    expect(clip('abc', 0)).toBe('');
  });

  it('clip never yields unstorable text from storable text, and respects the code-point bound', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.nat(50), (s, n) => {
      const out = clip(s, n);
      expect(isStorableText(out) || !isStorableText(s)).toBe(true);
      expect(codePointLength(out)).toBeLessThanOrEqual(n);
      expect(s.startsWith(out)).toBe(true);
    }));
  });

  it('sanitizes any UTF-16 input into storable text within the bound', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.nat(30), (s, n) => {
      const out = sanitizeText(s, n);
      expect(isStorableText(out)).toBe(true);
      expect(codePointLength(out)).toBeLessThanOrEqual(n);
    }));
  });
});
