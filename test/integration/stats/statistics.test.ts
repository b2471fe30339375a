// The statistics, kept incrementally from the event log, equal a plain
// recomputation from the raw events for a generated history (five schools,
// every outcome), on PGlite and PostgreSQL; a rebuild from scratch equals the
// incremental aggregates whatever the batch size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { catchUp, rebuildStats } from '#server/stats/consumer';
import { activityReport, requestsReport, routesReport, timesReport, tradingReport } from '#server/stats/reports';
import { generateHistory, SCHOOLS } from './support/history';
import { observations, type Obs } from './support/recompute';
import { expectedActivity, expectedRequests, expectedTimes, expectedTrading, type Window } from './support/compare';
import { openTestDb, snapshot } from './support/db';

const START = Date.parse('2025-11-20T01:30:00Z');

for (const backend of await backends()) {
  describe(`statistics on ${backend}`, () => {
    let t: Awaited<ReturnType<typeof openTestDb>>;
    let obs: Obs[];

    beforeAll(async () => {
      t = await openTestDb(backend);
      await generateHistory(t.db, { seed: 18, requests: 90, startMs: START });
      // An odd batch size, so that a request's events straddle batches.
      await catchUp(t.db, { limit: 37 });
      obs = await observations(t.db);
    }, 240_000);
    afterAll(async () => t?.dispose());

    it('covers every outcome the reports distinguish', () => {
      const metrics = new Set(obs.map((o) => o.metric));
      for (const m of ['placed', 'filled', 'unfilled', 'cannot_supply', 'transit', 'turnaround', 'hold_shelf', 'holds_expired', 'kiosk_loans', 'self_returns', 'fines_charged', 'fines_paid', 'fines_waived', 'cards_issued', 'visitor_loans']) {
        expect(metrics, m).toContain(m);
      }
      expect(new Set(obs.map((o) => o.day.slice(0, 4))).size).toBeGreaterThan(1);
    });

    const windows: Window[] = [
      { from: '2025-01-01', to: '2026-12-31', libraryId: null, group: 'month' },
      { from: '2025-01-01', to: '2026-12-31', libraryId: null, group: 'year' },
      // Ragged ends: days from the daily rows, whole months from the monthly rows.
      { from: '2025-11-27', to: '2026-01-09', libraryId: null, group: 'month' },
      { from: '2025-12-05', to: '2025-12-05', libraryId: null, group: 'all' },
      // A whole year (from the yearly rows) after ragged days and months.
      { from: '2025-11-23', to: '2026-12-31', libraryId: null, group: 'all' },
      { from: '2025-12-01', to: '2026-03-31', libraryId: 'NKUST', group: 'year' },
      ...SCHOOLS.map((libraryId): Window => ({ from: '2025-12-03', to: '2026-02-17', libraryId, group: 'month' })),
      ...SCHOOLS.map((libraryId): Window => ({ from: '2025-01-01', to: '2026-12-31', libraryId, group: 'year' })),
    ];

    it.each(windows.map((w) => [`${w.libraryId ?? 'consortium'} ${w.from}..${w.to} by ${w.group}`, w] as const))('equals the recomputation: %s', async (_name, w) => {
      const scope = { libraryId: w.libraryId };
      const range = { from: w.from, to: w.to };
      expect(await requestsReport(t.db, scope, range, w.group)).toEqual(expectedRequests(obs, w));
      expect(await tradingReport(t.db, scope, range)).toEqual(expectedTrading(obs, w));
      const times = expectedTimes(obs, w);
      expect(await timesReport(t.db, scope, range)).toEqual({ metrics: times.metrics });
      expect(await routesReport(t.db, scope, range)).toEqual({ routes: times.routes });
      expect(await activityReport(t.db, scope, range, w.group)).toEqual(expectedActivity(obs, w));
    });

    it('a rebuild from scratch yields identical aggregates, whatever the batch size', async () => {
      const incremental = await snapshot(t.db);
      await rebuildStats(t.db, { limit: 5000 });
      expect(await snapshot(t.db)).toEqual(incremental);
      await rebuildStats(t.db, { limit: 1 });
      expect(await snapshot(t.db)).toEqual(incremental);
    }, 120_000);
  });
}
