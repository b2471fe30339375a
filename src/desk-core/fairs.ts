// Swap fairs (曬書祭) at the desk: the fair's entry scans each reservation
// slip and records the hand-over — offline too, like every other desk action
// (the event waits in the replica and the service applies it later by the
// same rules). A slip scanned again is a neutral notice saying when it was
// handed over, never an error; a misread slip is caught by its check digit
// before anything is looked up.
import { isSlipCode, looksLikeSlip } from '#shared/domain/fairs/slip-code';
import { isPastHold } from '#shared/domain/fairs/hold';
import type { FairItemRecord, FairRecord, FairReservationRecord } from '#shared/domain/records';
import type { DeskReader } from './record-index';
import { cleanCode, type ActionResult, type Refusal } from './workflows';

export interface FairActions {
  recordAction: (type: 'fair.handed_over', payload: { slipCode: string }) => Promise<ActionResult>;
}

export type FairScan =
  | { ok: true; kind: 'handed_over'; reservation: FairReservationRecord; eventIds: string[] }
  /** Already handed over (here or at another desk): when, and by which desk. */
  | { ok: true; kind: 'repeat'; reservation: FairReservationRecord }
  | Refusal;

export interface FairCounts { reserved: number; handedOver: number; lapsed: number; other: number; books: number }

/** This library's fairs, the ones running or coming first, then past ones (newest first). */
export function fairsOf(reader: DeskReader, me: string, today: string): FairRecord[] {
  const mine = [...reader.values('fairs')].filter((f) => f.libraryId === me);
  const rank = (f: FairRecord) => (f.endsOn >= today ? 0 : 1);
  return mine.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? a.startsOn.localeCompare(b.startsOn) : b.startsOn.localeCompare(a.startsOn)));
}

export function reservationsOfFair(reader: DeskReader, fairId: string): FairReservationRecord[] {
  return [...reader.values('fairReservations')].filter((r) => r.fairId === fairId).sort((a, b) => (a.reservedAt < b.reservedAt ? -1 : 1));
}

export function itemsOfFair(reader: DeskReader, fairId: string): FairItemRecord[] {
  return [...reader.values('fairItems')].filter((i) => i.fairId === fairId).sort((a, b) => a.shelfMark.localeCompare(b.shelfMark, 'en', { numeric: true }));
}

/** Counts for the screen; a reservation past its hold not yet swept by the service counts as lapsed already. */
export function countsOf(reader: DeskReader, fairId: string, nowMs: number): FairCounts {
  const c: FairCounts = { reserved: 0, handedOver: 0, lapsed: 0, other: 0, books: itemsOfFair(reader, fairId).length };
  for (const r of reservationsOfFair(reader, fairId)) {
    if (r.state === 'handed_over') c.handedOver++;
    else if (r.state === 'lapsed' || (r.state === 'reserved' && isPastHold(r.holdUntil, nowMs))) c.lapsed++;
    else if (r.state === 'reserved') c.reserved++;
    else c.other++;
  }
  return c;
}

export class FairDesk {
  // Scans one at a time, each after the previous one is applied, so a slip scanned twice in quick succession is a repeat the second time.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly reader: () => DeskReader, private readonly actions: FairActions) {}

  scan(raw: string): Promise<FairScan> {
    const run = this.chain.then(() => this.handOver(raw));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async handOver(raw: string): Promise<FairScan> {
    const c = cleanCode(raw);
    if (!c.ok) return c;
    if (!looksLikeSlip(c.code)) return { ok: false, reason: 'FAIR_SLIP_UNKNOWN', params: { slipCode: c.code } };
    if (!isSlipCode(c.code)) return { ok: false, reason: 'FAIR_SLIP_MISREAD', params: { slipCode: c.code } };
    const before = this.reader().get('fairReservations', c.code);
    if (before?.state === 'handed_over') return { ok: true, kind: 'repeat', reservation: before };
    const done = await this.actions.recordAction('fair.handed_over', { slipCode: c.code });
    if (!done.ok) return done;
    const after = this.reader().get('fairReservations', c.code);
    return after ? { ok: true, kind: 'handed_over', reservation: after, eventIds: done.eventIds } : { ok: false, reason: 'FAIR_SLIP_UNKNOWN', params: { slipCode: c.code } };
  }
}
