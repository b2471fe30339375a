// The title-request timer, one per service process: routes approved requests
// that have no rota yet (right after the push that approved them: it listens
// for committed changes, and on every tick as a safety net), and skips a
// lender that has not acted within the policy's open days (lenderResponseDays,
// counted on the lender's calendar). Every step runs under the writers' lock
// and each skip's event id is derived from (request, rota position), so any
// number of processes may run it at once: one records the step, the others
// find nothing left to do. The clock is injected for tests.
import type { Database, Sql } from '#server/db/database';
import { lockWriters } from '#server/events/apply-events';
import { CHANGES_CHANNEL } from '#server/records/records-repo';
import { newId } from '#shared/domain/ids';
import { localDateOf, openDaysAfter } from '#shared/domain/dates';
import { effectivePolicy, type PolicyRecordLike } from '#shared/domain/policy';
import { anyUnrouted, OPEN_TITLE_REQUESTS, routePendingIn } from './routing';
import { applyTitleEvents, type TitleServiceEvent } from './service-events';

export interface SchedulerOptions {
  now?: () => number;
  /** Between ticks; 0 = no timer (tests call tick()). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

interface Asked { id: string; borrower: string; lender: string; position: number; asked_at: string | null }

/** `request.lender_timed_out` for every lender whose time is up, decided and applied under the writers' lock. */
export async function skipLateLendersIn(tx: Sql, nowMs: number): Promise<number> {
  await lockWriters(tx);
  const { rows } = await tx.query<Asked>(
    `select id, data->>'borrowerLibraryId' as borrower, data->>'lenderLibraryId' as lender, (data->>'rotaIndex')::int as position, data->>'askedAt' as asked_at
       from records where ${OPEN_TITLE_REQUESTS} and data->>'rotaIndex' <> '-1' and data->>'lenderState' = 'new'`,
  );
  if (rows.length === 0) return 0;
  const { rows: policyRows } = await tx.query<{ data: PolicyRecordLike }>(`select data from records where collection = 'policies' and not deleted`);
  const policies = policyRows.map((r) => r.data);
  const due: TitleServiceEvent<'request.lender_timed_out'>[] = [];
  for (const r of rows) {
    if (!r.asked_at) continue;
    const policy = effectivePolicy(r.lender, policies);
    const waited = openDaysAfter(localDateOf(r.asked_at, policy.utcOffsetMinutes), localDateOf(nowMs, policy.utcOffsetMinutes), policy);
    if (waited < policy.lenderResponseDays) continue;
    due.push({
      type: 'request.lender_timed_out', libraryId: r.borrower,
      payload: { requestId: r.id, position: r.position, lenderLibraryId: r.lender }, key: `timeout:${r.id}:${r.position}`,
    });
  }
  let skipped = 0;
  for (const event of due) {
    const [result] = await applyTitleEvents(tx, [event], nowMs, () => newId(nowMs));
    if (result?.status === 'applied') skipped++;
  }
  return skipped;
}

export class RequestScheduler {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private routeAgain = false;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly db: Database, private readonly opts: SchedulerOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  async start(): Promise<void> {
    // Each committed change may be a request just approved: route it now rather than on the next tick.
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, () => this.kickRouting(), () => this.kickRouting());
    const interval = this.opts.intervalMs ?? 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.opts.onError?.(err)), interval);
      this.timer.unref();
    }
    this.kickRouting();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
    this.unlisten = null;
    await this.running.catch(() => undefined);
  }

  /** Route what waits, then skip late lenders; one run at a time in this process. */
  tick(): Promise<{ routed: number; skipped: number }> {
    const run = this.running.catch(() => undefined).then(async () => {
      const routed = await this.routeNow();
      const skipped = await this.db.transaction((tx) => skipLateLendersIn(tx, this.now()));
      return { routed, skipped };
    });
    this.running = run;
    return run;
  }

  /** Route approved, unrouted requests now (several changes arriving together make one run, and one more after it). */
  private kickRouting(): void {
    if (this.stopped) return;
    if (this.routeAgain) return;
    this.routeAgain = true;
    const run = this.running.catch(() => undefined).then(async () => {
      this.routeAgain = false;
      if (this.stopped) return;
      await this.routeNow();
    }).catch((err: unknown) => this.opts.onError?.(err));
    this.running = run;
  }

  private async routeNow(): Promise<number> {
    if (!(await anyUnrouted(this.db))) return 0;
    const nowMs = this.now();
    return this.db.transaction((tx) => routePendingIn(tx, nowMs, () => newId(nowMs)));
  }
}
