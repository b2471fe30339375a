// Patron notices (issue 16): queued durably, sent once over SMTP.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext } from '#server/http/app';

export function startNotices(_app: FastifyInstance, _c: FeatureContext): void {
  // Filled in by the notices feature.
}
