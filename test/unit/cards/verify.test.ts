import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { CardPayload } from '#shared/cards/card';
import { encodeCardPayload } from '#shared/cards/codec';
import { publicKeyOf } from '#shared/cards/ed25519';
import type { CardErrorCode } from '#shared/cards/messages';
import { parseCard, signCard } from '#shared/cards/qr';
import { verifyCard } from '#shared/cards/verify';
import type { CardPublicKey, CardVerification, CardVerifyContext } from '#shared/cards/verify';
import { b64, INTERLIBRARY, PARTNER, payloadArb, SEED_A, SEED_B } from './fixtures';

let PUB_A = '';
let PUB_B = '';
let CARD = ''; // INTERLIBRARY signed with key A: issued 2025-08-28, valid 2025-09-01..2026-01-31 at NSYSU
beforeAll(async () => {
  PUB_A = await publicKeyOf(SEED_A);
  PUB_B = await publicKeyOf(SEED_B);
  CARD = await signCard(INTERLIBRARY, SEED_A);
});

function keyA(over: Partial<CardPublicKey> = {}): CardPublicKey {
  return { keyId: 'k2025a', publicKey: PUB_A, activeFrom: '2025-01-01T00:00:00.000Z', retiredAt: null, ...over };
}

function ctx(over: Partial<CardVerifyContext> = {}): CardVerifyContext {
  return { keys: [keyA()], revokedCardIds: new Set(), today: '2025-09-10', now: '2025-09-10T03:00:00.000Z', hostLibraryId: 'NSYSU', ...over };
}

function expectRefusal(r: CardVerification, code: CardErrorCode, params?: Record<string, string | number>): void {
  expect(r.ok ? 'ok' : r.code).toBe(code);
  if (!r.ok && params) expect(r.params).toEqual(params);
}

/** QR text with the same signature but other payload bytes. */
function withPayload(text: string, payload: CardPayload): string {
  const [prefix, , sig] = text.split('.');
  return `${prefix}.${b64(encodeCardPayload(payload))}.${sig}`;
}

describe('verifyCard accepts', () => {
  it('a valid card at its host library, with the payload it signed', async () => {
    expect(await verifyCard(CARD, ctx())).toEqual({ ok: true, card: INTERLIBRARY });
  });

  it('on its first and last day (dates are inclusive)', async () => {
    expect((await verifyCard(CARD, ctx({ today: '2025-09-01' }))).ok).toBe(true);
    expect((await verifyCard(CARD, ctx({ today: '2026-01-31', now: '2026-01-31T15:59:59.999Z' }))).ok).toBe(true);
  });

  it("a '*' card at any library", async () => {
    const text = await signCard(PARTNER, SEED_A);
    for (const lib of ['NKUST', 'NSYSU', 'NTU']) {
      expect((await verifyCard(text, ctx({ hostLibraryId: lib, today: '2026-03-01', now: '2026-03-01T01:00:00.000Z' }))).ok).toBe(true);
    }
  });
});

describe('verifyCard refusals, one case per code', () => {
  it('UNREADABLE, UNSUPPORTED_VERSION and MALFORMED come straight from parsing', async () => {
    expectRefusal(await verifyCard('31234000012342', ctx()), 'UNREADABLE', {});
    expectRefusal(await verifyCard(undefined, ctx()), 'UNREADABLE', {});
    expectRefusal(await verifyCard(CARD.replace('RDC1.', 'RDC2.'), ctx()), 'UNSUPPORTED_VERSION', { version: '2' });
    expectRefusal(await verifyCard(CARD.slice(0, -3), ctx()), 'MALFORMED');
  });

  it('UNKNOWN_KEY: no key with that id, or a key entry the desk cannot use', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ keys: [] })), 'UNKNOWN_KEY', { keyId: 'k2025a' });
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ keyId: 'k2024z' })] })), 'UNKNOWN_KEY');
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ publicKey: PUB_A.slice(1) })] })), 'UNKNOWN_KEY');
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ activeFrom: 'soon' })] })), 'UNKNOWN_KEY');
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ retiredAt: 'later' })] })), 'UNKNOWN_KEY');
  });

  it('BAD_SIGNATURE: signed by another key under the same id', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ publicKey: PUB_B })] })), 'BAD_SIGNATURE', {});
  });

  it('BAD_SIGNATURE, not the field refusal, for edited payloads — and revocations are not consulted first', async () => {
    const looked: string[] = [];
    const revokedCardIds = (id: string): boolean => {
      looked.push(id);
      return false;
    };
    const edits: CardPayload[] = [
      { ...INTERLIBRARY, hostLibraryId: '*' },
      { ...INTERLIBRARY, validUntil: '2099-12-31' },
      { ...INTERLIBRARY, loanLimit: 50 },
      { ...INTERLIBRARY, holderName: '陳怡均' },
      { ...INTERLIBRARY, cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXYY' },
    ];
    for (const edit of edits) {
      expectRefusal(await verifyCard(withPayload(CARD, edit), ctx({ revokedCardIds, hostLibraryId: 'NKUST', today: '2030-01-01', now: '2030-01-01T00:00:00.000Z' })), 'BAD_SIGNATURE');
    }
    expect(looked).toEqual([]);
  });

  it('KEY_RETIRED: issued at or after the key was retired, or before it was active', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ retiredAt: '2025-08-01T00:00:00.000Z' })] })), 'KEY_RETIRED', { keyId: 'k2025a', issuedAt: '2025-08-28' });
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ retiredAt: INTERLIBRARY.issuedAt })] })), 'KEY_RETIRED');
    expect((await verifyCard(CARD, ctx({ keys: [keyA({ retiredAt: '2025-08-28T02:15:30.001Z' })] }))).ok).toBe(true);
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ activeFrom: '2025-08-28T02:15:30.001Z' })] })), 'KEY_RETIRED');
    expect((await verifyCard(CARD, ctx({ keys: [keyA({ activeFrom: INTERLIBRARY.issuedAt })] }))).ok).toBe(true);
    // Other ISO spellings in the key list compare as instants: 10:15:30+08:00 is the issuing instant.
    expectRefusal(await verifyCard(CARD, ctx({ keys: [keyA({ retiredAt: '2025-08-28T10:15:30+08:00' })] })), 'KEY_RETIRED');
  });

  it('NOT_YET_VALID before validFrom (Taipei calendar day at the desk)', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ today: '2025-08-31', now: '2025-08-31T15:59:59.000Z' })), 'NOT_YET_VALID', { date: '2025-09-01' });
  });

  it('NOT_YET_VALID when the card was signed more than a day after the desk clock', async () => {
    const early = { ...INTERLIBRARY, validFrom: '2025-08-01' };
    const text = await signCard(early, SEED_A);
    expectRefusal(await verifyCard(text, ctx({ today: '2025-08-20', now: '2025-08-20T00:00:00.000Z' })), 'NOT_YET_VALID', { date: '2025-08-28' });
    // 23 hours of skew is tolerated.
    expect((await verifyCard(text, ctx({ today: '2025-08-27', now: '2025-08-27T03:15:30.000Z' }))).ok).toBe(true);
  });

  it('EXPIRED the day after validUntil', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ today: '2026-02-01', now: '2026-01-31T16:00:00.000Z' })), 'EXPIRED', { date: '2026-01-31' });
  });

  it('REVOKED from a set or a lookup function', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ revokedCardIds: new Set([INTERLIBRARY.cardId]) })), 'REVOKED', { cardId: INTERLIBRARY.cardId });
    expectRefusal(await verifyCard(CARD, ctx({ revokedCardIds: (id) => id === INTERLIBRARY.cardId })), 'REVOKED');
    expect((await verifyCard(CARD, ctx({ revokedCardIds: new Set(['01JQ7Z8X4M5N6P7R8S9T0VWXY0']) }))).ok).toBe(true);
  });

  it('WRONG_LIBRARY at a library other than the host', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ hostLibraryId: 'NKUST' })), 'WRONG_LIBRARY', { hostLibraryId: 'NSYSU', libraryId: 'NKUST' });
  });

  it('DESK_CLOCK_INVALID when the desk passes a date or time it cannot have meant', async () => {
    expectRefusal(await verifyCard(CARD, ctx({ today: '2025-02-30' })), 'DESK_CLOCK_INVALID', {});
    expectRefusal(await verifyCard(CARD, ctx({ now: 'noon' })), 'DESK_CLOCK_INVALID');
  });

  describe('without WebCrypto (Chromium outside a secure context)', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    it('VERIFIER_UNAVAILABLE instead of blaming the card', async () => {
      vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
      expectRefusal(await verifyCard(CARD, ctx()), 'VERIFIER_UNAVAILABLE', {});
    });
  });

  it('reports the most urgent refusal first: revoked, then wrong library, then dates', async () => {
    const everything = ctx({ revokedCardIds: new Set([INTERLIBRARY.cardId]), hostLibraryId: 'NKUST', today: '2027-01-01', now: '2027-01-01T00:00:00.000Z' });
    expectRefusal(await verifyCard(CARD, everything), 'REVOKED');
    expectRefusal(await verifyCard(CARD, { ...everything, revokedCardIds: new Set() }), 'WRONG_LIBRARY');
    expectRefusal(await verifyCard(CARD, { ...everything, revokedCardIds: new Set(), hostLibraryId: 'NSYSU' }), 'EXPIRED');
  });
});

describe('key rotation', () => {
  const T = '2025-10-01T00:00:00.000Z';
  const rotated = (): CardPublicKey[] => [
    keyA({ retiredAt: T }),
    { keyId: 'k2025b', publicKey: PUB_B, activeFrom: T, retiredAt: null },
  ];
  const afterRotation = { today: '2025-11-15', now: '2025-11-15T02:00:00.000Z' };

  it('a card signed by A before A was retired stays valid after the rotation', async () => {
    expect((await verifyCard(CARD, ctx({ keys: rotated(), ...afterRotation }))).ok).toBe(true);
  });

  it('a card signed by A after A was retired is refused', async () => {
    const late = await signCard({ ...INTERLIBRARY, issuedAt: '2025-10-02T01:00:00.000Z', validFrom: '2025-10-02' }, SEED_A);
    expectRefusal(await verifyCard(late, ctx({ keys: rotated(), ...afterRotation })), 'KEY_RETIRED');
  });

  it('a card signed by B after the rotation verifies; one dated before B was active does not', async () => {
    const fresh = await signCard({ ...INTERLIBRARY, keyId: 'k2025b', issuedAt: '2025-10-02T01:00:00.000Z' }, SEED_B);
    expect(await verifyCard(fresh, ctx({ keys: rotated(), ...afterRotation }))).toMatchObject({ ok: true, card: { keyId: 'k2025b' } });
    const backdated = await signCard({ ...INTERLIBRARY, keyId: 'k2025b' }, SEED_B);
    expectRefusal(await verifyCard(backdated, ctx({ keys: rotated(), ...afterRotation })), 'KEY_RETIRED');
  });

  it('a card naming B but signed by A is a bad signature', async () => {
    const forged = await signCard({ ...INTERLIBRARY, keyId: 'k2025b', issuedAt: '2025-10-02T01:00:00.000Z' }, SEED_A);
    expectRefusal(await verifyCard(forged, ctx({ keys: rotated(), ...afterRotation })), 'BAD_SIGNATURE');
  });
});

describe('tampering (property-based)', () => {
  const ALLOWED: ReadonlySet<string> = new Set(['BAD_SIGNATURE', 'MALFORMED', 'UNKNOWN_KEY', 'UNREADABLE', 'UNSUPPORTED_VERSION']);

  /** Rebuilds QR text from (possibly altered) signed bytes and signature. */
  function rebuild(signed: Uint8Array, signature: Uint8Array): string {
    return `${Buffer.from(signed.subarray(0, 5)).toString('latin1')}${b64(signed.subarray(5))}.${b64(signature)}`;
  }

  async function expectRejected(text: string, originalKeyId: string): Promise<void> {
    const r = await verifyCard(text, ctx({ keys: [keyA(), { keyId: 'k2025b', publicKey: PUB_B, activeFrom: '2025-01-01T00:00:00.000Z', retiredAt: null }] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(ALLOWED.has(r.code), r.code).toBe(true);
    // Only a flip inside keyId can make the key unknown, and then the signature was never accepted.
    if (r.code === 'UNKNOWN_KEY') {
      const p = parseCard(text);
      expect(p.ok && p.payload.keyId).not.toBe(originalKeyId);
    }
  }

  it('flipping any single bit of the signed bytes or the signature never verifies', async () => {
    const parsed = parseCard(CARD);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const { signedBytes, signature } = parsed;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 7 }), async (inSignature, at, bit) => {
        const signed = signedBytes.slice();
        const sig = signature.slice();
        const target = inSignature ? sig : signed;
        target[at % target.length]! ^= 1 << bit;
        await expectRejected(rebuild(signed, sig), INTERLIBRARY.keyId);
      }),
      { numRuns: 300 },
    );
  });

  it('every single-bit flip of the payload bytes is caught (exhaustive)', async () => {
    const parsed = parseCard(CARD);
    if (!parsed.ok) throw new Error('fixture does not parse');
    for (let i = 5; i < parsed.signedBytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const signed = parsed.signedBytes.slice();
        signed[i]! ^= 1 << bit;
        await expectRejected(rebuild(signed, parsed.signature), INTERLIBRARY.keyId);
      }
    }
  });

  it('replacing any one character of the QR text never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }), async (at, ch) => {
        const i = at % CARD.length;
        fc.pre(CARD[i] !== ch && !(i === CARD.length - 1 && /\s/.test(ch)) && !(i === 0 && /\s/.test(ch)));
        await expectRejected(CARD.slice(0, i) + ch + CARD.slice(i + 1), INTERLIBRARY.keyId);
      }),
      { numRuns: 300 },
    );
  });

  it('no other character in the last place of either segment verifies (base64url is read canonically)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastOfPayload = CARD.lastIndexOf('.') - 1;
    for (const i of [lastOfPayload, CARD.length - 1]) {
      for (const ch of alphabet) {
        if (ch === CARD[i]) continue;
        await expectRejected(CARD.slice(0, i) + ch + CARD.slice(i + 1), INTERLIBRARY.keyId);
      }
    }
  });

  it('bit flips are caught on arbitrary cards too (Chinese names, emoji, partner cards)', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean(), async (payload, at, bit, inSignature) => {
        const text = await signCard({ ...payload, keyId: 'k2025a' }, SEED_A);
        const p = parseCard(text);
        if (!p.ok) throw new Error(`signed card does not parse: ${p.code}`);
        const signed = p.signedBytes.slice();
        const sig = p.signature.slice();
        if (inSignature) sig[at % 64]! ^= 1 << bit;
        else signed[5 + (at % (signed.length - 5))]! ^= 1 << bit;
        await expectRejected(rebuild(signed, sig), 'k2025a');
      }),
      { numRuns: 60 },
    );
  });

  it('verifyCard never rejects its promise on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 600 }), fc.anything()), async (input) => {
        const r = await verifyCard(input, ctx());
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
