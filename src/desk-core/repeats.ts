// A scanner repeats: the same code twice in a row is the normal case, not a
// problem. These questions tell the screens what already happened to an item
// at this library, so a repeat gets a neutral notice saying so ("03:12 已歸還")
// instead of the red problem tone and advice meant for a wrong item.
import type { DeskReader } from './record-index';

/** How long a past action still explains a repeat scan (one working day). */
export const REPEAT_WINDOW_MS = 12 * 60 * 60 * 1000;

export type Repeat =
  | { kind: 'packed'; at: string; parcelId: string; title: string }
  | { kind: 'returned'; at: string; title: string }
  | { kind: 'checked_out'; at: string; title: string; patronId: string };

const recent = (iso: string | null, now: number): boolean => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) && now - ms <= REPEAT_WINDOW_MS && ms <= now + 60_000;
};

/** The item already sits in a parcel this library is packing (open or sealed, not yet dispatched). */
export function alreadyPacked(reader: DeskReader, me: string, code: string): Repeat | null {
  for (const req of reader.openRequestsForItem(code)) {
    const parcel = req.parcelId ? reader.get('parcels', req.parcelId) : undefined;
    if (!parcel || parcel.fromLibraryId !== me || (parcel.state !== 'open' && parcel.state !== 'sealed')) continue;
    const item = parcel.items.find((i) => i.barcode === code);
    if (item) return { kind: 'packed', at: item.packedAt, parcelId: parcel.id, title: item.title };
  }
  return null;
}

/** The item's latest loan at this library ended here recently and it has not been lent again. */
export function justReturned(reader: DeskReader, me: string, code: string, now = Date.now()): Repeat | null {
  const loans = reader.loansForItem(code).filter((l) => l.libraryId === me);
  if (loans.some((l) => l.state === 'active')) return null;
  const last = loans.reduce<(typeof loans)[number] | undefined>((best, l) => (!best || (l.returnedAt ?? '') > (best.returnedAt ?? '') ? l : best), undefined);
  return last && recent(last.returnedAt, now) ? { kind: 'returned', at: last.returnedAt!, title: last.title } : null;
}

/** The item was lent at this desk's library recently and is still out. */
export function justCheckedOut(reader: DeskReader, me: string, code: string, now = Date.now()): Repeat | null {
  const loan = reader.loansForItem(code).find((l) => l.libraryId === me && l.state === 'active');
  return loan && recent(loan.startedAt, now) ? { kind: 'checked_out', at: loan.startedAt, title: loan.title, patronId: loan.patronId } : null;
}
