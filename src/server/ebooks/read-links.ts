// The reading link. We hand the patron a signed, expiring link to our own
// service (/ebooks/read/<loan>?e=<expiry>&s=<HMAC>) that checks the loan is
// still open, counts a read, and redirects to the vendor's title_url.
//
// Why this and not the vendor's own access pattern (IP ranges, EZproxy,
// SAML/Shibboleth): those differ per vendor and need the vendor's cooperation,
// and none of them know about our loans — a patron whose loan ended could keep
// reading, and we could not count reads per school. A link through us works
// with any vendor that gives a title_url in its KBART list, ends with the
// loan, and is where reads are counted. The signature (HMAC-SHA256 over the
// loan id and expiry under a service secret) means the link needs no cookie
// (it opens in the vendor's app or another browser) yet cannot be made for
// another loan or stretched in time; it expires after LINK_MINUTES, so a
// copied link is short-lived, and it stops working the moment the loan ends.
//
// The secret: EBOOK_LINK_SECRET when given (several service processes must
// share it), else one made once and kept sealed in the database like the
// card-page secret (card-secrets.ts), so every process and every restart
// agrees on it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '#server/db/database';
import { keySealer, serviceSecret } from '#server/cards/card-secrets';

export const LINK_MINUTES = 10;
const SECRET_NAME = 'ebook-read-links';

export interface LinkSigner {
  sign(loanId: string, expiresMs: number): string;
  verify(loanId: string, expiresMs: number, signature: string): boolean;
}

export function linkSigner(secret: string): LinkSigner {
  const mac = (loanId: string, expiresMs: number) => createHmac('sha256', secret).update(`ebook-read\u0000${loanId}\u0000${expiresMs}`).digest();
  return {
    sign: (loanId, expiresMs) => mac(loanId, expiresMs).toString('base64url'),
    verify(loanId, expiresMs, signature) {
      const given = Buffer.from(signature, 'base64url');
      const want = mac(loanId, expiresMs);
      return given.length === want.length && timingSafeEqual(given, want);
    },
  };
}

export async function openLinkSigner(db: Database, opts: { envSecret?: string | undefined; cardKeySecret?: string | undefined }): Promise<LinkSigner> {
  if (opts.envSecret) return linkSigner(opts.envSecret);
  const secret = await serviceSecret(db, SECRET_NAME, keySealer(opts.cardKeySecret));
  // Sealed under another CARD_KEY_SECRET: a secret of this process only (its links end with it), never a guessable one.
  return linkSigner(secret ?? randomBytes(32).toString('base64url'));
}
