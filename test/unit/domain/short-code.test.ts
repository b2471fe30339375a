import { describe, expect, it } from 'vitest';
import { groupShortCode, luhnCheckDigit, parseShortCode, shortCodeOf, SHORT_CODE_LENGTH } from '#shared/domain/kit/short-code';

const PARCEL = 'P01JH8Q7M3V4WX5YZ6A7B8C9D0';
const REQUEST = 't01JH8Q7M3V4WX5YZ6A7B8C9D1';

describe('short codes', () => {
  it('are 18 digits with the kind first and a Luhn check digit last, the same every time', () => {
    const p = shortCodeOf('parcel', PARCEL);
    const r = shortCodeOf('request', REQUEST);
    expect(p).toMatch(/^2\d{17}$/);
    expect(r).toMatch(/^1\d{17}$/);
    expect(p).toHaveLength(SHORT_CODE_LENGTH);
    expect(shortCodeOf('parcel', PARCEL)).toBe(p);
    expect(luhnCheckDigit(p.slice(0, -1))).toBe(p.at(-1));
  });

  it('differ for a parcel and its successor, and for the same id as the other kind', () => {
    expect(shortCodeOf('parcel', PARCEL)).not.toBe(shortCodeOf('parcel', `${PARCEL}:2`));
    expect(shortCodeOf('parcel', PARCEL).slice(1)).not.toBe(shortCodeOf('request', PARCEL).slice(1));
  });

  it('computes the Luhn digit as the standard does', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3'); // the textbook example
    expect(luhnCheckDigit('')).toBe('0');
  });

  it('is grouped in fours for people', () => {
    expect(groupShortCode('123456789012345678')).toBe('1234 5678 9012 3456 78');
  });

  it('parses its own output, with the groups typed or full-width digits', () => {
    const p = shortCodeOf('parcel', PARCEL);
    expect(parseShortCode(p)).toEqual({ ok: true, kind: 'parcel', code: p });
    expect(parseShortCode(` ${groupShortCode(p)} `)).toEqual({ ok: true, kind: 'parcel', code: p });
    expect(parseShortCode(groupShortCode(p).replace(/ /g, '-'))).toEqual({ ok: true, kind: 'parcel', code: p });
    const wide = Array.from(p, (d) => String.fromCodePoint(0xff10 + Number(d))).join('');
    expect(parseShortCode(wide)).toEqual({ ok: true, kind: 'parcel', code: p });
  });

  it('refuses every single mistyped digit and every swap of two different neighbours (but 09/90)', () => {
    const code = shortCodeOf('request', REQUEST);
    for (let i = 1; i < code.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[i]) continue;
        const typo = `${code.slice(0, i)}${d}${code.slice(i + 1)}`;
        expect(parseShortCode(typo).ok, typo).toBe(false);
      }
    }
    for (let i = 1; i + 1 < code.length; i++) {
      const [a, b] = [code[i]!, code[i + 1]!];
      if (a === b || (a + b === '09') || (a + b === '90')) continue;
      const swapped = `${code.slice(0, i)}${b}${a}${code.slice(i + 2)}`;
      expect(parseShortCode(swapped)).toEqual({ ok: false, problem: 'check_digit', code: swapped });
    }
  });

  it('says what is not a code at all: item barcodes, wrong lengths, other kinds, letters', () => {
    expect(parseShortCode('31234000123456')).toEqual({ ok: false, problem: 'not_a_code' });
    expect(parseShortCode(PARCEL)).toEqual({ ok: false, problem: 'not_a_code' });
    expect(parseShortCode('')).toEqual({ ok: false, problem: 'not_a_code' });
    const p = shortCodeOf('parcel', PARCEL);
    expect(parseShortCode(`9${p.slice(1)}`)).toEqual({ ok: false, problem: 'not_a_code' });
    expect(parseShortCode(`${p}0`)).toEqual({ ok: false, problem: 'not_a_code' });
  });

  it('spreads ids evenly enough: 20,000 sequential ids, no two alike, every digit position used', () => {
    const seen = new Set<string>();
    const firstHashDigit = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const c = shortCodeOf('parcel', `P01JH8Q7M3V4WX5YZ6A7B8${i.toString(36).padStart(4, '0').toUpperCase()}`);
      seen.add(c);
      firstHashDigit.set(c[1]!, (firstHashDigit.get(c[1]!) ?? 0) + 1);
    }
    expect(seen.size).toBe(20_000);
    for (let d = 0; d <= 9; d++) expect(firstHashDigit.get(String(d)) ?? 0).toBeGreaterThan(1_700);
  });
});

describe('the hash behind the codes', () => {
  it('is FNV-1a 64 exactly (checked against a BigInt reference), so every desk and the service agree', () => {
    // The same number computed the slow, obvious way: FNV-1a 64 in BigInt, the fmix64 finaliser, mod 10^16.
    const M = (1n << 64n) - 1n;
    const reference = (kind: 'parcel' | 'request', id: string) => {
      let h = 0xcbf29ce484222325n;
      for (const c of `${kind}:${id}`) for (let i = 0; i < c.length; i++) h = ((h ^ BigInt(c.charCodeAt(i))) * 0x100000001b3n) & M;
      h ^= h >> 33n; h = (h * 0xff51afd7ed558ccdn) & M; h ^= h >> 33n; h = (h * 0xc4ceb9fe1a85ec53n) & M; h ^= h >> 33n;
      return (h % 10n ** 16n).toString().padStart(16, '0');
    };
    for (const id of [PARCEL, `${PARCEL}:2`, REQUEST, 'demo-title-routed', '王小明', '😀x', '']) {
      expect(shortCodeOf('parcel', id).slice(1, 17)).toBe(reference('parcel', id));
      expect(shortCodeOf('request', id).slice(1, 17)).toBe(reference('request', id));
    }
  });
});
