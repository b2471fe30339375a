// How a batch from the pad meets the visit's lines: which items still need
// settling, and how the new lines replace the old ones for the same barcode
// (a set that was missing parts gets a fresh line once it is complete).
import type { LineKind, Visit, VisitLine } from './kiosk-types';
import type { PadItem } from './pad-reading';

/** Items on the pad this visit has not settled yet: new ones, and sets that were missing parts. */
export function pendingItems(visit: Visit, items: readonly PadItem[]): PadItem[] {
  const settled = new Map<string, LineKind>();
  for (const l of visit.lines) settled.set(l.barcode, l.kind);
  return items.filter((it) => {
    const k = settled.get(it.barcode);
    return k === undefined || k === 'waiting_parts';
  });
}

/** The visit with the batch's lines in place of any earlier ones for the same items; the first recorded event keys the receipt. */
export function withLines(v: Visit, lines: readonly VisitLine[]): Visit {
  const byBarcode = new Map(lines.map((l) => [l.barcode, l]));
  const kept = v.lines.filter((l) => !byBarcode.has(l.barcode));
  const key = v.key ?? lines.find((l) => l.eventId)?.eventId ?? null;
  return { ...v, lines: [...kept, ...lines], key };
}
