// The seed's member list: stable, unique codes that fit the record schema,
// ISIL-style identifiers, and no invented members.
import { describe, expect, it } from 'vitest';
import { isilFor, LIBRARY_CODE_PATTERN, SEED_MEMBERS } from '#shared/domain/libraries';
import { LibrarySchema } from '#shared/domain/records';

describe('SEED_MEMBERS', () => {
  it('has unique codes that match LIBRARY_CODE_PATTERN and the record schema', () => {
    const codes = SEED_MEMBERS.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    const re = new RegExp(LIBRARY_CODE_PATTERN);
    for (const c of codes) expect(c, c).toMatch(re);
    expect(LibrarySchema.properties.id.pattern).toBe(LIBRARY_CODE_PATTERN);
  });

  it('names the seed\'s 33 distinct schools once each (育英醫護管理專科學校 is listed twice in the seed)', () => {
    expect(SEED_MEMBERS).toHaveLength(33);
    expect(new Set(SEED_MEMBERS.map((m) => m.nameZh)).size).toBe(33);
    expect(new Set(SEED_MEMBERS.map((m) => m.nameEn)).size).toBe(33);
    expect(SEED_MEMBERS.filter((m) => m.nameZh === '育英醫護管理專科學校')).toHaveLength(1);
  });

  it('covers every region with sensible names', () => {
    expect(new Set(SEED_MEMBERS.map((m) => m.region))).toEqual(new Set(['penghu', 'chiayi', 'tainan', 'kaohsiung', 'pingtung', 'taitung']));
    for (const m of SEED_MEMBERS) {
      expect(m.nameZh.length).toBeGreaterThan(0);
      expect(m.nameZh.length).toBeLessThanOrEqual(80);
      expect(m.nameEn.length).toBeLessThanOrEqual(160);
    }
    expect(SEED_MEMBERS.map((m) => m.code)).toEqual(expect.arrayContaining(['NKUST', 'NPTU', 'NUK']));
  });
});

describe('isilFor', () => {
  it('prefixes the country code TW- (ISO 15511 style) and fits the record', () => {
    expect(isilFor('NKUST')).toBe('TW-NKUST');
    for (const m of SEED_MEMBERS) {
      const isil = isilFor(m.code);
      expect(isil).toMatch(/^TW-[A-Z][A-Z0-9]{1,15}$/);
      expect(isil.length).toBeLessThanOrEqual(16); // ISO 15511: at most 16 characters
    }
  });
});
