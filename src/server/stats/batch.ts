// One batch of the statistics consumer, in one transaction: take the
// checkpoint row's lock, read the next events in sequence order, turn the
// applied ones into facts, and write the facts' increments, the consumer's
// state and the new checkpoint before committing. A crash anywhere before the
// commit leaves the aggregates and the checkpoint exactly as they were.
import type { Sql } from '#server/db/database';
import { factsOf, isDuration, type AppliedEvent, type Fact, type FactContext, type StateKind, type StateKinds } from './facts';
import { bucketOf } from './buckets';

export const CONSORTIUM = '*';

interface EventRow { seq: number | string; data: AppliedEvent & { status: string } }

export interface BatchOptions {
  limit: number;
  /** Test hook: runs after the batch's writes, before its commit (the crash test stops the process here). */
  beforeCommit?: (info: { fromSeq: number; toSeq: number }) => Promise<void>;
}

/** Process the next batch; returns how many events it consumed (0: caught up). */
export async function runBatch(tx: Sql, opts: BatchOptions): Promise<number> {
  // Losing the last batches in a crash is harmless (they are lost whole, checkpoint included, and
  // consumed again), so the commit need not wait for the disk.
  await tx.query('set local synchronous_commit = off');
  const { rows: cp } = await tx.query<{ seq: number | string }>('select seq from stats_checkpoint where id = 1 for update');
  const after = Number(cp[0]?.seq ?? 0);
  const { rows } = await tx.query<EventRow>(
    `select seq, data from records where collection = 'events' and seq > $1 order by seq limit $2`,
    [after, opts.limit],
  );
  if (rows.length === 0) return 0;
  const events = rows.filter((r) => r.data.status === 'applied').map((r) => r.data);
  const ctx = await BatchContext.load(tx, events);
  const facts: Fact[] = [];
  for (const e of events) facts.push(...factsOf(e, ctx));
  await ctx.save(tx);
  await writeFacts(tx, facts);
  const toSeq = Number(rows[rows.length - 1]!.seq);
  await tx.query('update stats_checkpoint set seq = $1 where id = 1', [toSeq]);
  await opts.beforeCommit?.({ fromSeq: Number(rows[0]!.seq), toSeq });
  return rows.length;
}

const strings = (xs: Iterable<unknown>): string[] => [...new Set([...xs].filter((x): x is string => typeof x === 'string' && x !== ''))];

/** The state rows and record fields one batch reads, loaded in a few bulk queries, and what it changed. */
class BatchContext implements FactContext {
  private readonly state = new Map<string, unknown>();
  private readonly dirty = new Set<string>();
  private holds = new Map<string, { requestId: string; libraryId: string }>();
  private fines = new Map<string, { amount: number; libraryId: string }>();
  private roles = new Map<string, 'staff' | 'kiosk'>();

  static async load(tx: Sql, events: readonly AppliedEvent[]): Promise<BatchContext> {
    const c = new BatchContext();
    const pick = (types: readonly string[], key: string) => strings(events.filter((e) => types.includes(e.type)).map((e) => e.payload[key]));
    const holdIds = pick(['item.received', 'hold.expired', 'loan.started'], 'holdId');
    const fineIds = pick(['loan.ended', 'fine.paid', 'fine.waived'], 'fineId');
    const parcelIds = pick(['item.packed', 'item.unpacked', 'parcel.dispatched', 'item.received'], 'parcelId');
    const receivedHoldIds = pick(['item.received'], 'holdId');
    const loanEndFines = pick(['loan.ended'], 'fineId');

    const { rows: holdRecs } = await tx.query<{ id: string; request_id: string; library_id: string }>(
      `select id, data->>'requestId' as request_id, data->>'libraryId' as library_id from records where collection = 'holds' and id = any($1::text[])`,
      [receivedHoldIds],
    );
    c.holds = new Map(holdRecs.map((r) => [r.id, { requestId: r.request_id, libraryId: r.library_id }]));
    const { rows: fineRecs } = await tx.query<{ id: string; amount: string | number; library_id: string }>(
      `select id, data->>'amount' as amount, data->>'libraryId' as library_id from records where collection = 'fines' and id = any($1::text[])`,
      [loanEndFines],
    );
    c.fines = new Map(fineRecs.map((r) => [r.id, { amount: Math.round(Number(r.amount)), libraryId: r.library_id }]));
    const deviceIds = strings(events.filter((e) => e.type === 'loan.started' || e.type === 'loan.ended').map((e) => e.deviceId));
    const { rows: devs } = await tx.query<{ id: string; role: 'staff' | 'kiosk' }>('select id, role from devices where id = any($1::text[])', [deviceIds]);
    c.roles = new Map(devs.map((d) => [d.id, d.role]));

    await c.loadState(tx, 'parcel', parcelIds);
    await c.loadState(tx, 'hold', holdIds);
    await c.loadState(tx, 'fine', fineIds);
    // Requests: named by the events, by the parcels' items and by the holds just loaded.
    const reqIds = new Set(pick(['request.created', 'request.cannot_supply', 'request.cancelled', 'item.packed'], 'requestId'));
    for (const e of events) if (e.type === 'request.pull_slip_printed' && Array.isArray(e.payload['requestIds'])) for (const id of strings(e.payload['requestIds'] as unknown[])) reqIds.add(id);
    for (const [key, v] of c.state) {
      if (key.startsWith('parcel\u0000')) for (const it of (v as StateKinds['parcel']).items) reqIds.add(it.requestId);
    }
    for (const h of c.holds.values()) reqIds.add(h.requestId);
    await c.loadState(tx, 'req', [...reqIds]);
    return c;
  }

  private async loadState(tx: Sql, kind: StateKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { rows } = await tx.query<{ id: string; data: unknown }>('select id, data from stats_state where kind = $1 and id = any($2::text[])', [kind, ids]);
    for (const r of rows) this.state.set(`${kind}\u0000${r.id}`, r.data);
  }

  get<K extends StateKind>(kind: K, id: string): StateKinds[K] | undefined {
    return this.state.get(`${kind}\u0000${id}`) as StateKinds[K] | undefined;
  }

  put<K extends StateKind>(kind: K, id: string, value: StateKinds[K]): void {
    const key = `${kind}\u0000${id}`;
    this.state.set(key, value);
    this.dirty.add(key);
  }

  holdRecord(id: string) { return this.holds.get(id); }
  fineRecord(id: string) { return this.fines.get(id); }
  deviceRole(id: string) { return this.roles.get(id); }

  async save(tx: Sql): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].map((key) => {
      const [kind, id] = key.split('\u0000') as [string, string];
      return { kind, id, data: this.state.get(key) };
    });
    await tx.query(
      `insert into stats_state (kind, id, data) select kind, id, data from jsonb_to_recordset($1::jsonb) as x(kind text, id text, data jsonb)
       on conflict (kind, id) do update set data = excluded.data`,
      [JSON.stringify(rows)],
    );
  }
}

/** Add the facts to the daily, monthly and yearly rows of the school and of the consortium (library '*'). */
export async function writeFacts(tx: Sql, facts: readonly Fact[]): Promise<void> {
  const agg = new Map<string, { metric: string; grain: string; library_id: string; period: string; partner_id: string; n: number; total: number }>();
  const hist = new Map<string, { metric: string; grain: string; library_id: string; period: string; partner_id: string; bucket: number; n: number }>();
  for (const f of facts) {
    const bucket = isDuration(f.metric) ? bucketOf(f.value) : null;
    for (const [grain, period] of [['d', f.day], ['m', `${f.day.slice(0, 7)}-01`], ['y', `${f.day.slice(0, 4)}-01-01`]] as const) {
      for (const library of [f.library, CONSORTIUM]) {
        // The consortium's rows keep a partner only for unfilled reasons: per-partner and per-route tables
        // read the schools' own rows, and fewer consortium rows keep its reports fast.
        const partner = library === CONSORTIUM && f.metric !== 'unfilled_reason' ? '' : f.partner;
        const k = `${f.metric}|${grain}|${library}|${period}|${partner}`;
        const a = agg.get(k) ?? { metric: f.metric, grain, library_id: library, period, partner_id: partner, n: 0, total: 0 };
        a.n += 1;
        a.total += f.value;
        agg.set(k, a);
        if (bucket === null) continue;
        const hk = `${k}|${bucket}`;
        const h = hist.get(hk) ?? { metric: f.metric, grain, library_id: library, period, partner_id: partner, bucket, n: 0 };
        h.n += 1;
        hist.set(hk, h);
      }
    }
  }
  if (agg.size > 0) {
    await tx.query(
      `insert into stats_agg (metric, grain, library_id, period, partner_id, n, total)
         select metric, grain, library_id, period, partner_id, n, total
           from jsonb_to_recordset($1::jsonb) as x(metric text, grain text, library_id text, period date, partner_id text, n bigint, total bigint)
       on conflict (metric, grain, library_id, period, partner_id) do update set n = stats_agg.n + excluded.n, total = stats_agg.total + excluded.total`,
      [JSON.stringify([...agg.values()])],
    );
  }
  if (hist.size > 0) {
    await tx.query(
      `insert into stats_hist (metric, grain, library_id, period, partner_id, bucket, n)
         select metric, grain, library_id, period, partner_id, bucket, n
           from jsonb_to_recordset($1::jsonb) as x(metric text, grain text, library_id text, period date, partner_id text, bucket int, n bigint)
       on conflict (metric, grain, library_id, period, partner_id, bucket) do update set n = stats_hist.n + excluded.n`,
      [JSON.stringify([...hist.values()])],
    );
  }
}
