// The patron portal (issue 16): its API under /portal/api and its page at
// /portal, in one plugin scope that alone reads cookies; the administrator's
// portal settings under /admin/portal.
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { FeatureContext } from '#server/http/app';
import { requirePatron } from './guard';
import { registerPortalPages } from './pages';
import { registerPortalAdminRoutes } from './routes-admin';
import { registerPatronRoutes } from './routes-patron';
import { registerSessionRoutes } from './routes-session';
import { registerExchangePortalRoutes } from '#server/exchange/index';
import { registerEbookPortalRoutes } from '#server/ebooks/index';
import { registerFairPortalRoutes } from '#server/fairs/index';

export function startPortal(app: FastifyInstance, c: FeatureContext): void {
  registerPortalAdminRoutes(app, c.db, c.requireAdmin);
  app.register(async (scope) => {
    // Registered here, not on the whole app: a portal cookie means nothing outside this scope.
    await scope.register(cookie);
    scope.decorateRequest('portalPatron', null);
    scope.decorateRequest('portalSession', null);
    const signedIn = requirePatron(c.db);
    registerSessionRoutes(scope, c.db, signedIn, { publicUrl: c.options.publicUrl ?? (process.env['PUBLIC_URL'] || undefined) });
    registerPatronRoutes(scope, c.db, c.cards, signedIn);
    // The portal's other services, each from its own feature folder.
    registerExchangePortalRoutes(scope, c, signedIn);
    registerEbookPortalRoutes(scope, c, signedIn);
    registerFairPortalRoutes(scope, c, signedIn);
    registerPortalPages(scope);
  });
}
