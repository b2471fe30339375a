// A visit rebuilt from what this kiosk recorded, for a receipt printed again
// after the screen was cleared or the kiosk restarted (a crash between the
// loan and the receipt). The events are the durable truth: every pickup and
// return this kiosk made is an event in its replica, stored before the tag
// was touched. A visit is the last run of one patron's events at this kiosk
// with no other patron's in between and no pause longer than `gapMs`.
import type { OptimisticView } from '#desk-core/optimistic-view';
import type { EventDoc } from '#shared/domain/events';
import type { ReceiptCheckout, ReceiptReturn } from '#shared/slips/patron-receipt';

export interface PastVisit {
  /** The first event's id: the receipt's key. */
  readonly key: string;
  readonly patronId: string;
  readonly at: string;
  readonly checkouts: readonly ReceiptCheckout[];
  readonly returns: readonly ReceiptReturn[];
  /** Some of it is not yet confirmed by the service (made offline, or still on its way). */
  readonly unconfirmed: boolean;
}

const HOUR = 3_600_000;

function patronOf(view: OptimisticView, e: EventDoc): string | null {
  const p = e.payload as Record<string, unknown>;
  if (e.type === 'loan.started') return typeof p['patronId'] === 'string' ? p['patronId'] : null;
  if (e.type === 'loan.ended' && typeof p['loanId'] === 'string') return view.reader.get('loans', p['loanId'])?.patronId ?? null;
  return null;
}

export function lastVisitOf(view: OptimisticView, deviceId: string, patronId: string, now: number, opts: { gapMs?: number; maxAgeMs?: number } = {}): PastVisit | null {
  const gapMs = opts.gapMs ?? 30 * 60_000;
  const maxAgeMs = opts.maxAgeMs ?? 24 * HOUR;
  const mine = [...view.events.values()]
    .filter((e) => e.deviceId === deviceId && e.status !== 'rejected' && (e.type === 'loan.started' || e.type === 'loan.ended'))
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  let run: EventDoc[] = [];
  let runPatron: string | null = null;
  let last: EventDoc[] = [];
  for (const e of mine) {
    const who = patronOf(view, e);
    const prev = run[run.length - 1];
    const continues = who !== null && who === runPatron && prev !== undefined && Date.parse(e.at) - Date.parse(prev.at) <= gapMs;
    if (!continues) {
      run = [];
      runPatron = who;
    }
    run.push(e);
    if (who === patronId) last = run;
  }
  const first = last[0];
  const final = last[last.length - 1];
  if (!first || !final || now - Date.parse(final.at) > maxAgeMs) return null;
  const checkouts: ReceiptCheckout[] = [];
  const returns: ReceiptReturn[] = [];
  for (const e of last) {
    const p = e.payload as { loanId: string; fineId?: string };
    const loan = view.reader.get('loans', p.loanId);
    if (!loan) continue;
    if (e.type === 'loan.started') checkouts.push({ title: loan.title, barcode: loan.itemBarcode, dueDate: loan.dueDate });
    else {
      const fine = p.fineId ? view.reader.get('fines', p.fineId) : undefined;
      returns.push({ title: loan.title, barcode: loan.itemBarcode, fine: loan.fineAmount, ...(fine ? { overdueDays: fine.overdueDays } : {}) });
    }
  }
  if (checkouts.length + returns.length === 0) return null;
  return { key: first.id, patronId, at: first.at, checkouts, returns, unconfirmed: last.some((e) => e.status === 'pending') };
}
