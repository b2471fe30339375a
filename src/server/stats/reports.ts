// The statistics the console shows, read from the aggregates only. Scope is
// one school or the consortium (null); every report takes any date range and
// groups by month, by year or not at all. Definitions: facts.ts.
import type { Sql } from '#server/db/database';
import { DURATION_METRICS, type DurationMetric, type Metric } from './facts';
import { quantileHours, thresholdCounts } from './buckets';
import { CONSORTIUM } from './batch';
import { groupExpr, segmentedFrom, type Grouping, type StatsRange } from './ranges';

export interface StatsScope { libraryId: string | null }

interface SumRow { metric: Metric; library_id: string; partner_id: string; grp: string; n: number; total: number }

/** Sums of n and total per metric, school, partner and group, for rows matching `where` (params from $1). */
async function sums(db: Sql, metrics: readonly Metric[], where: string, params: unknown[], range: StatsRange, group: Grouping): Promise<SumRow[]> {
  const from = segmentedFrom('stats_agg', 'metric, library_id, partner_id, period, n, total', `metric = any($1::text[]) and ${where}`, params.length + 1, range, group !== 'month');
  const { rows } = await db.query<{ metric: Metric; library_id: string; partner_id: string; grp: string; n: string | number; total: string | number }>(
    `select metric, library_id, partner_id, ${groupExpr(group)} as grp, sum(n) as n, sum(total) as total
       from ${from.sql} as x group by metric, library_id, partner_id, grp`,
    [metrics, ...params, ...from.params],
  );
  return rows.map((x) => ({ ...x, n: Number(x.n), total: Number(x.total) }));
}

async function hists(db: Sql, metrics: readonly Metric[], where: string, params: unknown[], range: StatsRange): Promise<Array<{ metric: Metric; library_id: string; partner_id: string; bucket: number; n: number }>> {
  const from = segmentedFrom('stats_hist', 'metric, library_id, partner_id, bucket, n', `metric = any($1::text[]) and ${where}`, params.length + 1, range, true);
  const { rows } = await db.query<{ metric: Metric; library_id: string; partner_id: string; bucket: number; n: string | number }>(
    `select metric, library_id, partner_id, bucket, sum(n) as n from ${from.sql} as x group by metric, library_id, partner_id, bucket`,
    [metrics, ...params, ...from.params],
  );
  return rows.map((x) => ({ ...x, bucket: Number(x.bucket), n: Number(x.n) }));
}

const scopeLib = (s: StatsScope) => s.libraryId ?? CONSORTIUM;
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

function byGroup(rows: readonly SumRow[], pick: (r: SumRow) => number = (r) => r.n): Map<string, Map<Metric, number>> {
  const out = new Map<string, Map<Metric, number>>();
  for (const r of rows) {
    const g = out.get(r.grp) ?? new Map<Metric, number>();
    g.set(r.metric, (g.get(r.metric) ?? 0) + pick(r));
    out.set(r.grp, g);
  }
  return out;
}

export interface RequestsRow { group: string; placed: number; filled: number; unfilled: number; fillRate: number | null; requested: number; lent: number; cannotSupply: number }

export async function requestsReport(db: Sql, scope: StatsScope, range: StatsRange, group: Grouping): Promise<{ rows: RequestsRow[]; total: RequestsRow; unfilledByReason: Array<{ reason: string; count: number }> }> {
  const rows = await sums(db, ['placed', 'filled', 'unfilled', 'requested', 'lent', 'cannot_supply'], 'library_id = $2', [scopeLib(scope)], range, group);
  const make = (g: string, m: Map<Metric, number> | undefined): RequestsRow => {
    const v = (k: Metric) => m?.get(k) ?? 0;
    return { group: g, placed: v('placed'), filled: v('filled'), unfilled: v('unfilled'), fillRate: ratio(v('filled'), v('filled') + v('unfilled')), requested: v('requested'), lent: v('lent'), cannotSupply: v('cannot_supply') };
  };
  const groups = byGroup(rows);
  const reasons = await sums(db, ['unfilled_reason'], 'library_id = $2', [scopeLib(scope)], range, 'all');
  return {
    rows: [...groups.keys()].sort().map((g) => make(g, groups.get(g))),
    total: make('all', byGroup(rows.map((r) => ({ ...r, grp: 'all' }))).get('all')),
    unfilledByReason: reasons.map((r) => ({ reason: r.partner_id, count: r.n })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
  };
}

export interface TradingRow { libraryId: string; lent: number; borrowed: number; net: number }

/** Consortium: lent, borrowed and net per school. A school: the same per trading partner. */
export async function tradingReport(db: Sql, scope: StatsScope, range: StatsRange): Promise<{ rows: TradingRow[]; total: TradingRow }> {
  const rows = scope.libraryId === null
    ? await sums(db, ['lent', 'borrowed'], `library_id <> '*'`, [], range, 'all')
    : await sums(db, ['lent', 'borrowed'], 'library_id = $2', [scope.libraryId], range, 'all');
  const key = (r: SumRow) => (scope.libraryId === null ? r.library_id : r.partner_id);
  const acc = new Map<string, TradingRow>();
  for (const r of rows) {
    const t = acc.get(key(r)) ?? { libraryId: key(r), lent: 0, borrowed: 0, net: 0 };
    if (r.metric === 'lent') t.lent += r.n;
    else t.borrowed += r.n;
    t.net = t.lent - t.borrowed;
    acc.set(key(r), t);
  }
  const list = [...acc.values()].sort((a, b) => (a.libraryId < b.libraryId ? -1 : 1));
  const lent = list.reduce((s, r) => s + r.lent, 0);
  const borrowed = list.reduce((s, r) => s + r.borrowed, 0);
  return { rows: list, total: { libraryId: scope.libraryId ?? CONSORTIUM, lent, borrowed, net: lent - borrowed } };
}

export interface DurationSummary { count: number; averageHours: number | null; medianHours: number | null; p90Hours: number | null; under48h: number; from48to72h: number; over72h: number }

function summarize(n: number, totalMinutes: number, hist: Map<number, number>): DurationSummary {
  return {
    count: n,
    averageHours: n === 0 ? null : Math.round((totalMinutes / n / 60) * 10) / 10,
    medianHours: quantileHours(hist, 0.5),
    p90Hours: quantileHours(hist, 0.9),
    ...thresholdCounts(hist),
  };
}

/** Durations for the scope (transit: the legs the school sent; the consortium: every leg). */
export async function timesReport(db: Sql, scope: StatsScope, range: StatsRange): Promise<{ metrics: Record<DurationMetric, DurationSummary> }> {
  const lib = scopeLib(scope);
  const rows = await sums(db, DURATION_METRICS, 'library_id = $2', [lib], range, 'all');
  const hs = await hists(db, DURATION_METRICS, 'library_id = $2', [lib], range);
  const metrics = {} as Record<DurationMetric, DurationSummary>;
  for (const m of DURATION_METRICS) {
    const mine = rows.filter((r) => r.metric === m);
    const hist = new Map<number, number>();
    for (const h of hs) if (h.metric === m) hist.set(h.bucket, (hist.get(h.bucket) ?? 0) + h.n);
    metrics[m] = summarize(mine.reduce((s, r) => s + r.n, 0), mine.reduce((s, r) => s + r.total, 0), hist);
  }
  return { metrics };
}

/** Time in transit per route (from → to): every route for the consortium; for a school, the routes it sends or receives on. */
export async function routesReport(db: Sql, scope: StatsScope, range: StatsRange): Promise<{ routes: Array<{ from: string; to: string } & DurationSummary> }> {
  const where = scope.libraryId === null ? `library_id <> '*'` : `library_id <> '*' and (library_id = $2 or partner_id = $2)`;
  const params = scope.libraryId === null ? [] : [scope.libraryId];
  const routeRows = await sums(db, ['transit'], where, params, range, 'all');
  const routeHist = await hists(db, ['transit'], where, params, range);
  const byRoute = new Map<string, Map<number, number>>();
  for (const h of routeHist) {
    const k = `${h.library_id}>${h.partner_id}`;
    const m = byRoute.get(k) ?? new Map<number, number>();
    m.set(h.bucket, (m.get(h.bucket) ?? 0) + h.n);
    byRoute.set(k, m);
  }
  const routes = routeRows.map((r) => ({ from: r.library_id, to: r.partner_id, ...summarize(r.n, r.total, byRoute.get(`${r.library_id}>${r.partner_id}`) ?? new Map()) }));
  routes.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1));
  return { routes };
}

export interface ActivityRow {
  group: string; holdsExpired: number; cardsIssued: number; visitorLoans: number; booksPerCard: number | null;
  loans: number; kioskLoans: number; returns: number; selfReturns: number;
  finesCharged: number; finesChargedAmount: number; finesPaid: number; finesPaidAmount: number; finesWaived: number; finesWaivedAmount: number;
}

const ACTIVITY: readonly Metric[] = ['holds_expired', 'cards_issued', 'visitor_loans', 'loans', 'kiosk_loans', 'returns', 'self_returns', 'fines_charged', 'fines_paid', 'fines_waived'];

/** Holds expired, virtual cards (books per card = visitor loans / cards issued), kiosk use, fines. */
export async function activityReport(db: Sql, scope: StatsScope, range: StatsRange, group: Grouping): Promise<{ rows: ActivityRow[]; total: ActivityRow }> {
  const rows = await sums(db, ACTIVITY, 'library_id = $2', [scopeLib(scope)], range, group);
  const make = (g: string, sub: readonly SumRow[]): ActivityRow => {
    const n = (m: Metric) => sub.filter((r) => r.metric === m).reduce((s, r) => s + r.n, 0);
    const t = (m: Metric) => sub.filter((r) => r.metric === m).reduce((s, r) => s + r.total, 0);
    return {
      group: g, holdsExpired: n('holds_expired'), cardsIssued: n('cards_issued'), visitorLoans: n('visitor_loans'),
      booksPerCard: n('cards_issued') === 0 ? null : Math.round((n('visitor_loans') / n('cards_issued')) * 100) / 100,
      loans: n('loans'), kioskLoans: n('kiosk_loans'), returns: n('returns'), selfReturns: n('self_returns'),
      finesCharged: n('fines_charged'), finesChargedAmount: t('fines_charged'), finesPaid: n('fines_paid'), finesPaidAmount: t('fines_paid'),
      finesWaived: n('fines_waived'), finesWaivedAmount: t('fines_waived'),
    };
  };
  const groups = [...new Set(rows.map((r) => r.grp))].sort();
  return { rows: groups.map((g) => make(g, rows.filter((r) => r.grp === g))), total: make('all', rows) };
}

/** The console's first page: requests by month, the durations and the activity totals. */
export async function dashboard(db: Sql, scope: StatsScope, range: StatsRange) {
  const requests = await requestsReport(db, scope, range, 'month');
  const times = await timesReport(db, scope, range);
  const activity = await activityReport(db, scope, range, 'all');
  return { scope: scope.libraryId ?? CONSORTIUM, range, requests, times: times.metrics, activity: activity.total };
}
