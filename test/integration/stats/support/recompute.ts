// The statistics recomputed the plain way, to check the aggregates against:
// read every applied event at once, find each observation by looking at the
// whole list (no consumer state, no histograms), then filter by date and
// scope and count, sum, sort. Written separately from src/server/stats on
// purpose; only the published definitions are shared (facts.ts header).
import type { Database } from '#server/db/database';

interface Ev { seq: number; deviceId: string; libraryId: string; at: string; type: string; payload: Record<string, string | string[] | null> }
export interface Obs { metric: string; library: string; partner: string; day: string; value: number }

const taipeiDay = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);
const minutes = (a: string, b: string) => Math.max(0, Math.floor((Date.parse(b) - Date.parse(a)) / 60_000));

export async function observations(db: Database): Promise<Obs[]> {
  const events = (await db.query<{ seq: string; data: Omit<Ev, 'seq'> & { status: string } }>(`select seq, data from records where collection = 'events' order by seq`)).rows
    .filter((r) => r.data.status === 'applied').map((r) => ({ ...r.data, seq: Number(r.seq) }));
  const holds = new Map((await db.query<{ id: string; data: { requestId: string; libraryId: string } }>(`select id, data from records where collection = 'holds'`)).rows.map((r) => [r.id, r.data]));
  const fines = new Map((await db.query<{ id: string; data: { amount: number; libraryId: string } }>(`select id, data from records where collection = 'fines'`)).rows.map((r) => [r.id, r.data]));
  const kiosks = new Set((await db.query<{ id: string }>(`select id from devices where role = 'kiosk'`)).rows.map((r) => r.id));
  const out: Obs[] = [];
  const add = (metric: string, library: string, partner: string, at: string, value = 0) => out.push({ metric, library, partner, day: taipeiDay(at), value });
  const s = (e: Ev, k: string) => e.payload[k] as string;

  const created = new Map(events.filter((e) => e.type === 'request.created').map((e) => [s(e, 'requestId'), { borrower: e.libraryId, lender: s(e, 'lenderLibraryId'), at: e.at }]));
  for (const [, r] of created) {
    add('placed', r.borrower, r.lender, r.at);
    add('requested', r.lender, r.borrower, r.at);
  }
  // The lender's first step on each request.
  const firstStep = new Map<string, string>();
  for (const e of events) {
    const ids = e.type === 'request.pull_slip_printed' ? (e.payload['requestIds'] as string[])
      : e.type === 'request.cannot_supply' ? [s(e, 'requestId')]
        : e.type === 'item.packed' && created.get(s(e, 'requestId'))?.lender === e.libraryId ? [s(e, 'requestId')] : [];
    for (const id of ids) if (created.has(id) && !firstStep.has(id)) firstStep.set(id, e.at);
  }
  for (const [id, at] of firstStep) add('first_action', created.get(id)!.lender, '', at, minutes(created.get(id)!.at, at));
  for (const e of events.filter((x) => x.type === 'request.cannot_supply' || x.type === 'request.cancelled')) {
    const r = created.get(s(e, 'requestId'))!;
    add('unfilled', r.borrower, r.lender, e.at);
    const reason = e.type === 'request.cancelled' ? 'cancelled' : `cannot_supply:${s(e, 'reason').trim()}`;
    add('unfilled_reason', r.borrower, reason, e.at);
    if (e.type === 'request.cannot_supply') add('cannot_supply', r.lender, r.borrower, e.at);
  }
  // Parcels: what was packed into each (and not unpacked), and when each left.
  const packed = events.filter((e) => e.type === 'item.packed');
  const dispatched = new Map(events.filter((e) => e.type === 'parcel.dispatched').map((e) => [s(e, 'parcelId'), e]));
  const shipped = new Set<string>();
  for (const [parcelId, d] of dispatched) {
    for (const p of packed.filter((x) => s(x, 'parcelId') === parcelId && x.seq < d.seq)) {
      const id = s(p, 'requestId');
      const r = created.get(id)!;
      if (p.libraryId !== r.lender || shipped.has(id)) continue;
      shipped.add(id);
      add('filled', r.borrower, r.lender, d.at);
      add('borrowed', r.borrower, r.lender, d.at);
      add('lent', r.lender, r.borrower, d.at);
      add('ship', r.lender, '', d.at, minutes(r.at, d.at));
    }
  }
  const shelvedAt = new Map<string, string>();
  for (const e of events.filter((x) => x.type === 'item.received')) {
    const d = dispatched.get(s(e, 'parcelId'));
    if (d) {
      const from = packed.find((p) => s(p, 'parcelId') === s(e, 'parcelId'))!.libraryId;
      add('transit', from, e.libraryId, e.at, minutes(d.at, e.at));
    }
    const hold = holds.get(s(e, 'holdId'));
    if (hold && hold.libraryId === e.libraryId) {
      shelvedAt.set(s(e, 'holdId'), e.at);
      add('turnaround', hold.libraryId, '', e.at, minutes(created.get(hold.requestId)!.at, e.at));
    }
  }
  for (const e of events) {
    const kiosk = kiosks.has(e.deviceId);
    if (e.type === 'hold.expired') add('holds_expired', holds.get(s(e, 'holdId'))!.libraryId, '', e.at);
    if (e.type === 'loan.started') {
      add('hold_shelf', e.libraryId, '', e.at, minutes(shelvedAt.get(s(e, 'holdId'))!, e.at));
      add('loans', e.libraryId, '', e.at);
      if (kiosk) add('kiosk_loans', e.libraryId, '', e.at);
    }
    if (e.type === 'loan.ended') {
      add('returns', e.libraryId, '', e.at);
      if (kiosk) add('self_returns', e.libraryId, '', e.at);
      const f = fines.get(s(e, 'fineId'));
      if (f && f.amount > 0) add('fines_charged', f.libraryId, '', e.at, f.amount);
    }
    if (e.type === 'fine.paid' || e.type === 'fine.waived') {
      const f = fines.get(s(e, 'fineId'))!;
      add(e.type === 'fine.paid' ? 'fines_paid' : 'fines_waived', f.libraryId, '', e.at, f.amount);
    }
    if (e.type === 'card.issued') add('cards_issued', e.libraryId, '', e.at);
    if (e.type === 'loan.visitor_started') add('visitor_loans', e.libraryId, '', e.at);
  }
  return out;
}

/** Lower edge, in hours, of the reporting bucket a duration falls in (hourly to 336 h, then daily to 2880 h, then one bucket). */
export function bucketFloorHours(min: number): number {
  const h = Math.floor(min / 60);
  if (h < 336) return h;
  if (h < 2880) return 336 + 24 * Math.floor((h - 336) / 24);
  return 2880;
}

export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (p: number) => (n === 0 ? null : bucketFloorHours(sorted[Math.max(1, Math.ceil(p * n)) - 1]!));
  return {
    count: n,
    averageHours: n === 0 ? null : Math.round((sorted.reduce((a, b) => a + b, 0) / n / 60) * 10) / 10,
    medianHours: at(0.5),
    p90Hours: at(0.9),
    under48h: sorted.filter((m) => bucketFloorHours(m) < 48).length,
    from48to72h: sorted.filter((m) => bucketFloorHours(m) >= 48 && bucketFloorHours(m) < 72).length,
    over72h: sorted.filter((m) => bucketFloorHours(m) >= 72).length,
  };
}
