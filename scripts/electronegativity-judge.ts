// What the Electronegativity audit (scripts/electronegativity.ts) accepts:
// findings at or below LOW pass; anything above must be on the allow-list
// (docs/security-allowlist.json, explained in docs/security.md) by check id
// and file, at most as many times as listed — so a new call site of a
// flagged API fails the audit until someone looks at it and writes down why.
// Files the analyzer cannot parse are listed the same way (check "PARSE_ERROR").

export interface Finding {
  /** Which tree was scanned: 'src' or 'out'. */
  scan: string;
  id: string;
  /** Relative to the scanned tree. */
  file: string;
  line: number;
  column: number;
  severity: string;
  severityValue: number;
  confidence: string;
  manualReview: boolean;
}

export interface AllowEntry {
  scan: string;
  check: string;
  file: string;
  /** How many findings of this check in this file are accounted for. */
  count: number;
  disposition: 'false positive' | 'accepted' | 'fixed elsewhere';
  reason: string;
}

/** Electronegativity's severity values: INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3. */
export const HIGHEST_UNLISTED_SEVERITY = 1;

export interface Verdict {
  allowed: Array<Finding & { reason: string }>;
  unlisted: Finding[];
  /** Allow-list entries that matched fewer findings than they list (the code got better: shrink the entry). */
  stale: Array<AllowEntry & { found: number }>;
}

export function parseAllowList(raw: unknown): AllowEntry[] {
  if (!Array.isArray(raw)) throw new Error('the allow-list must be a JSON array');
  return raw.map((e: unknown, i) => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const ok =
      typeof o['scan'] === 'string' &&
      typeof o['check'] === 'string' &&
      typeof o['file'] === 'string' &&
      typeof o['count'] === 'number' &&
      Number.isInteger(o['count']) &&
      o['count'] > 0 &&
      (o['disposition'] === 'false positive' || o['disposition'] === 'accepted' || o['disposition'] === 'fixed elsewhere') &&
      typeof o['reason'] === 'string' &&
      o['reason'].trim().length >= 20;
    if (!ok) throw new Error(`allow-list entry ${i}: needs scan, check, file, a positive count, a disposition and a reason of at least 20 characters`);
    return o as unknown as AllowEntry;
  });
}

export function judge(findings: readonly Finding[], allowList: readonly AllowEntry[]): Verdict {
  const used = new Map<AllowEntry, number>();
  const allowed: Verdict['allowed'] = [];
  const unlisted: Finding[] = [];
  for (const f of findings) {
    if (f.severityValue <= HIGHEST_UNLISTED_SEVERITY) continue;
    const entry = allowList.find((e) => e.scan === f.scan && e.check === f.id && e.file === f.file && (used.get(e) ?? 0) < e.count);
    if (!entry) {
      unlisted.push(f);
      continue;
    }
    used.set(entry, (used.get(entry) ?? 0) + 1);
    allowed.push({ ...f, reason: entry.reason });
  }
  const stale = allowList.filter((e) => (used.get(e) ?? 0) < e.count).map((e) => ({ ...e, found: used.get(e) ?? 0 }));
  return { allowed, unlisted, stale };
}
