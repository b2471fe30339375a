// The statistics over HTTP: the administrator's rebuild (`npm run admin --
// stats-rebuild`) and the reports, for whichever guard the caller mounts them
// behind (the administrator token here; the console's session in
// src/server/console, which also pins a library administrator to their school).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { rebuildStats, statsLag, StatsConsumer } from './consumer';
import { activityReport, dashboard, requestsReport, routesReport, timesReport, tradingReport, type StatsScope } from './reports';
import { checkRange, RangeError400, type Grouping, type StatsRange } from './ranges';

type Guard = (req: FastifyRequest) => Promise<void>;

export interface ReportQuery { scope: StatsScope; range: StatsRange; group: Grouping }

/** Parse ?from=&to=&library=&group= into a report query, or a 400 that says what is wrong. */
export function parseReportQuery(query: unknown): ReportQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  let range: StatsRange;
  try {
    range = checkRange(str('from') ?? `${today.slice(0, 4)}-01-01`, str('to') ?? today);
  } catch (err) {
    if (err instanceof RangeError400) throw new ApiError(400, 'BAD_DATE_RANGE', err.message);
    throw err;
  }
  const group = str('group') ?? 'month';
  if (group !== 'month' && group !== 'year' && group !== 'all') throw new ApiError(400, 'BAD_GROUPING', 'group must be month, year or all');
  const library = str('library');
  if (library !== undefined && library !== '' && !new RegExp(LIBRARY_CODE_PATTERN).test(library)) throw new ApiError(400, 'VALIDATION_FAILED', 'library: a library code such as NKUST');
  return { scope: { libraryId: library ? library : null }, range, group };
}

export const REPORTS = ['dashboard', 'requests', 'trading', 'times', 'routes', 'activity'] as const;
export type ReportName = (typeof REPORTS)[number];

export async function runReport(db: Database, name: ReportName, q: ReportQuery): Promise<unknown> {
  switch (name) {
    case 'dashboard': return dashboard(db, q.scope, q.range);
    case 'requests': return requestsReport(db, q.scope, q.range, q.group);
    case 'trading': return tradingReport(db, q.scope, q.range);
    case 'times': return timesReport(db, q.scope, q.range);
    case 'routes': return routesReport(db, q.scope, q.range);
    case 'activity': return activityReport(db, q.scope, q.range, q.group);
  }
}

export const isReportName = (s: string): s is ReportName => (REPORTS as readonly string[]).includes(s);

/**
 * Start the consumer with the app and stop it before the app closes; mount the
 * administrator's statistics routes. app.ts calls this once.
 */
export function startStats(app: FastifyInstance, db: Database, requireAdmin: Guard): StatsConsumer {
  const consumer = new StatsConsumer(db, (err) => app.log.error({ err }, 'statistics consumer failed (it retries on the next change)'));
  app.addHook('onReady', async () => consumer.start());
  app.addHook('onClose', async () => consumer.stop());
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    admin.post('/admin/stats/rebuild', async () => {
      const started = Date.now();
      const consumed = await rebuildStats(db);
      return { consumed, ms: Date.now() - started, ...(await statsLag(db)) };
    });
    admin.get('/admin/stats/lag', async () => statsLag(db));
    admin.get('/admin/stats/reports/:name', async (req) => {
      const name = (req.params as { name: string }).name;
      if (!isReportName(name)) throw new ApiError(404, 'UNKNOWN_REPORT', `Reports: ${REPORTS.join(', ')}.`);
      return runReport(db, name, parseReportQuery(req.query));
    });
  });
  return consumer;
}
