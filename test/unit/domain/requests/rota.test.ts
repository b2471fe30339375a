// The rota rule (buildRota): who is asked for a title request, in what order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildRota, type CopyAvailability, type HoldingCandidate } from '#shared/domain/requests/rota';
import { ROTA_MAX } from '#shared/domain/requests/records';

const copy = (barcode: string, availability: CopyAvailability = 'available', lendable = true) => ({ barcode, callNumber: '510 8345', location: 'MAIN', availability, lendable });
const lib = (libraryId: string, ...copies: ReturnType<typeof copy>[]): HoldingCandidate => ({ libraryId, copies });
const rota = (candidates: HoldingCandidate[], load: Record<string, number> = {}, requestId = 'r-1', borrower = 'NPTU') =>
  buildRota({ requestId, borrowerLibraryId: borrower, candidates, load: new Map(Object.entries(load)) });

describe('buildRota', () => {
  it('asks libraries with an available copy first, then those whose copies\' status is unknown', () => {
    const r = rota([lib('AAA', copy('a1', 'unknown')), lib('BBB', copy('b1')), lib('CCC', copy('c1', 'unknown'), copy('c2'))]);
    expect(r.map((p) => [p.libraryId, p.basis, p.availableCopies])).toEqual(expect.arrayContaining([['BBB', 'available', 1], ['CCC', 'available', 1]]));
    expect(r.slice(0, 2).map((p) => p.basis)).toEqual(['available', 'available']);
    expect(r[2]).toMatchObject({ libraryId: 'AAA', basis: 'unknown', availableCopies: 0 });
    // The copies to pull: available ones first.
    expect(r.find((p) => p.libraryId === 'CCC')!.copies.map((c) => c.barcode)).toEqual(['c2', 'c1']);
  });

  it('spreads load: fewer open requests as lender first, within each group', () => {
    const r = rota([lib('AAA', copy('a')), lib('BBB', copy('b')), lib('CCC', copy('c')), lib('DDD', copy('d', 'unknown'))], { AAA: 5, BBB: 0, CCC: 2, DDD: 0 });
    expect(r.map((p) => [p.libraryId, p.load])).toEqual([['BBB', 0], ['CCC', 2], ['AAA', 5], ['DDD', 0]]);
  });

  it('never the borrower; never reference or reserve copies; never copies on loan or missing', () => {
    const r = rota([
      lib('NPTU', copy('own')),
      lib('REF', copy('r1', 'available', false)),
      lib('OUT', copy('o1', 'on_loan'), copy('o2', 'missing')),
      lib('MIX', copy('m1', 'available', false), copy('m2', 'on_loan'), copy('m3', 'unknown')),
    ]);
    expect(r.map((p) => p.libraryId)).toEqual(['MIX']);
    expect(r[0]!.copies.map((c) => c.barcode)).toEqual(['m3']);
  });

  it('leaves out libraries that may not lend (not in the directory, inactive)', () => {
    const r = buildRota({ requestId: 'r', borrowerLibraryId: 'X', candidates: [lib('AAA', copy('a')), lib('SLEEP', copy('s'))], load: new Map(), lenders: new Set(['AAA']) });
    expect(r.map((p) => p.libraryId)).toEqual(['AAA']);
  });

  it('breaks ties per request: stable for one request, not always the same library across requests', () => {
    const equal = [lib('AAA', copy('a')), lib('BBB', copy('b')), lib('CCC', copy('c'))];
    expect(rota(equal, {}, 'r-7')).toEqual(rota([...equal].reverse(), {}, 'r-7'));
    const firsts = new Set(Array.from({ length: 40 }, (_, i) => rota(equal, {}, `r-${i}`)[0]!.libraryId));
    expect(firsts.size).toBe(3);
  });

  it('nobody holds a lendable copy: an empty rota', () => {
    expect(rota([])).toEqual([]);
    expect(rota([lib('NPTU', copy('own'))])).toEqual([]);
  });

  const availability = fc.constantFrom<CopyAvailability>('available', 'on_loan', 'missing', 'unknown');
  const candidates = fc.array(fc.record({
    libraryId: fc.constantFrom('NPTU', 'NKUST', 'NUK', 'KSU', 'WZU', 'CSU', 'KMU', 'ISU'),
    copies: fc.array(fc.record({ barcode: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: null }), callNumber: fc.constant('510'), location: fc.constant('MAIN'), availability, lendable: fc.boolean() }), { maxLength: 4 }),
  }), { maxLength: 12 });
  const load = fc.dictionary(fc.constantFrom('NKUST', 'NUK', 'KSU', 'WZU', 'CSU', 'KMU', 'ISU'), fc.nat(20));

  it('property: exactly the libraries with a requestable copy, borrower excluded, ordered by basis then load, whatever the input order', () => {
    fc.assert(fc.property(candidates, load, fc.string({ maxLength: 10 }), (cands, l, requestId) => {
      const r = buildRota({ requestId, borrowerLibraryId: 'NPTU', candidates: cands, load: new Map(Object.entries(l)) });
      const eligible = new Set(cands.filter((c) => c.libraryId !== 'NPTU' && c.copies.some((x) => x.lendable && (x.availability === 'available' || x.availability === 'unknown'))).map((c) => c.libraryId));
      expect(new Set(r.map((p) => p.libraryId))).toEqual(eligible);
      expect(r.length).toBe(eligible.size);
      expect(r.length).toBeLessThanOrEqual(ROTA_MAX);
      for (let i = 1; i < r.length; i++) {
        const [a, b] = [r[i - 1]!, r[i]!];
        if (a.basis === b.basis) expect(a.load).toBeLessThanOrEqual(b.load);
        else expect([a.basis, b.basis]).toEqual(['available', 'unknown']);
      }
      for (const p of r) expect(p.copies.every((c) => c.availability === 'available' || c.availability === 'unknown')).toBe(true);
      const shuffled = buildRota({ requestId, borrowerLibraryId: 'NPTU', candidates: [...cands].reverse(), load: new Map(Object.entries(l)) });
      expect(shuffled.map((p) => p.libraryId)).toEqual(r.map((p) => p.libraryId));
    }));
  });
});
