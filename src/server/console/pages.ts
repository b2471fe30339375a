// The console's web pages (built by `npm run build:console` into out/console)
// under /console, with a strict Content Security Policy: scripts and styles
// only from the service itself, no framing, no inline script. style-src keeps
// 'unsafe-inline' for style attributes, which the chart library sets on the
// elements it draws.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from '#server/http/errors';

export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export function consoleDir(): string {
  return process.env['CONSOLE_DIR'] ?? resolve(__dirname, '../../../out/console');
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export function registerPages(scope: FastifyInstance): void {
  const dir = consoleDir();
  const index = join(dir, 'index.html');
  if (existsSync(join(dir, 'assets'))) {
    scope.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/console/assets/', decorateReply: false, setHeaders: (res) => {
      res.header('content-security-policy', CONSOLE_CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('cache-control', 'public, max-age=31536000, immutable');
    } });
  }
  const page = async (req: { url: string }, reply: FastifyReply) => {
    if (req.url.startsWith('/console/api/')) return reply.status(404).send(errorBody('NOT_FOUND', `No such endpoint: ${req.url.split('?')[0]}`));
    if (!existsSync(index)) return reply.status(404).send(errorBody('CONSOLE_NOT_BUILT', 'The console pages are not built: run `npm run build:console`.'));
    return secure(reply).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(readFileSync(index));
  };
  scope.get('/console', page);
  scope.get('/console/*', page);
}
