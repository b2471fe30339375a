import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eastAsianColumns, justifyPair, textColumns, wrapColumns } from '#shared/slips/layout';

describe('column layout', () => {
  it('counts CJK as two columns', () => {
    expect(textColumns('王○明 A1')).toBe(9);
    expect(eastAsianColumns('閱')).toBe(2);
    expect(eastAsianColumns('a')).toBe(1);
  });
  it('wraps Latin text at spaces and CJK anywhere', () => {
    expect(wrapColumns('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrapColumns('圖書館資源共享', 6)).toEqual(['圖書館', '資源共', '享']);
    expect(wrapColumns('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapColumns('', 10)).toEqual(['']);
    expect(wrapColumns('a\nb', 10)).toEqual(['a', 'b']);
  });
  it('justifies a pair or says it does not fit', () => {
    expect(justifyPair('讀者', '王○明', 12)).toBe('讀者  王○明');
    expect(justifyPair('abcdef', 'ghijkl', 12)).toBeNull();
  });
  it('no wrapped line is wider than the limit (except a single wide char on a 1-column line)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.integer({ min: 2, max: 48 }), (s, cols) => {
        for (const line of wrapColumns(s, cols)) {
          const chars = Array.from(line);
          if (chars.length > 1) expect(textColumns(line)).toBeLessThanOrEqual(cols);
        }
      }),
    );
  });
});
