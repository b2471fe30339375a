// The used-book exchange (二手書服務, issue 20): listings, reservations, swap
// fairs, moderation. startExchange registers what is outside the portal's
// cookie scope (administrator and console routes, the lapse timer);
// registerExchangePortalRoutes adds the patron routes inside it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureContext } from '#server/http/app';

export function startExchange(_app: FastifyInstance, _c: FeatureContext): void {
  // Filled in by the exchange feature.
}

/** Patron routes under /portal/api/exchange, inside the portal's cookie scope (`signedIn` sets the patron and checks CSRF). */
export function registerExchangePortalRoutes(_scope: FastifyInstance, _c: FeatureContext, _signedIn: (req: FastifyRequest) => Promise<void>): void {
  // Filled in by the exchange feature.
}
