// The pull slip of a title request not yet bound to a copy: the lender's
// copies from its rota position (call number large, any one will do), no
// item barcode to scan, the request id barcode as always; once a copy is
// bound, the slip is the item-level one.
import { describe, expect, it } from 'vitest';
import { buildPullSlip, pullSlipInputFromRecords } from '#shared/slips/pull-slip';
import { shortCodeOf } from '#shared/domain/kit/short-code';
import { slipPlainText } from '#shared/slips/model';
import type { RequestRecord } from '#shared/domain/records';
import { requestRecord } from '../fixtures';

const NPTU = { id: 'NPTU', nameZh: '國立屏東大學', nameEn: 'National Pingtung University' };
const title = (over: Partial<RequestRecord> = {}): RequestRecord => requestRecord({
  id: 't-9', lenderLibraryId: 'NUK',
  item: { barcode: '', title: '統計學：觀念與應用', author: '林惠玲', callNumber: '', location: '', parts: 1 },
  work: { workId: 'w1', title: '統計學：觀念與應用', author: '林惠玲', isbn: '9789573267851', edition: '2019 年版' },
  review: { state: 'approved', placedBy: 'staff', decidedAt: null, reason: '' }, rotaIndex: 0,
  rota: [{ libraryId: 'NUK', basis: 'available', availableCopies: 2, load: 0, outcome: 'asked', note: '', copies: [
    { barcode: 'U5100001', callNumber: '510 8345', location: 'STACKS', availability: 'available' },
    { barcode: null, callNumber: '510 8345 c.2', location: '2F', availability: 'unknown' },
  ] }],
  ...over,
});
const barcodes = (r: RequestRecord) => buildPullSlip(pullSlipInputFromRecords(r, NPTU)).blocks.filter((b) => b.kind === 'barcode').map((b) => (b as { data: string }).data);

describe('pull slip of a title request', () => {
  it('lists the copies to pull, with edition and ISBN, and no item barcode', () => {
    const slip = buildPullSlip(pullSlipInputFromRecords(title(), NPTU));
    const text = slipPlainText(slip);
    for (const s of ['510 8345', 'STACKS U5100001', '510 8345 c.2', '2F', '任一複本', '2019 年版', '9789573267851']) expect(text).toContain(s);
    expect(barcodes(title())).toEqual([shortCodeOf('request', 't-9')]);
  });

  it('once a copy is bound, prints its barcode as for an item-level request', () => {
    const bound = title({ item: { barcode: 'U5100001', title: '統計學', author: '林惠玲', callNumber: '510 8345', location: 'STACKS', parts: 1 } });
    expect(barcodes(bound)).toEqual(['U5100001', shortCodeOf('request', 't-9')]);
    expect(slipPlainText(buildPullSlip(pullSlipInputFromRecords(bound, NPTU)))).not.toContain('任一複本');
  });
});
