// Secrets behind virtual cards, kept by the service only.
//
// Private signing keys at rest: sealed with AES-256-GCM under a key derived
// from CARD_KEY_SECRET (any long random string, given to every service
// process through its environment, not stored in the database). Without it
// the keys are stored as they are ('plain.'), and the service says so in its
// log at start; setting the secret later seals them on the next start. A
// database dump or backup then no longer holds a usable signing key.
//
// Card-page links carry an HMAC of the card id under a key the service makes
// once and keeps in the database (sealed the same way), so every service
// process behind a load balancer answers the same links and a restart does
// not break them.
//
// Without CARD_KEY_SECRET in the environment the service makes one secret
// itself and keeps it 0600 in its data directory (DATA_DIR/card-key-secret,
// see data-dir.ts): sealed by default, and a dump of the database alone opens
// nothing. A service that shares a PostgreSQL database with others must be
// given the same CARD_KEY_SECRET as they have.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '#server/db/database';

const SEALED_PREFIX = 'aesgcm1.';
const PLAIN_PREFIX = 'plain.';

export interface KeySealer {
  /** Whether private keys are encrypted at rest. */
  readonly encrypted: boolean;
  seal(keyId: string, privateKey: string): string;
  /** The private key, or null when it cannot be read with this secret (wrong or missing CARD_KEY_SECRET). */
  unseal(keyId: string, stored: string): string | null;
}

export function keySealer(secret: string | undefined): KeySealer {
  const key = secret ? Buffer.from(hkdfSync('sha256', secret, 'relay-desk', 'card signing keys v1', 32)) : null;
  return {
    encrypted: key !== null,
    seal(keyId, privateKey) {
      if (!key) return PLAIN_PREFIX + privateKey;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is bound as associated data: a sealed key copied onto another key's row does not open.
      cipher.setAAD(Buffer.from(keyId, 'utf8'));
      const body = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${SEALED_PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    unseal(keyId, stored) {
      if (stored.startsWith(PLAIN_PREFIX)) return stored.slice(PLAIN_PREFIX.length);
      if (!key || !stored.startsWith(SEALED_PREFIX)) return null;
      const [ivText, bodyText] = stored.slice(SEALED_PREFIX.length).split('.');
      if (!ivText || !bodyText) return null;
      const body = Buffer.from(bodyText, 'base64url');
      if (body.length < 17) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
        decipher.setAAD(Buffer.from(keyId, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

/**
 * The shared secret named `name`, made on first use (concurrent first uses agree on one), kept
 * sealed like the signing keys (the name is the associated data). A value stored before sealing
 * existed is read as it is and sealed now when a secret is configured. Null when it was sealed
 * under another CARD_KEY_SECRET.
 */
export async function serviceSecret(db: Sql, name: string, sealer: KeySealer): Promise<string | null> {
  await db.query('insert into service_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [name, sealer.seal(name, randomBytes(32).toString('base64url'))]);
  const { rows } = await db.query<{ value: string }>('select value from service_secrets where name = $1', [name]);
  const stored = rows[0]!.value;
  const known = stored.startsWith(SEALED_PREFIX) || stored.startsWith(PLAIN_PREFIX);
  const value = known ? sealer.unseal(name, stored) : stored;
  if (value !== null && sealer.encrypted && !stored.startsWith(SEALED_PREFIX)) {
    await db.query('update service_secrets set value = $2 where name = $1 and value = $3', [name, sealer.seal(name, value), stored]);
  }
  return value;
}

/** The `k` of a card's page link: 128 bits of HMAC-SHA256 over the card id. */
export function cardPageKey(pageSecret: string, cardId: string): string {
  return createHmac('sha256', pageSecret).update(`card-page:${cardId}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

export function samePageKey(pageSecret: string, cardId: string, k: unknown): boolean {
  if (typeof k !== 'string' || k.length > 64) return false;
  const expected = Buffer.from(cardPageKey(pageSecret, cardId), 'utf8');
  const given = Buffer.from(k, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
