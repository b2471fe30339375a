// The pick list shows an unbound title request's copies to pull (the lender
// chooses one and scans it when packing); an item-level request names its own.
import { describe, expect, it } from 'vitest';
import { copiesToPull } from '#desk-core/queries';
import type { RequestRecord } from '#shared/domain/records';

const copy = (barcode: string | null, callNumber: string) => ({ barcode, callNumber, location: '總館 3F', availability: 'available' as const });
const entry = (libraryId: string, copies: ReturnType<typeof copy>[]) => ({ libraryId, basis: 'available' as const, availableCopies: copies.length, load: 0, copies, outcome: 'asked' as const, note: '' });

function request(fields: Partial<RequestRecord>): RequestRecord {
  return { item: { barcode: '', title: '統計學', author: '', callNumber: '', location: '', parts: 1 }, rota: [], rotaIndex: -1, ...fields } as RequestRecord;
}

describe('copies to pull', () => {
  it("lists the current rota position's copies for an unbound title request", () => {
    const r = request({ rota: [entry('NUK', [copy('N1', '510 C1')]), entry('NKUST', [copy('K5100001', '510 C2'), copy(null, '510 C2 v.2')])], rotaIndex: 1 });
    expect(copiesToPull(r).map((c) => c.barcode ?? c.callNumber)).toEqual(['K5100001', '510 C2 v.2']);
  });

  it('lists none once a copy is bound, for an item-level request, or before routing', () => {
    const routed = { rota: [entry('NKUST', [copy('K5100001', '510 C2')])], rotaIndex: 0 };
    expect(copiesToPull(request({ ...routed, item: { barcode: 'K5100001', title: '統計學', author: '', callNumber: '510 C2', location: '', parts: 1 } }))).toEqual([]);
    expect(copiesToPull(request({ rota: [], rotaIndex: -1 }))).toEqual([]);
  });
});
