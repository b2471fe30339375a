// What one applied event means for the statistics: a list of facts (a count,
// an amount or a duration, keyed by school, partner and local day), plus the
// little state the consumer keeps to measure durations between events (when a
// request was placed, when its parcel left). Pure: the consumer feeds it the
// state and the few immutable record fields it needs, in sequence order.
//
// Definitions (docs/architecture.md "Console and statistics"):
// - placed: request.created, at the borrower (partner = lender); `requested` is
//   the same from the lender's side.
// - filled = borrowed/lent: the first dispatch of the request's outbound
//   parcel (the lender supplied it). unfilled: cannot supply (reason = the
//   lender's text) or cancelled by the borrower. Fill rate = filled / (filled + unfilled).
// - first_action: placed → the lender's first step (pull slip, packing or
//   cannot supply). Requests are created directly today; a review step belongs
//   to the catalogue issue, and will get its own metric then.
// - ship: placed → outbound dispatch (lender). transit: dispatch → the item
//   scanned in at the parcel's destination, per route (from → to), every leg.
//   turnaround: placed → on the borrower's hold shelf. hold_shelf: shelved → picked up.
import { localDateOf, type LocalDate } from '#shared/domain/dates';

/** Statistics count local days in Taiwan (UTC+8, no daylight saving), like the consortium's desks. */
export const STATS_UTC_OFFSET_MINUTES = 480;

export const DURATION_METRICS = ['first_action', 'ship', 'transit', 'turnaround', 'hold_shelf'] as const;
export const COUNT_METRICS = [
  'placed', 'requested', 'filled', 'lent', 'borrowed', 'unfilled', 'unfilled_reason', 'cannot_supply',
  'holds_expired', 'loans', 'kiosk_loans', 'returns', 'self_returns', 'visitor_loans', 'cards_issued',
  'fines_charged', 'fines_paid', 'fines_waived',
] as const;
export type DurationMetric = (typeof DURATION_METRICS)[number];
export type Metric = DurationMetric | (typeof COUNT_METRICS)[number];
const DURATIONS: ReadonlySet<string> = new Set(DURATION_METRICS);
export const isDuration = (m: Metric): m is DurationMetric => DURATIONS.has(m);

/** One increment: n += 1, total += value (minutes for durations, NT$ for fines, else 0). */
export interface Fact {
  metric: Metric;
  library: string;
  partner: string;
  day: LocalDate;
  value: number;
}

export interface RequestState { borrower: string; lender: string; createdAt: string; firstActionAt: string | null; shippedAt: string | null; receivedAt: string | null; closed: boolean }
export interface ParcelItemState { barcode: string; requestId: string; kind: 'outbound' | 'return' | 'forward'; receivedAt: string | null }
export interface ParcelState { from: string; to: string; dispatchedAt: string | null; items: ParcelItemState[] }
export interface HoldState { requestId: string; library: string; shelvedAt: string; open: boolean }
export interface FineState { library: string; amount: number; settled: boolean }

export interface StateKinds { req: RequestState; parcel: ParcelState; hold: HoldState; fine: FineState }
export type StateKind = keyof StateKinds;

/** The consumer's view of its own state and of the immutable record fields an event refers to. */
export interface FactContext {
  get<K extends StateKind>(kind: K, id: string): StateKinds[K] | undefined;
  put<K extends StateKind>(kind: K, id: string, value: StateKinds[K]): void;
  /** The hold record the event's item.received created: its request and pickup library (immutable). */
  holdRecord(id: string): { requestId: string; libraryId: string } | undefined;
  /** The fine record loan.ended created: its amount (immutable). */
  fineRecord(id: string): { amount: number; libraryId: string } | undefined;
  deviceRole(id: string): 'staff' | 'kiosk' | undefined;
}

export interface AppliedEvent {
  deviceId: string;
  libraryId: string;
  at: string;
  type: string;
  payload: Record<string, unknown>;
}

export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** A free-text reason as a short grouping key (the lenders' own words; the console shows them as written). */
export function reasonKey(kind: 'cannot_supply' | 'cancelled', text: string): string {
  if (kind === 'cancelled') return 'cancelled';
  const t = text.trim().replace(/\s+/g, ' ');
  return `cannot_supply:${[...t].slice(0, 60).join('')}`;
}

export function factsOf(e: AppliedEvent, ctx: FactContext): Fact[] {
  const day = localDateOf(e.at, STATS_UTC_OFFSET_MINUTES);
  const out: Fact[] = [];
  const fact = (metric: Metric, library: string, partner = '', value = 0) => out.push({ metric, library, partner, day, value });
  const p = e.payload;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  const firstAction = (id: string, req: RequestState) => {
    if (req.firstActionAt !== null) return;
    ctx.put('req', id, { ...req, firstActionAt: e.at });
    fact('first_action', req.lender, '', minutesBetween(req.createdAt, e.at));
  };

  switch (e.type) {
    case 'request.created': {
      const lender = str('lenderLibraryId');
      ctx.put('req', str('requestId'), { borrower: e.libraryId, lender, createdAt: e.at, firstActionAt: null, shippedAt: null, receivedAt: null, closed: false });
      fact('placed', e.libraryId, lender);
      fact('requested', lender, e.libraryId);
      break;
    }
    case 'request.pull_slip_printed': {
      const ids = Array.isArray(p['requestIds']) ? (p['requestIds'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      for (const id of new Set(ids)) {
        const req = ctx.get('req', id);
        if (req) firstAction(id, req);
      }
      break;
    }
    case 'request.cannot_supply':
    case 'request.cancelled': {
      const id = str('requestId');
      const req = ctx.get('req', id);
      if (!req || req.closed) break;
      const cannot = e.type === 'request.cannot_supply';
      if (cannot) firstAction(id, req);
      ctx.put('req', id, { ...ctx.get('req', id)!, closed: true });
      fact('unfilled', req.borrower, req.lender);
      fact('unfilled_reason', req.borrower, reasonKey(cannot ? 'cannot_supply' : 'cancelled', str('reason')));
      if (cannot) fact('cannot_supply', req.lender, req.borrower);
      break;
    }
    case 'item.packed': {
      const id = str('requestId');
      const req = ctx.get('req', id);
      if (!req) break;
      const parcelId = str('parcelId');
      const parcel = ctx.get('parcel', parcelId) ?? { from: e.libraryId, to: str('toLibraryId'), dispatchedAt: null, items: [] };
      const kind = e.libraryId === req.lender && req.shippedAt === null ? 'outbound' : e.libraryId === req.borrower ? 'return' : 'forward';
      if (kind === 'outbound') firstAction(id, req);
      ctx.put('parcel', parcelId, { ...parcel, items: [...parcel.items, { barcode: str('itemBarcode'), requestId: id, kind, receivedAt: null }] });
      break;
    }
    case 'item.unpacked': {
      const parcelId = str('parcelId');
      const parcel = ctx.get('parcel', parcelId);
      if (parcel) ctx.put('parcel', parcelId, { ...parcel, items: parcel.items.filter((i) => i.barcode !== str('itemBarcode')) });
      break;
    }
    case 'parcel.dispatched': {
      const parcelId = str('parcelId');
      const parcel = ctx.get('parcel', parcelId);
      if (!parcel || parcel.dispatchedAt !== null) break;
      ctx.put('parcel', parcelId, { ...parcel, dispatchedAt: e.at });
      for (const item of parcel.items) {
        const req = item.kind === 'outbound' ? ctx.get('req', item.requestId) : undefined;
        if (!req || req.shippedAt !== null) continue;
        ctx.put('req', item.requestId, { ...req, shippedAt: e.at });
        fact('filled', req.borrower, req.lender);
        fact('borrowed', req.borrower, req.lender);
        fact('lent', req.lender, req.borrower);
        fact('ship', req.lender, '', minutesBetween(req.createdAt, e.at));
      }
      break;
    }
    case 'item.received': {
      const parcelId = str('parcelId');
      const parcel = parcelId ? ctx.get('parcel', parcelId) : undefined;
      const barcode = str('itemBarcode');
      const idx = parcel ? parcel.items.findIndex((i) => i.barcode === barcode && i.receivedAt === null) : -1;
      if (parcel && idx >= 0) {
        ctx.put('parcel', parcelId, { ...parcel, items: parcel.items.map((it, i) => (i === idx ? { ...it, receivedAt: e.at } : it)) });
        if (parcel.dispatchedAt !== null) fact('transit', parcel.from, parcel.to, minutesBetween(parcel.dispatchedAt, e.at));
      }
      const holdId = str('holdId');
      const hold = ctx.holdRecord(holdId);
      if (hold && hold.libraryId === e.libraryId && !ctx.get('hold', holdId)) {
        ctx.put('hold', holdId, { requestId: hold.requestId, library: e.libraryId, shelvedAt: e.at, open: true });
        const req = ctx.get('req', hold.requestId);
        if (req && req.receivedAt === null) {
          ctx.put('req', hold.requestId, { ...req, receivedAt: e.at });
          fact('turnaround', req.borrower, '', minutesBetween(req.createdAt, e.at));
        }
      }
      break;
    }
    case 'hold.expired': {
      const holdId = str('holdId');
      const hold = ctx.get('hold', holdId);
      if (!hold || !hold.open) break;
      ctx.put('hold', holdId, { ...hold, open: false });
      fact('holds_expired', hold.library);
      break;
    }
    case 'loan.started': {
      const holdId = str('holdId');
      const hold = ctx.get('hold', holdId);
      if (hold && hold.open) {
        ctx.put('hold', holdId, { ...hold, open: false });
        fact('hold_shelf', hold.library, '', minutesBetween(hold.shelvedAt, e.at));
      }
      fact('loans', e.libraryId);
      if (ctx.deviceRole(e.deviceId) === 'kiosk') fact('kiosk_loans', e.libraryId);
      break;
    }
    case 'loan.ended': {
      fact('returns', e.libraryId);
      if (ctx.deviceRole(e.deviceId) === 'kiosk') fact('self_returns', e.libraryId);
      const fineId = str('fineId');
      const fine = ctx.fineRecord(fineId);
      if (fine && fine.amount > 0 && !ctx.get('fine', fineId)) {
        ctx.put('fine', fineId, { library: fine.libraryId, amount: fine.amount, settled: false });
        fact('fines_charged', fine.libraryId, '', fine.amount);
      }
      break;
    }
    case 'fine.paid':
    case 'fine.waived': {
      const fineId = str('fineId');
      const fine = ctx.get('fine', fineId);
      if (!fine || fine.settled) break;
      ctx.put('fine', fineId, { ...fine, settled: true });
      fact(e.type === 'fine.paid' ? 'fines_paid' : 'fines_waived', fine.library, '', fine.amount);
      break;
    }
    case 'loan.visitor_started':
      fact('visitor_loans', e.libraryId);
      break;
    case 'card.issued':
      fact('cards_issued', e.libraryId);
      break;
    default:
      break;
  }
  return out;
}
