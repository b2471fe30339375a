// What a book on the pad means for the patron at the kiosk: a hold of theirs
// to check out, one already lent to them (a book put back on the pad, or
// after a restart), a set still missing parts, or something the kiosk must
// refuse — another patron's hold, or no hold at all. Pure, over the desk's
// optimistic view, so offline answers are the same as online ones.
import type { DeskReader } from '#desk-core/record-index';
import type { HoldRecord, LoanRecord } from '#shared/domain/records';
import { missingParts, type PadItem } from './pad-reading';

export type PickupVerdict =
  | { readonly kind: 'checkout'; readonly hold: HoldRecord }
  | { readonly kind: 'already'; readonly loan: LoanRecord }
  | { readonly kind: 'waiting_parts'; readonly hold: HoldRecord; readonly missing: readonly number[] }
  | { readonly kind: 'not_yours'; readonly title: string }
  | { readonly kind: 'not_a_hold' };

export function waitingHoldsFor(reader: DeskReader, libraryId: string, patronId: string): HoldRecord[] {
  const out: HoldRecord[] = [];
  for (const h of reader.values('holds')) if (h.patronId === patronId && h.libraryId === libraryId && h.state === 'waiting') out.push(h);
  return out.sort((a, b) => (a.pickupBy < b.pickupBy ? -1 : a.pickupBy > b.pickupBy ? 1 : a.title.localeCompare(b.title)));
}

export function pickupVerdict(reader: DeskReader, libraryId: string, patronId: string, item: PadItem): PickupVerdict {
  const lent = reader.loansForItem(item.barcode).find((l) => l.state === 'active' && l.libraryId === libraryId && l.patronId === patronId);
  if (lent) return { kind: 'already', loan: lent };
  let other: HoldRecord | undefined;
  for (const h of reader.values('holds')) {
    if (h.itemBarcode !== item.barcode || h.libraryId !== libraryId || h.state !== 'waiting') continue;
    if (h.patronId === patronId) {
      const missing = missingParts(item, h.parts);
      return missing.length > 0 ? { kind: 'waiting_parts', hold: h, missing } : { kind: 'checkout', hold: h };
    }
    other ??= h;
  }
  if (other) return { kind: 'not_yours', title: other.title };
  return { kind: 'not_a_hold' };
}
