import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCardPayload, InvalidCardError } from '#shared/cards/card';
import type { CardPayload } from '#shared/cards/card';
import { decodeCardPayload, encodeCardPayload } from '#shared/cards/codec';
import { CARD_PREFIX, MAX_CARD_TEXT, parseCard, signCard } from '#shared/cards/qr';
import { b64, INTERLIBRARY, layout, PARTNER, payloadArb, SEED_A } from './fixtures';

// The payload bytes written out field by field from the layout in codec.ts
// (computed independently of the encoder), so any change to the format fails here.
const INTERLIBRARY_BYTES = layout(`
  00                                    kind interlibrary
  000195cff474942d4d63e1194e81be77df    cardId 01JQ7Z8X4M5N6P7R8S9T0VWXYZ
  06 6b3230323561                       keyId "k2025a"
  0198ee756dd0                          issuedAt 2025-08-28T02:15:30.000Z (ms)
  09 e999b3e680a1e5909b                 holderName 陳怡君
  0a 31313032313038303435               holderId 1102108045
  05 4e4b555354                         homeLibraryId NKUST
  05 4e53595355                         hostLibraryId NSYSU
  4f6c                                  validFrom 2025-09-01 (day 20332)
  5004                                  validUntil 2026-01-31 (day 20484)
  03                                    loanLimit
`);

const PARTNER_BYTES = layout(`
  01                                    kind partner
  00019b6e4a8d61609a3711e581a2792269    cardId 01KDQ4N3B1C2D3E4F5G6H7J8K9
  06 6b3230323561                       keyId "k2025a"
  019b75233400                          issuedAt 2025-12-31T16:00:00.000Z
  0d e69e97e5b08fe5ae89f09f90b1         holderName 林小安🐱
  07 452d3030313233                     holderId E-00123
  1e e697ade697a5e7a791e68a80e882a1e4bbbde69c89e99990e585ace58fb8   organisation 旭日科技股份有限公司
  01 2a                                 hostLibraryId *
  4fe6                                  validFrom 2026-01-01
  5152                                  validUntil 2026-12-31
  05                                    loanLimit
`);

// Ed25519 is deterministic: seed 01..20 always gives these exact strings.
const INTERLIBRARY_QR =
  'RDC1.AAABlc_0dJQtTWPhGU6BvnffBmsyMDI1YQGY7nVt0AnpmbPmgKHlkJsKMTEwMjEwODA0NQVOS1VTVAVOU1lTVU9sUAQD.PbKWPYPhWjljhYbk-Ye9XRykGbmsyOQTK-0aY4jJUii3sNh9sVKB7KDRmKItqQbEOZ4lFbza8kYd4yXMKz94Aw';
const PARTNER_QR =
  'RDC1.AQABm25KjWFgmjcR5YGieSJpBmsyMDI1YQGbdSM0AA3mnpflsI_lronwn5CxB0UtMDAxMjMe5pet5pel56eR5oqA6IKh5Lu95pyJ6ZmQ5YWs5Y-4ASpP5lFSBQ._QBgPup37myVJ1-kqX7TGWDbp4Gzgfd4sMzl7emYgsQgCGANF-KOIZjfnH8XbgekivxHF84htVXhgQdx9EXzBQ';

describe('canonical payload encoding', () => {
  it('writes the documented layout byte for byte', () => {
    expect(b64(encodeCardPayload(INTERLIBRARY))).toBe(b64(INTERLIBRARY_BYTES));
    expect(b64(encodeCardPayload(PARTNER))).toBe(b64(PARTNER_BYTES));
  });

  it('decodes both layouts back to the same payloads', () => {
    expect(decodeCardPayload(INTERLIBRARY_BYTES)).toEqual({ ok: true, payload: INTERLIBRARY });
    expect(decodeCardPayload(PARTNER_BYTES)).toEqual({ ok: true, payload: PARTNER });
  });

  it('refuses every other spelling: trailing bytes, truncation, padding bits, bad UTF-8, out-of-range values', () => {
    const variants: Array<[string, (b: Uint8Array) => Uint8Array]> = [
      ['trailing byte', (b) => Uint8Array.from([...b, 0])],
      ['truncated', (b) => b.subarray(0, b.length - 1)],
      ['empty', () => new Uint8Array(0)],
      ['kind 2', (b) => Uint8Array.from(b, (x, i) => (i === 0 ? 2 : x))],
      ['card id padding bits set', (b) => Uint8Array.from(b, (x, i) => (i === 1 ? x | 0x80 : x))],
      ['overlong UTF-8 in name', (b) => Uint8Array.from([...b.subarray(0, 31), 0x02, 0xc0, 0xa0, ...b.subarray(41)])],
      ['loan limit 0', (b) => Uint8Array.from(b, (x, i) => (i === b.length - 1 ? 0 : x))],
      ['loan limit 51', (b) => Uint8Array.from(b, (x, i) => (i === b.length - 1 ? 51 : x))],
      ['validFrom after validUntil', (b) => Uint8Array.from(b, (x, i) => (i === b.length - 5 ? 0x60 : x))],
      ['lower-case home library', (b) => Uint8Array.from(b, (x, i) => (i === 53 ? 0x6e : x))],
    ];
    expect(INTERLIBRARY_BYTES[31]).toBe(0x09); // the name's length byte, used above
    expect(INTERLIBRARY_BYTES[53]).toBe(0x4e); // 'N' of NKUST
    for (const [name, mutate] of variants) expect(decodeCardPayload(mutate(INTERLIBRARY_BYTES)).ok, name).toBe(false);
  });
});

describe('QR text', () => {
  it('signs the fixed vectors (seed 01..20) to the exact expected strings', async () => {
    expect(await signCard(INTERLIBRARY, SEED_A)).toBe(INTERLIBRARY_QR);
    expect(await signCard(PARTNER, SEED_A)).toBe(PARTNER_QR);
    expect(INTERLIBRARY_QR.startsWith(CARD_PREFIX)).toBe(true);
    expect(INTERLIBRARY_QR.split('.')[1]).toBe(b64(INTERLIBRARY_BYTES));
    expect(PARTNER_QR.split('.')[1]).toBe(b64(PARTNER_BYTES));
  });

  it('stays compact: a typical Chinese-name card is under 200 characters, the largest possible under 650', async () => {
    expect(INTERLIBRARY_QR.length).toBeLessThan(200);
    expect(PARTNER_QR.length).toBeLessThan(300);
    const largest: CardPayload = {
      ...PARTNER,
      holderName: '陳'.repeat(40),
      organisation: '旭'.repeat(40),
      holderId: 'x'.repeat(64),
      keyId: 'k'.repeat(32),
    };
    const text = await signCard(largest, SEED_A);
    expect(parseCard(text).ok).toBe(true);
    expect(text.length).toBeLessThan(650);
  });

  it('parses into the payload, the signature and the exact signed bytes ("RDC1." + payload)', async () => {
    const r = parseCard(INTERLIBRARY_QR);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload).toEqual(INTERLIBRARY);
    expect(r.signature.length).toBe(64);
    expect(b64(r.signature)).toBe(INTERLIBRARY_QR.split('.')[2]);
    expect(Buffer.from(r.signedBytes).toString('latin1').slice(0, 5)).toBe('RDC1.');
    expect(b64(r.signedBytes.subarray(5))).toBe(b64(INTERLIBRARY_BYTES));
  });

  it('accepts the Enter/whitespace a keyboard-wedge scanner adds', () => {
    expect(parseCard(`${INTERLIBRARY_QR}\r\n`).ok).toBe(true);
    expect(parseCard(` \t${INTERLIBRARY_QR}\n`).ok).toBe(true);
  });

  it('round trip: parse(sign(x)).payload equals x for arbitrary valid payloads', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, async (payload) => {
        const r = parseCard(await signCard(payload, SEED_A));
        expect(r.ok && r.payload).toEqual(payload);
      }),
      { numRuns: 150 },
    );
  });

  it('signing refuses invalid payloads with InvalidCardError listing the problems', async () => {
    const bad = [
      { ...INTERLIBRARY, cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXYI' },
      { ...INTERLIBRARY, homeLibraryId: null },
      { ...INTERLIBRARY, organisation: 'ACME' },
      { ...PARTNER, homeLibraryId: 'NKUST' },
      { ...PARTNER, organisation: null },
      { ...INTERLIBRARY, hostLibraryId: 'nsysu' },
      { ...INTERLIBRARY, validFrom: '2026-02-01' },
      { ...INTERLIBRARY, validUntil: '2026-02-30' },
      { ...INTERLIBRARY, loanLimit: 0 },
      { ...INTERLIBRARY, loanLimit: 2.5 },
      { ...INTERLIBRARY, issuedAt: '2025-08-28T02:15:30Z' },
      { ...INTERLIBRARY, holderName: ' 陳怡君' },
      { ...INTERLIBRARY, holderName: '陳\u202e君' },
      { ...INTERLIBRARY, holderName: '陳\n君' },
      { ...INTERLIBRARY, holderName: '\ud800' },
      { ...INTERLIBRARY, holderName: '陳'.repeat(41) },
      { ...INTERLIBRARY, keyId: '' },
      { ...INTERLIBRARY, v: 2 },
      { ...INTERLIBRARY, extra: 'not signed' },
    ] as unknown as CardPayload[];
    for (const p of bad) {
      expect(checkCardPayload(p).ok, JSON.stringify(p)).toBe(false);
      await expect(signCard(p, SEED_A)).rejects.toThrow(InvalidCardError);
    }
    expect(checkCardPayload(null)).toEqual({ ok: false, problems: ['card must be an object'] });
  });
});

describe('parseCard refusals', () => {
  const [, payload64, sig64] = INTERLIBRARY_QR.split('.') as [string, string, string];
  const cases: Array<[string, unknown, string]> = [
    ['empty', '', 'UNREADABLE'],
    ['a book barcode', '31234000012342', 'UNREADABLE'],
    ['a URL', 'https://example.org/card?id=1', 'UNREADABLE'],
    ['lower-case prefix', INTERLIBRARY_QR.toLowerCase(), 'UNREADABLE'],
    ['not a string', 12345, 'UNREADABLE'],
    ['null', null, 'UNREADABLE'],
    ['an object', { text: INTERLIBRARY_QR }, 'UNREADABLE'],
    ['too long', INTERLIBRARY_QR + 'A'.repeat(MAX_CARD_TEXT), 'UNREADABLE'],
    ['version 2', `RDC2.${payload64}.${sig64}`, 'UNSUPPORTED_VERSION'],
    ['version 0', `RDC0.${payload64}.${sig64}`, 'UNSUPPORTED_VERSION'],
    ['no signature', `RDC1.${payload64}`, 'MALFORMED'],
    ['three parts', `RDC1.${payload64}.${sig64}.x`, 'MALFORMED'],
    ['padded base64', `RDC1.${payload64}=.${sig64}`, 'MALFORMED'],
    ['standard base64 alphabet', `RDC1.${payload64}.${sig64.replace(/-/g, '+')}`, 'MALFORMED'],
    ['short signature', `RDC1.${payload64}.${sig64.slice(0, 84)}`, 'MALFORMED'],
    ['partial payload', `RDC1.${payload64.slice(0, 40)}.${sig64}`, 'MALFORMED'],
    ['empty payload', `RDC1..${sig64}`, 'MALFORMED'],
  ];
  for (const [name, input, code] of cases) {
    it(`${name} → ${code}`, () => {
      const r = parseCard(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(code);
    });
  }

  it('reports the version it does not support', () => {
    expect(parseCard(`RDC2.${payload64}.${sig64}`)).toEqual({ ok: false, code: 'UNSUPPORTED_VERSION', params: { version: '2' } });
  });

  it('refuses a huge string without scanning it', () => {
    const huge = 'RDC1.' + 'A'.repeat(5_000_000);
    expect(parseCard(huge)).toEqual({ ok: false, code: 'UNREADABLE', params: {} });
  });

  it('never throws on arbitrary strings, and only ever answers a known code', () => {
    const codes = new Set(['UNREADABLE', 'UNSUPPORTED_VERSION', 'MALFORMED']);
    const near = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ maxLength: 3000 }),
      fc.string({ unit: fc.constantFrom(...'RDC1.AZaz09-_=+/ \n'), maxLength: 400 }),
      fc.tuple(fc.constantFrom('RDC1.', 'RDC2.', 'RDC1', ''), fc.base64String({ maxLength: 300 }), fc.constantFrom('.', '', '..'), fc.base64String({ maxLength: 120 })).map((p) => p.join('')),
      fc.tuple(fc.nat({ max: INTERLIBRARY_QR.length }), fc.nat({ max: INTERLIBRARY_QR.length })).map(([a, b]) => INTERLIBRARY_QR.slice(Math.min(a, b), Math.max(a, b))),
    );
    fc.assert(
      fc.property(near, (text) => {
        const r = parseCard(text);
        if (!r.ok) expect(codes.has(r.code)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.anything(), (value) => {
      expect(parseCard(value).ok).toBe(false);
    }), { numRuns: 200 });
  });
});
