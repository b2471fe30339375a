import { describe, expect, it } from 'vitest';
import { buildHoldSlip, holdSlipInputFromRecords } from '#shared/slips/hold-slip';
import { buildRoutingLabel, routingLabelInputFromRecords } from '#shared/slips/routing-label';
import { buildParcelManifest, parcelManifestInputFromRecords } from '#shared/slips/parcel-manifest';
import { buildPullSlip, pullSlipInputFromRecords } from '#shared/slips/pull-slip';
import { buildPatronReceipt, receiptPolicyText } from '#shared/slips/patron-receipt';
import { isSlip, markCopy, slipPlainText } from '#shared/slips/model';
import type { Slip, SlipBlock } from '#shared/slips/model';
import type { HoldRecord, ParcelRecord, RequestRecord } from '#shared/domain/records';
import { DEFAULT_POLICY } from '#shared/domain/policy';
import { HOLD, NTTU, RECEIPT, STUST } from './fixtures';
import { groupShortCode, shortCodeOf } from '#shared/domain/kit/short-code';

const barcodes = (s: Slip) => s.blocks.filter((b): b is Extract<SlipBlock, { kind: 'barcode' }> => b.kind === 'barcode');
const biggest = (s: Slip) =>
  s.blocks.filter((b): b is Extract<SlipBlock, { kind: 'text' }> => b.kind === 'text').sort((a, b) => (b.height ?? 1) * (b.width ?? 1) - (a.height ?? 1) * (a.width ?? 1))[0]!;

describe('hold slip', () => {
  const slip = buildHoldSlip(HOLD);
  const text = slipPlainText(slip);
  it('shows the masked patron, the card’s last digits, title, pickup date and the library', () => {
    expect(text).toContain('王○明');
    expect(text).not.toContain('王小明');
    expect(text).toContain('****6789');
    expect(text).not.toContain('2000100056789');
    expect(text).toContain(HOLD.title);
    expect(text).toContain('2025-03-11（二）');
    expect(text).toContain('南臺科技大學');
    expect(text).toContain('預約取書單 Hold Slip');
  });
  it('prints the shelf spot in the biggest type', () => {
    const big = biggest(slip);
    expect(big.text).toBe('789');
    expect(big.height).toBe(4);
    expect(big.width).toBe(4);
  });
  it('ends with a cut and carries the item barcode', () => {
    expect(slip.blocks.at(-1)?.kind).toBe('cut');
    expect(barcodes(slip).map((b) => b.data)).toEqual([HOLD.itemBarcode]);
    expect(isSlip(slip)).toBe(true);
    expect(slip.kind).toBe('hold');
  });
  it('English slip, multi-part warning', () => {
    const en = slipPlainText(buildHoldSlip({ ...HOLD, parts: 2 }, 'en'));
    expect(en).toContain('Hold Slip 預約取書單');
    expect(en).toContain('Pick up by');
    expect(en).toContain('2025-03-11 (Tue)');
    expect(en).toContain('2 parts');
  });
  it('from records', () => {
    const hold: HoldRecord = {
      id: 'H1', requestId: 'R1', patronId: 'P1', libraryId: 'STUST', ownerLibraryId: 'NPTU', itemBarcode: '31234000123456', title: 'T', parts: 1,
      shelfSpot: '789', shelvedOn: '2025-03-04', pickupBy: '2025-03-11', state: 'waiting', updatedAt: '2025-03-04T00:00:00Z',
    };
    const input = holdSlipInputFromRecords(hold, { name: 'Wang Ming', cardNumbers: ['2000100056789'] }, { id: 'STUST', nameZh: '南臺科技大學', nameEn: 'STUST' });
    expect(slipPlainText(buildHoldSlip(input))).toContain('W*** M***');
  });
});

describe('routing label', () => {
  const input = { to: NTTU, from: STUST, parcelId: '01JNM5Q7ZV3W4X5Y6Z7A8B9C0D', itemCount: 12, date: '2025-03-04' };
  const slip = buildRoutingLabel(input);
  it('destination code in the largest type, names, parcel barcode', () => {
    const big = biggest(slip);
    expect(big.text).toBe('NTTU');
    expect(big.width).toBeGreaterThanOrEqual(4);
    expect(slipPlainText(slip)).toContain('國立臺東專科學校');
    expect(slipPlainText(slip)).toContain('STUST');
    // The parcel's short code, not its 27-character id (which only a QR code could carry at 80 mm).
    expect(barcodes(slip)).toEqual([expect.objectContaining({ symbology: 'code128', data: shortCodeOf('parcel', input.parcelId) })]);
    expect(slipPlainText(slip)).toContain(groupShortCode(shortCodeOf('parcel', input.parcelId)));
  });
  it('a long code shrinks to fit 48 columns', () => {
    const long = biggest(buildRoutingLabel({ ...input, to: { ...NTTU, code: 'ABCDEFGHIJKLMNOP' } }));
    expect((long.width ?? 1) * 16).toBeLessThanOrEqual(48);
  });
  it('from records: item count', () => {
    const parcel = { id: 'P1', items: [{}, {}, {}], courier: '黑貓', trackingNumber: '' } as unknown as ParcelRecord;
    const r = routingLabelInputFromRecords(parcel, { id: 'STUST', nameZh: 'a', nameEn: 'b' }, { id: 'NTTU', nameZh: 'c', nameEn: 'd' }, '2025-03-04');
    expect(r.itemCount).toBe(3);
    expect(r.courier).toBe('黑貓');
    expect(r.trackingNumber).toBeUndefined();
  });
});

describe('parcel manifest', () => {
  const slip = buildParcelManifest({
    parcelId: 'P-100',
    from: STUST,
    to: NTTU,
    date: '2025-03-04',
    items: [
      { barcode: '31234000000011', title: '台灣史綱', kind: 'outbound' },
      { barcode: '31234000000022', title: '資料結構', kind: 'return' },
      { barcode: '31234000000033', title: 'Clean Code', kind: 'outbound' },
    ],
  });
  const text = slipPlainText(slip);
  it('lists every item with its kind and totals', () => {
    expect(text).toContain('1. 31234000000011 寄出');
    expect(text).toContain('2. 31234000000022 歸還');
    expect(text).toContain('Clean Code');
    expect(text).toMatch(/寄出 2/);
    expect(text).toMatch(/歸還 1/);
    expect(text).toContain('合計 3 件');
    expect(text).not.toMatch(/轉送 \d/);
    expect(barcodes(slip).at(-1)?.data).toBe(shortCodeOf('parcel', 'P-100'));
  });
  it('from records', () => {
    const parcel = { id: 'P1', items: [{ barcode: 'B1', requestId: 'R', kind: 'forward', title: 'X', packedAt: '', receivedAt: null }] } as unknown as ParcelRecord;
    const input = parcelManifestInputFromRecords(parcel, { id: 'STUST', nameZh: 'a', nameEn: 'b' }, { id: 'NTTU', nameZh: 'c', nameEn: 'd' }, '2025-03-04');
    expect(input.items).toEqual([{ barcode: 'B1', title: 'X', kind: 'forward' }]);
  });
});

describe('pull slip', () => {
  const request = {
    id: 'REQ-42', borrowerLibraryId: 'NTTU', lenderLibraryId: 'STUST', patronId: 'P1',
    item: { barcode: '31234000000011', title: '台灣史綱', author: '周婉窈', callNumber: '733.21 8744', location: '三樓書庫', parts: 1 },
    neededBy: '2025-03-20', note: '請加速',
  } as unknown as RequestRecord;
  const slip = buildPullSlip(pullSlipInputFromRecords(request, { id: 'NTTU', nameZh: '國立臺東專科學校', nameEn: 'NTC' }));
  const text = slipPlainText(slip);
  it('call number large, location, title, author, request id barcode, borrower, needed-by', () => {
    const big = biggest(slip);
    expect(big.text).toBe('733.21 8744');
    for (const s of ['三樓書庫', '台灣史綱', '周婉窈', 'NTTU 國立臺東專科學校', '2025-03-20（四）', '請加速']) expect(text).toContain(s);
    expect(barcodes(slip).map((b) => b.data)).toEqual(['31234000000011', shortCodeOf('request', 'REQ-42')]);
  });
  it('a request without a needed-by date says so', () => {
    const t = slipPlainText(buildPullSlip({ ...pullSlipInputFromRecords(request, NTTU_LIB), neededBy: null }, 'en'));
    expect(t).toContain('not given');
  });
});
const NTTU_LIB = { id: 'NTTU', nameZh: '國立臺東專科學校', nameEn: 'NTC' };

describe('patron receipt', () => {
  const slip = buildPatronReceipt(RECEIPT);
  const text = slipPlainText(slip);
  it('items, due dates, fines, loan count against the limit', () => {
    expect(text).toContain('陳○玲');
    expect(text).toContain('台灣史綱');
    expect(text).toContain('到期 2025-04-01（二）');
    expect(text).toContain('逾期 3 天 NT$15');
    expect(text).toContain('本次罰款 NT$15');
    expect(text).toContain('未繳罰款 NT$40');
    expect(text).toContain('已借 3/6');
    expect(text).toContain('2025-03-04 10:30');
  });
  it('tells the patron the rules: limit, period, fines', () => {
    expect(text).toContain('每人可借 6 冊，借期 28 天');
    expect(text).toContain('逾期每冊每日罰款 NT$5');
    expect(text).toContain('每冊上限 NT$500');
    const en = receiptPolicyText(DEFAULT_POLICY, 'en');
    expect(en).toContain('up to 6 items for 28 days');
    expect(en).toContain('NT$5 per item per day');
    expect(receiptPolicyText({ ...DEFAULT_POLICY, finePerDay: 0 }, 'zh-TW')).toContain('不收罰款');
  });
  it('no fines this visit → no fine line', () => {
    expect(slipPlainText(buildPatronReceipt({ ...RECEIPT, returns: [] }))).not.toContain('本次罰款');
  });
});

describe('slip model', () => {
  it('markCopy and isSlip', () => {
    const slip = markCopy(buildHoldSlip(HOLD));
    expect(slip.copy).toBe(true);
    expect(slipPlainText(slip).split('\n')[0]).toContain('補印');
    expect(isSlip(JSON.parse(JSON.stringify(slip)))).toBe(true);
    expect(isSlip({ ...slip, kind: 'nope' })).toBe(false);
    expect(isSlip({ ...slip, blocks: [{ kind: 'barcode', symbology: 'ean13', data: '1' }] })).toBe(false);
    expect(isSlip(null)).toBe(false);
  });
});
