import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from '#shared/cards/base64url';
import { generateKeyPair, publicKeyOf, signBytes, verifyBytes } from '#shared/cards/ed25519';
import { b64, hex } from './fixtures';

// RFC 8032 §7.1, TEST 1 and TEST 2.
const RFC8032 = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte 0x72)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

describe('Ed25519 wiring (RFC 8032 test vectors)', () => {
  for (const v of RFC8032) {
    it(`${v.name}: public key, signature and verification`, async () => {
      const secret = hex(v.secret);
      expect(Buffer.from(decodeBase64url(await publicKeyOf(secret))!).toString('hex')).toBe(v.public);
      expect(await publicKeyOf(b64(secret))).toBe(b64(hex(v.public)));
      const sig = await signBytes(hex(v.message), secret);
      expect(Buffer.from(sig).toString('hex')).toBe(v.signature);
      expect(await verifyBytes(hex(v.signature), hex(v.message), hex(v.public))).toBe(true);
      expect(await verifyBytes(hex(v.signature), hex(v.message), b64(hex(v.public)))).toBe(true);
    });
  }

  it('TEST 2 fails with another message, another key or a changed signature', async () => {
    const [, t2] = RFC8032;
    expect(await verifyBytes(hex(t2!.signature), hex('73'), hex(t2!.public))).toBe(false);
    expect(await verifyBytes(hex(t2!.signature), hex('72'), hex(RFC8032[0]!.public))).toBe(false);
    const sig = hex(t2!.signature);
    sig[0]! ^= 1;
    expect(await verifyBytes(sig, hex('72'), hex(t2!.public))).toBe(false);
  });

  it('refuses a malleated signature (s + L) that permissive verifiers might accept', async () => {
    const [t1] = RFC8032;
    const sig = hex(t1!.signature);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    s += L;
    for (let i = 32; i < 64; i++, s >>= 8n) sig[i] = Number(s & 0xffn);
    expect(await verifyBytes(sig, new Uint8Array(0), hex(t1!.public))).toBe(false);
  });

  it('uses strict RFC 8032 rules: the identity key with a trivial signature verifies nothing', async () => {
    // Under ZIP-215's cofactored rules this pair "verifies" every message.
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const trivial = new Uint8Array(64);
    trivial[0] = 1;
    expect(await verifyBytes(trivial, new TextEncoder().encode('any card'), identity)).toBe(false);
  });

  it('verifyBytes answers false, never throws, for wrong sizes and types', async () => {
    const pub = hex(RFC8032[0]!.public);
    expect(await verifyBytes(new Uint8Array(63), new Uint8Array(0), pub)).toBe(false);
    expect(await verifyBytes(new Uint8Array(64), new Uint8Array(0), pub)).toBe(false);
    expect(await verifyBytes(hex(RFC8032[0]!.signature), new Uint8Array(0), new Uint8Array(31))).toBe(false);
    expect(await verifyBytes(hex(RFC8032[0]!.signature), new Uint8Array(0), 'not-a-key')).toBe(false);
    // A 32-byte string that is not a curve point.
    expect(await verifyBytes(hex(RFC8032[0]!.signature), new Uint8Array(0), new Uint8Array(32).fill(0xff))).toBe(false);
    expect(await verifyBytes('x' as unknown as Uint8Array, new Uint8Array(0), pub)).toBe(false);
  });

  it('key helpers: fresh pairs sign and verify; bad private keys are RangeErrors', async () => {
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    expect(a.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(await publicKeyOf(a.privateKey)).toBe(a.publicKey);
    const msg = new TextEncoder().encode('借書證');
    expect(await verifyBytes(await signBytes(msg, a.privateKey), msg, a.publicKey)).toBe(true);
    expect(await verifyBytes(await signBytes(msg, a.privateKey), msg, b.publicKey)).toBe(false);
    await expect(publicKeyOf(new Uint8Array(31))).rejects.toThrow(RangeError);
    await expect(signBytes(msg, 'short')).rejects.toThrow(RangeError);
  });
});

describe('base64url', () => {
  it('matches Node for any bytes, and decodes its own output', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses padding, other alphabets, impossible lengths and non-zero trailing bits', () => {
    for (const bad of ['AA==', 'AB+/', 'A', 'AAAAA', 'AB', 'AAB', 'é', 'A A', '\u0000A']) expect(decodeBase64url(bad), bad).toBeNull();
    expect(decodeBase64url('AA')).toEqual(Uint8Array.of(0));
    expect(decodeBase64url('AAA')).toEqual(Uint8Array.of(0, 0));
    expect(decodeBase64url('')).toEqual(new Uint8Array(0));
  });
});
