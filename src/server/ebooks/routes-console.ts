// The console's e-book routes under /console/api/ebooks: the console's
// session cookie and guard. Statistics for the account's scope (a library
// administrator sees only their school); imports from the console too: the
// title lists (KBART, MARC) by the consortium office only, a vendor's COUNTER
// report by the office or the school it is for. Each import writes its audit
// entry in its own transaction.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { accountOf, actorOf, requireOffice, requireSignedIn, schoolFor } from '#server/console/guard';
import { writeAudit } from '#server/console/audit';
import { EBOOK_PATHS } from '#shared/ebooks/wire';
import { ebookReport, parseReportQuery } from './reports';
import { importCounter, importKbart, importMarcTitles, type Audit } from './imports';
import { acceptFiles, answer, MAX_FILE, textOf } from './file-body';
import type { Clock } from './clock';

const vendorOf = (req: FastifyRequest): string => {
  const v = (req.query as Record<string, unknown>)['vendor'];
  if (typeof v !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '?vendor: the vendor\'s short name');
  return v;
};

export function registerEbookConsoleRoutes(app: FastifyInstance, db: Database, clock: () => Clock): void {
  app.register(async (scope) => {
    // Its own scope, as the console's: the cookie is read only here.
    await scope.register(cookie);
    scope.decorateRequest('consoleAccount', null);
    scope.decorateRequest('consoleSession', null);
    scope.addHook('preHandler', requireSignedIn(db));
    acceptFiles(scope);

    scope.get(EBOOK_PATHS.report, async (req) => {
      const q = req.query as Record<string, unknown>;
      const requested = typeof q['library'] === 'string' && q['library'] !== '' ? q['library'] : null;
      const school = schoolFor(accountOf(req), requested);
      return ebookReport(db, parseReportQuery(q, school));
    });

    const audited = (req: FastifyRequest, libraryId: string | null, action: string): Audit => async (tx, summary) =>
      writeAudit(tx, actorOf(accountOf(req)), { libraryId, action, target: summary.target, after: summary });

    scope.post(EBOOK_PATHS.consoleKbart, { bodyLimit: MAX_FILE }, async (req, reply) => {
      requireOffice(accountOf(req));
      return answer(reply, await importKbart(db, vendorOf(req), textOf(req.body), clock().now(), audited(req, null, 'ebooks.titles_imported')));
    });

    scope.post(EBOOK_PATHS.consoleMarc, { bodyLimit: MAX_FILE }, async (req, reply) => {
      requireOffice(accountOf(req));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'Send the MARC file as the request body.');
      return answer(reply, await importMarcTitles(db, vendorOf(req), req.body, clock().now(), audited(req, null, 'ebooks.titles_imported')));
    });

    scope.post(EBOOK_PATHS.consoleCounter, { bodyLimit: MAX_FILE }, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const requested = typeof q['library'] === 'string' && q['library'] !== '' ? q['library'] : null;
      const school = schoolFor(accountOf(req), requested);
      return answer(reply, await importCounter(db, school, textOf(req.body), audited(req, school, 'ebooks.counter_imported')));
    });
  });
}
