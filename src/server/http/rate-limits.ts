// Requests per minute, in three kinds of bucket so that one kind of traffic
// cannot starve another:
//   a verified device    `d:<device id>` — its own allowance, wherever it connects from;
//   the administrator    `admin`         — only with the right token;
//   everything else      `ip:<address>`  — no token, a forged or revoked one.
// Made-up tokens therefore cannot buy fresh allowances, and a flood of them
// from one address exhausts only that address's anonymous bucket: the real
// desks there (their own buckets) and the administrator are not locked out.
// POST /pair has its own, tighter limit (routes-pairing.ts).
//
// Behind a reverse proxy every client arrives from the proxy's address. With
// TRUST_PROXY (addresses or CIDRs, comma-separated) the service reads the
// client's address from X-Forwarded-For, but only on requests that came from
// one of those proxies; without it the header is ignored, so nobody can pick
// their own bucket by sending one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { ApiError } from '#server/http/errors';
import { bearer, type TokenCheck } from '#server/pairing/auth';

export interface RateLimitOptions {
  perMinute: number;
  checkToken: (req: FastifyRequest) => Promise<TokenCheck>;
  isAdmin: (req: FastifyRequest) => boolean;
}

/** The bucket a request counts against. */
export async function rateBucket(req: FastifyRequest, opts: Pick<RateLimitOptions, 'checkToken' | 'isAdmin'>): Promise<string> {
  if (!bearer(req.headers.authorization)) return `ip:${req.ip}`;
  if (opts.isAdmin(req)) return 'admin';
  const check = await opts.checkToken(req);
  return check.ok ? `d:${check.device.id}` : `ip:${req.ip}`;
}

export async function registerRateLimits(app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => rateBucket(req, opts),
    errorResponseBuilder: (_req, ctx) => new ApiError(429, 'RATE_LIMITED', `Too many requests: at most ${ctx.max} per minute. Retry in ${Math.ceil(ctx.ttl / 1000)} s.`),
  });
}

/**
 * Fastify's trustProxy from TRUST_PROXY: a comma-separated list of proxy addresses or CIDRs
 * (e.g. "127.0.0.1,10.0.0.5"); unset or empty trusts no proxy.
 */
export function trustedProxies(setting: string | readonly string[] | undefined): string[] | false {
  const list = (typeof setting === 'string' ? setting.split(',') : [...(setting ?? [])]).map((s) => s.trim()).filter(Boolean);
  return list.length > 0 ? list : false;
}
