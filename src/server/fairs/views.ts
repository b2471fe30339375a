// What the portal shows of fairs: the fair as its library wrote it, each
// book's availability (never who reserved it), and a patron's own slips.
import type { Sql } from '#server/db/database';
import type { FairItemRecord, FairRecord, FairReservationRecord } from '#shared/domain/records';
import type { PortalFair, PortalFairItem, PortalFairReservation } from '#shared/domain/fairs/wire';
import { fairById } from './service';

export const toPortalFair = (f: FairRecord): PortalFair => ({
  id: f.id, libraryId: f.libraryId, title: f.title, place: f.place, startsOn: f.startsOn, endsOn: f.endsOn, rules: f.rules, holdDays: f.holdDays, perPatron: f.perPatron,
});

export const toPortalItem = (i: FairItemRecord): PortalFairItem => ({ id: i.id, title: i.title, author: i.author, shelfMark: i.shelfMark, available: i.state === 'available', state: i.state });

export async function toPortalReservations(q: Sql, list: readonly FairReservationRecord[]): Promise<PortalFairReservation[]> {
  const fairs = new Map<string, FairRecord | undefined>();
  const out: PortalFairReservation[] = [];
  for (const r of list) {
    if (!fairs.has(r.fairId)) fairs.set(r.fairId, await fairById(q, r.fairId));
    const f = fairs.get(r.fairId);
    out.push({
      slipCode: r.id, fairId: r.fairId, fairTitle: f?.title ?? '', place: f?.place ?? '', libraryId: r.libraryId, title: r.title, shelfMark: r.shelfMark,
      state: r.state, reservedAt: r.reservedAt, holdUntil: r.holdUntil, handedOverAt: r.handedOverAt,
    });
  }
  return out;
}
