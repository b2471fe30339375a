// The audit log and the statistics, for the signed-in account's scope.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/errors';
import { queryInt } from '#server/input';
import { isReportName, parseReportQuery, REPORTS, runReport } from '#server/stats/routes';
import { statsLag } from '#server/stats/consumer';
import { listAudit } from './audit';
import { accountOf, schoolFor } from './guard';

type Guard = (req: FastifyRequest) => Promise<void>;

export function registerReportRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.get('/console/api/audit', async (req) => {
      const q = req.query as Record<string, unknown>;
      const school = schoolFor(accountOf(req), typeof q['library'] === 'string' && q['library'] ? q['library'] : null);
      const before = queryInt(req.query, 'before', 0, 0, Number.MAX_SAFE_INTEGER);
      return { entries: await listAudit(db, { libraryId: school, limit: queryInt(req.query, 'limit', 100, 1, 500), ...(before ? { beforeId: before } : {}) }) };
    });

    r.get('/console/api/stats/:name', async (req) => {
      const name = (req.params as { name: string }).name;
      if (!isReportName(name)) throw new ApiError(404, 'UNKNOWN_REPORT', `Reports: ${REPORTS.join(', ')}.`);
      const q = parseReportQuery(req.query);
      const school = schoolFor(accountOf(req), q.scope.libraryId);
      return { ...(await statsLag(db)), report: await runReport(db, name, { ...q, scope: { libraryId: school } }) };
    });
  });
}
