import fc from 'fast-check';
import type { CardPayload } from '#shared/cards/card';
import { checkCardPayload, MAX_ISSUED_MS } from '#shared/cards/card';
import { addDays } from '#shared/domain/dates';

/** Fixed 32-byte seeds: 01 02 … 20 for key A, 21 22 … 40 for key B. */
export const SEED_A = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const SEED_B = Uint8Array.from({ length: 32 }, (_, i) => i + 33);

export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/.test(clean)) throw new Error(`not hex: ${clean}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Bytes from an annotated layout: on each line, the hex before a run of two or more spaces. */
export function layout(text: string): Uint8Array {
  return hex(text.split('\n').map((line) => line.trim().split(/\s{2,}/)[0] ?? '').join(''));
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export const INTERLIBRARY: CardPayload = {
  v: 1,
  cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXYZ',
  kind: 'interlibrary',
  holderName: '陳怡君',
  holderId: '1102108045',
  homeLibraryId: 'NKUST',
  organisation: null,
  hostLibraryId: 'NSYSU',
  validFrom: '2025-09-01',
  validUntil: '2026-01-31',
  loanLimit: 3,
  issuedAt: '2025-08-28T02:15:30.000Z',
  keyId: 'k2025a',
};

export const PARTNER: CardPayload = {
  v: 1,
  cardId: '01KDQ4N3B1C2D3E4F5G6H7J8K9',
  kind: 'partner',
  holderName: '林小安🐱',
  holderId: 'E-00123',
  homeLibraryId: null,
  organisation: '旭日科技股份有限公司',
  hostLibraryId: '*',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  loanLimit: 5,
  issuedAt: '2025-12-31T16:00:00.000Z',
  keyId: 'k2025a',
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const NAME_UNITS = ['陳', '怡', '君', '林', '安', '王', '小', '明', '·', 'A', 'z', 'é', ' ', '-', '🐱', '👨‍👩‍👧', '🇹🇼', '𠀋', 'ㄅ', 'ー'];

function textArb(maxBytes: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ unit: fc.constantFrom(...NAME_UNITS), minLength: 1, maxLength: 30 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    )
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && Buffer.byteLength(s, 'utf8') <= maxBytes);
}

const libraryCode = fc.stringMatching(/^[A-Z0-9]{2,16}$/);
const day = fc.integer({ min: 0, max: 65_535 }).map((n) => addDays('1970-01-01', n));

/** Arbitrary valid card payloads, Chinese names and emoji included. */
export const payloadArb: fc.Arbitrary<CardPayload> = fc
  .record({
    cardId: fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 }),
    kind: fc.constantFrom('interlibrary' as const, 'partner' as const),
    holderName: textArb(120),
    holderId: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/),
    home: libraryCode,
    organisation: textArb(120),
    hostLibraryId: fc.oneof(fc.constant('*'), libraryCode),
    dates: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    loanLimit: fc.integer({ min: 1, max: 50 }),
    issuedMs: fc.integer({ min: 0, max: MAX_ISSUED_MS }),
    keyId: fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/),
  })
  .map((r): CardPayload => ({
    v: 1,
    cardId: r.cardId,
    kind: r.kind,
    holderName: r.holderName,
    holderId: r.holderId,
    homeLibraryId: r.kind === 'interlibrary' ? r.home : null,
    organisation: r.kind === 'partner' ? r.organisation : null,
    hostLibraryId: r.hostLibraryId,
    validFrom: r.dates[0]!,
    validUntil: r.dates[1]!,
    loanLimit: r.loanLimit,
    issuedAt: new Date(r.issuedMs).toISOString(),
    keyId: r.keyId,
  }))
  .filter((p) => checkCardPayload(p).ok);
