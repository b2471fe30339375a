// Console passwords, hashed with scrypt (memory-hard, in node:crypto). Cost:
// N = 2^15, r = 8, p = 1 — 32 MiB and about 100 ms per guess on one core, the
// OWASP-recommended minimum for scrypt; a 16-byte random salt; a 32-byte key.
// The parameters are stored with the hash, so they can be raised later
// without invalidating existing passwords.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((ok, fail) => scrypt(password.normalize('NFC'), salt, KEY_LEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? fail(err) : ok(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** A password an office would accept: at least 10 characters, at most 200 (scrypt time grows with length only a little, but bodies must stay small). */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'password: text';
  const n = [...password].length;
  if (n < 10) return 'password: at least 10 characters';
  if (n > 200) return 'password: at most 200 characters';
  return null;
}
