// The rota rule: which members are asked for a title request, in what order.
// Pure, so the unit tests state it and the service only feeds it the union
// catalogue's holdings and each member's current load.
//
// The rule, in order:
//  1. Only lendable copies (reference and reserve collections are not lent by
//     the owner's own rules) that are not known to be on loan or missing.
//  2. Never the borrowing library, nor a library not in the directory or inactive.
//  3. Libraries with a copy known to be available before those whose copies'
//     status is unknown (the harvest or SIP2 said nothing).
//  4. Within each group, fewer open requests as lender first (load: requests
//     it has been given and not yet shipped), so work spreads across members.
//  5. Ties: a hash of (request id, library id) — stable for one request (the
//     service and a re-run agree) but different across requests, so equal
//     libraries share the work instead of the alphabetically first taking it
//     all; the library code breaks the (astronomically rare) hash tie.
import type { Static } from '@sinclair/typebox';
import type { RotaPositionSchema } from './events';
import { ROTA_MAX, type RotaCopy } from './records';

export type RotaPosition = Static<typeof RotaPositionSchema>;
export type CopyAvailability = 'available' | 'on_loan' | 'missing' | 'unknown';

export interface HoldingCandidate {
  libraryId: string;
  copies: ReadonlyArray<{ barcode: string | null; callNumber: string | null; location: string | null; availability: CopyAvailability; lendable?: boolean }>;
}

export interface RotaInput {
  requestId: string;
  borrowerLibraryId: string;
  candidates: readonly HoldingCandidate[];
  /** Open requests per library as lender; a library not named has none. */
  load: ReadonlyMap<string, number>;
  /** Libraries that may lend (in the directory and active); every candidate when absent. */
  lenders?: ReadonlySet<string>;
}

const COPIES_PER_POSITION = 10;

/** FNV-1a, 32 bits: small, deterministic in every JS engine (the desk shows the same order). */
export function tieHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function buildRota(input: RotaInput): RotaPosition[] {
  const byLibrary = new Map<string, RotaCopy[]>();
  for (const c of input.candidates) {
    if (c.libraryId === input.borrowerLibraryId) continue;
    if (input.lenders && !input.lenders.has(c.libraryId)) continue;
    const copies = byLibrary.get(c.libraryId) ?? [];
    for (const copy of c.copies) {
      if (copy.lendable === false) continue;
      if (copy.availability !== 'available' && copy.availability !== 'unknown') continue;
      copies.push({ barcode: copy.barcode, callNumber: copy.callNumber ?? '', location: copy.location ?? '', availability: copy.availability });
    }
    if (copies.length) byLibrary.set(c.libraryId, copies);
  }
  const positions: Array<RotaPosition & { tie: number }> = [...byLibrary].map(([libraryId, copies]) => {
    const availableCopies = copies.filter((c) => c.availability === 'available').length;
    const ordered = [...copies.filter((c) => c.availability === 'available'), ...copies.filter((c) => c.availability !== 'available')];
    return {
      libraryId,
      basis: availableCopies > 0 ? 'available' : 'unknown',
      availableCopies,
      load: input.load.get(libraryId) ?? 0,
      copies: ordered.slice(0, COPIES_PER_POSITION),
      tie: tieHash(`${input.requestId}|${libraryId}`),
    };
  });
  positions.sort((a, b) =>
    Number(b.basis === 'available') - Number(a.basis === 'available')
    || a.load - b.load
    || a.tie - b.tie
    || (a.libraryId < b.libraryId ? -1 : a.libraryId > b.libraryId ? 1 : 0));
  return positions.slice(0, ROTA_MAX).map(({ tie: _tie, ...p }) => p);
}
