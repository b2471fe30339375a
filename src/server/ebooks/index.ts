// The consortium's cloud e-books (雲端電子書, issue 20): titles from vendors'
// lists, concurrent-copy loans with a waiting list, usage and COUNTER reports.
// startEbooks registers what is outside the portal's cookie scope
// (administrator and console routes, timers); registerEbookPortalRoutes adds
// the patron routes inside it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureContext } from '#server/http/app';

export function startEbooks(_app: FastifyInstance, _c: FeatureContext): void {
  // Filled in by the e-book feature.
}

/** Patron routes under /portal/api/ebooks, inside the portal's cookie scope (`signedIn` sets the patron and checks CSRF). */
export function registerEbookPortalRoutes(_scope: FastifyInstance, _c: FeatureContext, _signedIn: (req: FastifyRequest) => Promise<void>): void {
  // Filled in by the e-book feature.
}
