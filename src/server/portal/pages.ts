// The portal's web page (built by `npm run build:portal` into out/portal)
// under /portal, with a strict Content Security Policy like the console's:
// scripts and styles only from the service itself, no framing, no inline
// script. img-src allows data: for the card QR the page draws itself.
// style-src keeps 'unsafe-inline' for React style attributes (none of them
// carry patron input).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from '#server/http/errors';

export const PORTAL_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Where the built page is: PORTAL_DIR lets a test serve its own private build. */
export function portalDir(): string {
  return process.env['PORTAL_DIR'] ?? resolve(__dirname, '../../../out/portal');
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PORTAL_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export function registerPortalPages(scope: FastifyInstance): void {
  const dir = portalDir();
  const index = join(dir, 'index.html');
  if (existsSync(join(dir, 'assets'))) {
    scope.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/portal/assets/', decorateReply: false, setHeaders: (res) => {
      res.header('content-security-policy', PORTAL_CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('cache-control', 'public, max-age=31536000, immutable');
    } });
  }
  const page = async (req: { url: string }, reply: FastifyReply) => {
    // An unknown API path is an API error, never the page (a page would hide a typo in a client).
    if (req.url.startsWith('/portal/api/')) return reply.status(404).send(errorBody('NOT_FOUND', `No such endpoint: ${req.url.split('?')[0]}`));
    if (!existsSync(index)) return reply.status(404).send(errorBody('PORTAL_NOT_BUILT', 'The portal page is not built: run `npm run build:portal`.'));
    return secure(reply).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(readFileSync(index));
  };
  scope.get('/portal', page);
  scope.get('/portal/*', page);
}
