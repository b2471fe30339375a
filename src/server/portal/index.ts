// The patron portal (issue 16): its API under /portal/api and its page at /portal.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext } from '#server/http/app';

export function startPortal(_app: FastifyInstance, _c: FeatureContext): void {
  // Filled in by the portal feature.
}
