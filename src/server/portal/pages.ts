// The portal's web page (built by `npm run build:portal` into out/portal) under /portal.
import type { FastifyInstance } from 'fastify';

export function registerPortalPages(_scope: FastifyInstance): void {
  // Filled in by the portal page feature.
}
