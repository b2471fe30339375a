// Routing title requests: the service computes each approved request's rota
// from the union catalogue (lenderCandidates) and each member's load, and
// records it as a `request.routed` event; the reducer then owns every move
// along it. Runs under the writers' lock, so two service processes never
// route one request twice (and the event id is derived from the request, so
// a second attempt would be a duplicate anyway).
import type { Sql } from '#server/db/database';
import { lockWriters } from '#server/events/apply-events';
import { lenderCandidates, type AvailabilityProbe } from '#server/catalogue/search';
import { buildRota } from '#shared/domain/requests/rota';
import { applyTitleEvents, type TitleServiceEvent } from './service-events';

const CLOSED = `('complete', 'unfilled', 'cancelled', 'lost')`;
/** The predicate of the partial index records_title_requests_open (migration 1502): keep them equal. */
export const OPEN_TITLE_REQUESTS = `collection = 'requests' and not deleted and data->'work' <> 'null'::jsonb and data->>'borrowerState' not in ${CLOSED}`;

/** Open requests per library as lender: given to it and not yet shipped (what a new request adds to). */
export async function lenderLoad(tx: Sql): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ lib: string; n: string | number }>(
    `select data->>'lenderLibraryId' as lib, count(*) as n from records
      where collection = 'requests' and not deleted and data->>'lenderLibraryId' <> ''
        and data->>'lenderState' in ('new', 'pull_slip_printed', 'awaiting_shipping') and data->>'borrowerState' not in ${CLOSED}
      group by 1`,
  );
  return new Map(rows.map((r) => [r.lib, Number(r.n)]));
}

export async function activeLibraries(tx: Sql): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>(`select id from records where collection = 'libraries' and not deleted and (data->>'active')::boolean`);
  return new Set(rows.map((r) => r.id));
}

/** The `request.routed` event for one request (its rota from the catalogue, now). */
export async function routedEvent(tx: Sql, req: { id: string; borrowerLibraryId: string; workId: string }, ctx: { load: Map<string, number>; lenders: Set<string>; probe?: AvailabilityProbe }): Promise<TitleServiceEvent<'request.routed'>> {
  const candidates = await lenderCandidates(tx, req.workId, { excludeLibraryId: req.borrowerLibraryId, ...(ctx.probe ? { probe: ctx.probe } : {}) });
  const rota = buildRota({ requestId: req.id, borrowerLibraryId: req.borrowerLibraryId, candidates, load: ctx.load, lenders: ctx.lenders });
  return { type: 'request.routed', libraryId: req.borrowerLibraryId, payload: { requestId: req.id, rota }, key: `routed:${req.id}` };
}

interface Unrouted { id: string; borrower: string; work_id: string }

const UNROUTED = `select id, data->>'borrowerLibraryId' as borrower, data->'work'->>'workId' as work_id from records
  where ${OPEN_TITLE_REQUESTS} and data->>'rotaIndex' = '-1' and data->'review'->>'state' = 'approved'`;

/**
 * Route approved title requests that have no rota yet, in the caller's transaction.
 * Returns how many were routed. `ids` limits it to those requests (the API's own).
 */
export async function routePendingIn(tx: Sql, nowMs: number, newId: () => string, opts: { ids?: string[]; limit?: number; probe?: AvailabilityProbe } = {}): Promise<number> {
  await lockWriters(tx);
  const filter = opts.ids ? ' and id = any($1::text[])' : '';
  const { rows } = await tx.query<Unrouted>(`${UNROUTED}${filter} order by id limit ${opts.limit ?? 50}`, opts.ids ? [opts.ids] : []);
  if (rows.length === 0) return 0;
  const ctx = { load: await lenderLoad(tx), lenders: await activeLibraries(tx), ...(opts.probe ? { probe: opts.probe } : {}) };
  let routed = 0;
  for (const r of rows) {
    const event = await routedEvent(tx, { id: r.id, borrowerLibraryId: r.borrower, workId: r.work_id }, ctx);
    const [result] = await applyTitleEvents(tx, [event], nowMs, newId);
    if (result?.status !== 'applied') continue;
    routed++;
    // The next request's rota sees this one's first lender as busier: load spreads within one batch too.
    const first = event.payload.rota[0];
    if (first) ctx.load.set(first.libraryId, (ctx.load.get(first.libraryId) ?? 0) + 1);
  }
  return routed;
}

/** Whether any request waits for routing (an indexed read, no lock: the cheap check before the real work). */
export async function anyUnrouted(db: Sql): Promise<boolean> {
  const { rows } = await db.query(`${UNROUTED} limit 1`);
  return rows.length > 0;
}
