// What each screen lists, computed from the optimistic view. Pure functions
// over a DeskReader so the UI, the tests and the benchmark share them.
import { localDateOf, addDays, type LocalDate } from '#shared/domain/dates';
import { effectivePolicy } from '#shared/domain/policy';
import type { ExceptionRecord, HoldRecord, LoanRecord, ParcelRecord, RequestRecord } from '#shared/domain/records';
import type { DeskReader } from './record-index';
import type { RotaCopy } from '#shared/domain/requests/records';

export function todayAtDesk(reader: DeskReader, libraryId: string, now: number): LocalDate {
  return localDateOf(now, effectivePolicy(libraryId, reader.policies()).utcOffsetMinutes);
}

const byCreated = (a: { createdAt: string }, b: { createdAt: string }) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** Requests this library must pull from its shelves and ship, oldest first (needed-by dates first). */
export function pickList(reader: DeskReader, me: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (const r of reader.values('requests')) {
    if (r.lenderLibraryId === me && (r.lenderState === 'new' || r.lenderState === 'pull_slip_printed') && r.parcelId === null) out.push(r);
  }
  return out.sort((a, b) => {
    if (a.neededBy !== b.neededBy) return (a.neededBy ?? '9999') < (b.neededBy ?? '9999') ? -1 : 1;
    return byCreated(a, b);
  });
}

/** Parcels this library is packing or has sealed but not yet handed to the courier, grouped by destination. */
export function outgoingParcels(reader: DeskReader, me: string): ParcelRecord[] {
  const out: ParcelRecord[] = [];
  for (const p of reader.values('parcels')) if (p.fromLibraryId === me && (p.state === 'open' || p.state === 'sealed')) out.push(p);
  return out.sort((a, b) => (a.toLibraryId === b.toLibraryId ? (a.openedAt < b.openedAt ? -1 : 1) : a.toLibraryId < b.toLibraryId ? -1 : 1));
}

/** Parcels on their way here (sealed or with the courier), oldest dispatch first. */
export function expectedParcels(reader: DeskReader, me: string): ParcelRecord[] {
  const out: ParcelRecord[] = [];
  for (const p of reader.values('parcels')) if (p.toLibraryId === me && (p.state === 'in_transit' || p.state === 'sealed')) out.push(p);
  return out.sort((a, b) => ((a.dispatchedAt ?? a.openedAt) < (b.dispatchedAt ?? b.openedAt) ? -1 : 1));
}

/** Items of this library's borrowers that must go back to their lenders and are not yet packed. */
export function returnsToPack(reader: DeskReader, me: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (const r of reader.values('requests')) if (r.borrowerLibraryId === me && r.borrowerState === 'awaiting_return_shipping' && r.parcelId === null) out.push(r);
  return out.sort(byCreated);
}

export type ShelfState = 'waiting' | 'expiring' | 'expired';
export interface ShelfEntry { hold: HoldRecord; shelf: ShelfState; patronName: string }

/** The hold shelf: what waits, what expires within two days, what is past its pickup date. */
export function holdShelf(reader: DeskReader, me: string, today: LocalDate): ShelfEntry[] {
  const soon = addDays(today, 2);
  const out: ShelfEntry[] = [];
  for (const h of reader.values('holds')) {
    if (h.libraryId !== me || h.state !== 'waiting') continue;
    const shelf: ShelfState = h.pickupBy < today ? 'expired' : h.pickupBy <= soon ? 'expiring' : 'waiting';
    out.push({ hold: h, shelf, patronName: reader.get('patrons', h.patronId)?.name ?? '' });
  }
  const rank: Record<ShelfState, number> = { expired: 0, expiring: 1, waiting: 2 };
  return out.sort((a, b) => rank[a.shelf] - rank[b.shelf] || (a.hold.pickupBy < b.hold.pickupBy ? -1 : a.hold.pickupBy > b.hold.pickupBy ? 1 : 0));
}

export function activeLoansAt(reader: DeskReader, me: string): LoanRecord[] {
  const out: LoanRecord[] = [];
  for (const l of reader.values('loans')) if (l.libraryId === me && l.state === 'active') out.push(l);
  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
}

export type Attention =
  | { kind: 'exception'; exception: ExceptionRecord }
  | { kind: 'discrepancy'; parcel: ParcelRecord };

/** Everything a person has to look at: refused events of this desk and parcels that arrived incomplete. */
export function needsAttention(reader: DeskReader, me: string, deviceId: string): Attention[] {
  const out: Attention[] = [];
  for (const e of reader.values('exceptions')) if (!e.resolved && (e.deviceId === deviceId || e.libraryId === me)) out.push({ kind: 'exception', exception: e });
  for (const p of reader.values('parcels')) if (p.state === 'discrepancy' && (p.toLibraryId === me || p.fromLibraryId === me)) out.push({ kind: 'discrepancy', parcel: p });
  const at = (a: Attention) => (a.kind === 'exception' ? a.exception.createdAt : (a.parcel.closedAt ?? ''));
  return out.sort((a, b) => (at(a) < at(b) ? 1 : -1));
}

/**
 * What the lender may pull for a title request whose copy is not bound yet:
 * the copies its rota position lists (from the union catalogue's holdings).
 * An item-level or bound request names its own barcode, so none.
 */
export function copiesToPull(r: RequestRecord): readonly RotaCopy[] {
  if (r.item.barcode !== '' || r.rotaIndex < 0) return [];
  return r.rota[r.rotaIndex]?.copies ?? [];
}
