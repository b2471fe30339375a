// The audit log and the statistics, for the signed-in account's scope.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { isReportName, parseReportQuery, REPORTS, runReport } from '#server/stats/routes';
import { statsLag } from '#server/stats/consumer';
import { tableCsv, tableOf, tableXlsx } from '#server/stats/tables';
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

    const scoped = async (req: FastifyRequest) => {
      const name = (req.params as { name: string }).name;
      if (!isReportName(name)) throw new ApiError(404, 'UNKNOWN_REPORT', `Reports: ${REPORTS.join(', ')}.`);
      const { format: _f, ...rest } = req.query as Record<string, unknown>;
      const q = parseReportQuery(rest);
      const school = schoolFor(accountOf(req), q.scope.libraryId);
      const report = await runReport(db, name, { ...q, scope: { libraryId: school } });
      return { name, q, school, report, table: tableOf(name, report) };
    };

    // The report, and the table the page shows beside its chart (the exports hold the same table).
    r.get('/console/api/stats/:name', async (req) => {
      const { report, table } = await scoped(req);
      return { ...(await statsLag(db)), report, table };
    });

    r.get('/console/api/stats/:name/export', async (req, reply) => {
      const format = (req.query as Record<string, unknown>)['format'];
      if (format !== 'csv' && format !== 'xlsx') throw new ApiError(400, 'VALIDATION_FAILED', '?format: csv or xlsx');
      const { name, q, school, table } = await scoped(req);
      const file = `relay-${name}-${school ?? 'consortium'}-${q.range.from}-${q.range.to}.${format}`;
      reply.header('content-disposition', `attachment; filename="${file}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(tableCsv(table));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tableXlsx(table));
    });
  });
}
