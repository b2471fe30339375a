import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isbn10CheckDigit, isbnCharacters, isValidIsbn13, toIsbn10, toIsbn13 } from '#shared/catalogue/isbn';

const first9 = fc.stringMatching(/^\d{9}$/);

describe('ISBN normalisation', () => {
  it('converts known pairs, ignoring hyphens, spaces, qualifiers and full-width digits', () => {
    expect(toIsbn13('0-306-40615-2')).toBe('9780306406157');
    expect(toIsbn13('978-0-306-40615-7')).toBe('9780306406157');
    expect(toIsbn13('０３０６４０６１５２')).toBe('9780306406157');
    expect(toIsbn13('0306406152 (pbk.)')).toBe('9780306406157');
    expect(toIsbn13('080442957x')).toBe('9780804429573');
    expect(toIsbn10('9780306406157')).toBe('0306406152');
    expect(toIsbn10('9791090636071')).toBeNull();
  });

  it('refuses wrong check digits and wrong lengths', () => {
    expect(toIsbn13('0-306-40615-3')).toBeNull();
    expect(toIsbn13('9780306406158')).toBeNull();
    expect(toIsbn13('12345')).toBeNull();
    expect(toIsbn13('X306406152')).toBeNull();
    expect(isbnCharacters('ISBN')).toBeNull();
  });

  it('maps every valid ISBN-10 to a valid ISBN-13 and back', () => {
    fc.assert(fc.property(first9, (d) => {
      const isbn10 = d + isbn10CheckDigit(d);
      const isbn13 = toIsbn13(isbn10)!;
      expect(isValidIsbn13(isbn13)).toBe(true);
      expect(isbn13.startsWith('978')).toBe(true);
      expect(toIsbn10(isbn13)).toBe(isbn10);
      expect(toIsbn13(`${isbn10.slice(0, 3)}-${isbn10.slice(3)}`)).toBe(isbn13);
    }));
  });

  it('refuses every single-digit change to a valid ISBN-10', () => {
    fc.assert(fc.property(first9, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (d, pos, delta) => {
      const isbn10 = d + isbn10CheckDigit(d);
      const changed = isbn10.slice(0, pos) + String((Number(isbn10[pos]) + delta) % 10) + isbn10.slice(pos + 1);
      expect(toIsbn13(changed)).toBeNull();
    }));
  });
});
