// The console's e-book statistics under /console/api/ebooks: the console's
// session cookie and guard (a library administrator sees only their school).
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Database } from '#server/db/database';
import { accountOf, requireSignedIn, schoolFor } from '#server/console/guard';
import { EBOOK_PATHS } from '#shared/ebooks/wire';
import { ebookReport, parseReportQuery } from './reports';

export function registerEbookConsoleRoutes(app: FastifyInstance, db: Database): void {
  app.register(async (scope) => {
    // Its own scope, as the console's: the cookie is read only here.
    await scope.register(cookie);
    scope.decorateRequest('consoleAccount', null);
    scope.decorateRequest('consoleSession', null);
    scope.addHook('preHandler', requireSignedIn(db));
    scope.get(EBOOK_PATHS.report, async (req) => {
      const q = req.query as Record<string, unknown>;
      const requested = typeof q['library'] === 'string' && q['library'] !== '' ? q['library'] : null;
      const school = schoolFor(accountOf(req), requested);
      return ebookReport(db, parseReportQuery(q, school));
    });
  });
}
