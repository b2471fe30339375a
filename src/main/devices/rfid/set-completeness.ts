// Multi-part items (a book with its CD, a boxed set) must have every part on
// the pad before a check-out or check-in completes. This says, per set seen
// on the pad, which parts are there and which are missing, so the desk can
// wait for them or let staff confirm what is missing.

export interface SetPart {
  readonly uid: string;
  readonly primaryItemId: string;
  readonly owner: string | null;
  readonly set: { readonly partsInItem: number; readonly partNumber: number };
}

export interface SetCompleteness {
  /** Owner and item id: parts of one set share the primary item id. */
  readonly key: string;
  readonly primaryItemId: string;
  readonly owner: string | null;
  readonly partsInItem: number;
  /** Part numbers on the pad, ascending. */
  readonly present: readonly number[];
  readonly missing: readonly number[];
  /** Part numbers seen on more than one tag (a mislabelled part). */
  readonly duplicates: readonly number[];
  /** Tags of the set disagree on the number of parts; the largest is used. */
  readonly inconsistent: boolean;
  readonly complete: boolean;
  readonly uids: readonly string[];
}

export function setCompleteness(tags: readonly SetPart[]): SetCompleteness[] {
  const groups = new Map<string, SetPart[]>();
  for (const tag of tags) {
    const key = `${tag.owner ?? ''}\u0000${tag.primaryItemId}`;
    const list = groups.get(key);
    if (list) list.push(tag);
    else groups.set(key, [tag]);
  }
  const out: SetCompleteness[] = [];
  for (const [key, parts] of groups) {
    const counts = new Set(parts.map((p) => p.set.partsInItem));
    const partsInItem = Math.max(...counts);
    if (partsInItem <= 1 && parts.length === 1) continue;
    const seen = new Map<number, number>();
    for (const p of parts) seen.set(p.set.partNumber, (seen.get(p.set.partNumber) ?? 0) + 1);
    const present = [...seen.keys()].filter((n) => n >= 1 && n <= partsInItem).sort((a, b) => a - b);
    const missing: number[] = [];
    for (let n = 1; n <= partsInItem; n++) if (!seen.has(n)) missing.push(n);
    const duplicates = [...seen.entries()].filter(([, c]) => c > 1).map(([n]) => n).sort((a, b) => a - b);
    const first = parts[0]!;
    out.push({
      key: key.replace('\u0000', '/'),
      primaryItemId: first.primaryItemId,
      owner: first.owner,
      partsInItem,
      present,
      missing,
      duplicates,
      inconsistent: counts.size > 1,
      complete: missing.length === 0,
      uids: parts.map((p) => p.uid),
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
