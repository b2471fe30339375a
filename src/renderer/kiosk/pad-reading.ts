// What lies on the kiosk's pad, from the reader's tag list: library items
// (the parts of one item share its barcode), patron cards, and tags the
// kiosk cannot use (blank, foreign or unreadable), which it must say so
// about instead of ignoring them.
// The tags arrive decoded (the main process reads and decodes them); this
// only groups what the views say.
import { isPatronCardUsage, type RfidTagView } from '#shared/bridge/contract';

export interface PadItem {
  /** The item's barcode (ISO 28560 primary item identifier). */
  readonly barcode: string;
  /** Every tag of the item on the pad (one per part). */
  readonly uids: readonly string[];
  /** Parts in the set as the tags say (the largest any part states). */
  readonly partsInSet: number;
  /** Which parts are on the pad (1-based ordinals). */
  readonly ordinals: readonly number[];
  /** The owner field of the tag (an ISIL such as TW-NPTU), '' when absent. */
  readonly owner: string;
}

export interface PadReading {
  readonly items: readonly PadItem[];
  /** Card numbers read from patron-card tags. */
  readonly patronCards: readonly string[];
  /** Tags read and found to hold no library data the kiosk can use (blank, foreign, damaged). */
  readonly unusable: readonly string[];
}

/** ISO 28560-3 says 8 for a patron card; ISO 28560-2 gives a byte whose high nibble is 8 (the bridge contract's rule). */
export const isPatronCard = isPatronCardUsage;

export function readPad(present: readonly RfidTagView[]): PadReading {
  const byItem = new Map<string, { uids: string[]; parts: number; ordinals: Set<number>; owner: string }>();
  const patronCards: string[] = [];
  const unusable: string[] = [];
  for (const tag of present) {
    const data = tag.item;
    // A tag the reader has found but not read yet is not a problem, just not there yet.
    if (!data && tag.dataKind === 'unread') continue;
    if (!data || data.primaryItemId.trim() === '') {
      unusable.push(tag.uid);
      continue;
    }
    const id = data.primaryItemId.trim();
    if (isPatronCard(data.typeOfUsage)) {
      if (!patronCards.includes(id)) patronCards.push(id);
      continue;
    }
    let entry = byItem.get(id);
    if (!entry) byItem.set(id, (entry = { uids: [], parts: 1, ordinals: new Set(), owner: data.owner }));
    entry.uids.push(tag.uid);
    entry.parts = Math.max(entry.parts, data.partsInSet || 1);
    entry.ordinals.add(data.ordinalPart || 1);
    if (!entry.owner && data.owner) entry.owner = data.owner;
  }
  const items = [...byItem].map(([barcode, e]) => ({ barcode, uids: e.uids, partsInSet: e.parts, ordinals: [...e.ordinals].sort((a, b) => a - b), owner: e.owner }));
  return { items, patronCards, unusable };
}

/** The parts of an item that should be on the pad and are not (1-based), given how many parts the hold says it has. */
export function missingParts(item: PadItem, parts: number): number[] {
  const need = Math.max(parts, item.partsInSet);
  const out: number[] = [];
  for (let n = 1; n <= need; n++) if (!item.ordinals.includes(n)) out.push(n);
  return out;
}
