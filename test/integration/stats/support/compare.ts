// Expected report numbers from the plain recomputation, in the reports' shapes.
import type { Obs } from './recompute';
import { summary } from './recompute';

export interface Window { from: string; to: string; libraryId: string | null; group: 'month' | 'year' | 'all' }

const inWindow = (o: Obs, w: Window) => o.day >= w.from && o.day <= w.to;
const groupOf = (day: string, g: Window['group']) => (g === 'month' ? day.slice(0, 7) : g === 'year' ? day.slice(0, 4) : 'all');
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

export function expectedRequests(obs: readonly Obs[], w: Window) {
  const mine = obs.filter((o) => inWindow(o, w) && (w.libraryId === null || o.library === w.libraryId));
  const count = (list: readonly Obs[], m: string) => list.filter((o) => o.metric === m).length;
  const row = (group: string, list: readonly Obs[]) => ({
    group, placed: count(list, 'placed'), filled: count(list, 'filled'), unfilled: count(list, 'unfilled'),
    fillRate: ratio(count(list, 'filled'), count(list, 'filled') + count(list, 'unfilled')),
    requested: count(list, 'requested'), lent: count(list, 'lent'), cannotSupply: count(list, 'cannot_supply'),
  });
  const relevant = mine.filter((o) => ['placed', 'filled', 'unfilled', 'requested', 'lent', 'cannot_supply'].includes(o.metric));
  const groups = [...new Set(relevant.map((o) => groupOf(o.day, w.group)))].sort();
  const reasons = new Map<string, number>();
  for (const o of mine) if (o.metric === 'unfilled_reason') reasons.set(o.partner, (reasons.get(o.partner) ?? 0) + 1);
  return {
    rows: groups.map((g) => row(g, relevant.filter((o) => groupOf(o.day, w.group) === g))),
    total: row('all', relevant),
    unfilledByReason: [...reasons].map(([reason, c]) => ({ reason, count: c })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
  };
}

export function expectedTrading(obs: readonly Obs[], w: Window) {
  const list = obs.filter((o) => inWindow(o, w) && (o.metric === 'lent' || o.metric === 'borrowed') && (w.libraryId === null || o.library === w.libraryId));
  const key = (o: Obs) => (w.libraryId === null ? o.library : o.partner);
  const keys = [...new Set(list.map(key))].sort();
  const rows = keys.map((k) => {
    const lent = list.filter((o) => key(o) === k && o.metric === 'lent').length;
    const borrowed = list.filter((o) => key(o) === k && o.metric === 'borrowed').length;
    return { libraryId: k, lent, borrowed, net: lent - borrowed };
  });
  const lent = rows.reduce((s, r) => s + r.lent, 0);
  const borrowed = rows.reduce((s, r) => s + r.borrowed, 0);
  return { rows, total: { libraryId: w.libraryId ?? '*', lent, borrowed, net: lent - borrowed } };
}

export function expectedTimes(obs: readonly Obs[], w: Window) {
  const mine = obs.filter((o) => inWindow(o, w));
  const metrics: Record<string, ReturnType<typeof summary>> = {};
  for (const m of ['first_action', 'ship', 'transit', 'turnaround', 'hold_shelf']) {
    metrics[m] = summary(mine.filter((o) => o.metric === m && (w.libraryId === null || o.library === w.libraryId)).map((o) => o.value));
  }
  const legs = mine.filter((o) => o.metric === 'transit' && (w.libraryId === null || o.library === w.libraryId || o.partner === w.libraryId));
  const routes = [...new Set(legs.map((o) => `${o.library}>${o.partner}`))].sort().map((r) => {
    const [from, to] = r.split('>') as [string, string];
    return { from, to, ...summary(legs.filter((o) => o.library === from && o.partner === to).map((o) => o.value)) };
  });
  return { metrics, routes };
}

export function expectedActivity(obs: readonly Obs[], w: Window) {
  const mine = obs.filter((o) => inWindow(o, w) && (w.libraryId === null || o.library === w.libraryId));
  const row = (group: string, list: readonly Obs[]) => {
    const n = (m: string) => list.filter((o) => o.metric === m).length;
    const t = (m: string) => list.filter((o) => o.metric === m).reduce((s, o) => s + o.value, 0);
    return {
      group, holdsExpired: n('holds_expired'), cardsIssued: n('cards_issued'), visitorLoans: n('visitor_loans'),
      booksPerCard: n('cards_issued') === 0 ? null : Math.round((n('visitor_loans') / n('cards_issued')) * 100) / 100,
      loans: n('loans'), kioskLoans: n('kiosk_loans'), returns: n('returns'), selfReturns: n('self_returns'),
      finesCharged: n('fines_charged'), finesChargedAmount: t('fines_charged'), finesPaid: n('fines_paid'), finesPaidAmount: t('fines_paid'),
      finesWaived: n('fines_waived'), finesWaivedAmount: t('fines_waived'),
    };
  };
  const metrics = ['holds_expired', 'cards_issued', 'visitor_loans', 'loans', 'kiosk_loans', 'returns', 'self_returns', 'fines_charged', 'fines_paid', 'fines_waived'];
  const relevant = mine.filter((o) => metrics.includes(o.metric));
  const groups = [...new Set(relevant.map((o) => groupOf(o.day, w.group)))].sort();
  return { rows: groups.map((g) => row(g, relevant.filter((o) => groupOf(o.day, w.group) === g))), total: row('all', relevant) };
}
