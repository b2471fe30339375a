// The only module that talks to @noble/ed25519. It uses the library's async
// API, whose SHA-512 is WebCrypto (crypto.subtle) in both Node 20 and Chromium,
// so src/shared needs no hash implementation and no Node module.
import { getPublicKeyAsync, signAsync, utils, verifyAsync } from '@noble/ed25519';
import { decodeBase64url, encodeBase64url } from './base64url';

export interface CardKeyPair {
  /** base64url of the 32-byte Ed25519 seed (RFC 8032's "secret key"). Keep it on the issuing service only. */
  readonly privateKey: string;
  /** base64url of the 32-byte public key, as desks hold it in the key list. */
  readonly publicKey: string;
}

/** A 32-byte key as raw bytes or its base64url text. */
export type KeyInput = Uint8Array | string;

/** The 32 bytes of a key, or null when the input is not one. */
export function keyBytes(key: KeyInput): Uint8Array | null {
  const bytes = typeof key === 'string' ? decodeBase64url(key) : key instanceof Uint8Array ? key : null;
  return bytes !== null && bytes.length === 32 ? bytes : null;
}

function privateKeyBytes(key: KeyInput): Uint8Array {
  const bytes = keyBytes(key);
  if (!bytes) throw new RangeError('private key must be 32 bytes (or their base64url text)');
  return bytes;
}

/**
 * Whether this runtime can hash for Ed25519. Chromium offers crypto.subtle only
 * in secure contexts (https, localhost, the app's own scheme): a desk opened
 * over plain http on the LAN has none, and must say so instead of calling
 * every card's signature bad.
 */
export function webCryptoAvailable(): boolean {
  const c = (globalThis as { crypto?: { subtle?: { digest?: unknown } } }).crypto;
  return typeof c?.subtle?.digest === 'function';
}

export async function generateKeyPair(): Promise<CardKeyPair> {
  const secret = utils.randomSecretKey();
  return { privateKey: encodeBase64url(secret), publicKey: encodeBase64url(await getPublicKeyAsync(secret)) };
}

/** base64url public key for a private key. Throws RangeError if the key is not 32 bytes. */
export async function publicKeyOf(privateKey: KeyInput): Promise<string> {
  return encodeBase64url(await getPublicKeyAsync(privateKeyBytes(privateKey)));
}

/** Ed25519 signature (64 bytes) of `message`. Throws RangeError if the key is not 32 bytes. */
export async function signBytes(message: Uint8Array, privateKey: KeyInput): Promise<Uint8Array> {
  return signAsync(message, privateKeyBytes(privateKey));
}

/**
 * True only for a valid signature. Uses RFC 8032's strict rules (zip215: false:
 * canonical point encodings, s < L) rather than ZIP-215's permissive ones, so a
 * card has no second valid signature to pass off as a different scan. Never
 * throws: wrong lengths and invalid points are simply false.
 */
export async function verifyBytes(signature: Uint8Array, message: Uint8Array, publicKey: KeyInput): Promise<boolean> {
  const pub = keyBytes(publicKey);
  if (!pub || !(signature instanceof Uint8Array) || signature.length !== 64 || !(message instanceof Uint8Array)) return false;
  try {
    return await verifyAsync(signature, message, pub, { zip215: false });
  } catch {
    return false;
  }
}
