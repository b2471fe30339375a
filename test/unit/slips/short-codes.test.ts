// Issue 17: every slip that identifies a parcel or a request carries its
// short code as a 1D barcode (Code 128, digits only, so the printer uses code
// set C) and as grouped digits, at 58 mm and 80 mm alike; no QR code is the
// only machine-readable id (the desks' scanners are 1D). The ESC/POS side is
// checked through the real renderer: no barcode falls back to a QR code.
import { describe, expect, it } from 'vitest';
import { buildRoutingLabel } from '#shared/slips/routing-label';
import { buildParcelManifest } from '#shared/slips/parcel-manifest';
import { buildPullSlip } from '#shared/slips/pull-slip';
import { renderSlipHtml } from '#shared/slips/html';
import { slipPlainText, type Slip, type SlipBlock } from '#shared/slips/model';
import { groupShortCode, shortCodeOf } from '#shared/domain/kit/short-code';
import { renderSlipEscPos } from '#main/devices/printer/render-escpos';
import { encodeCode128 } from '#main/devices/printer/code128';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import { NTTU, STUST } from './fixtures';

// Real ids: a ULID parcel's successor (30 characters) and a title request's ULID.
const PARCEL_ID = 'P01JNM5Q7ZV3W4X5Y6Z7A8B9C0D:2';
const REQUEST_ID = 't01JNM5Q7ZV3W4X5Y6Z7A8B9C0E';

const slips: Array<{ name: string; slip: Slip; code: string }> = [
  { name: 'routing label', slip: buildRoutingLabel({ to: NTTU, from: STUST, parcelId: PARCEL_ID, itemCount: 2, date: '2025-03-04' }), code: shortCodeOf('parcel', PARCEL_ID) },
  { name: 'routing label (en)', slip: buildRoutingLabel({ to: NTTU, from: STUST, parcelId: PARCEL_ID, itemCount: 2, date: '2025-03-04', courier: '新竹物流 HCT', trackingNumber: '7001234567' }, 'en'), code: shortCodeOf('parcel', PARCEL_ID) },
  {
    name: 'parcel manifest',
    slip: buildParcelManifest({ parcelId: PARCEL_ID, from: STUST, to: NTTU, date: '2025-03-04', items: [{ barcode: '31234000000011', title: '台灣史綱', kind: 'outbound' }] }),
    code: shortCodeOf('parcel', PARCEL_ID),
  },
  {
    name: 'pull slip',
    slip: buildPullSlip({ requestId: REQUEST_ID, callNumber: '733.21 8744', location: '三樓書庫', title: '台灣史綱', author: '周婉窈', itemBarcode: '31234000000011', borrowingLibrary: NTTU, neededBy: '2025-03-20' }),
    code: shortCodeOf('request', REQUEST_ID),
  },
  {
    name: 'pull slip of a title request (no item barcode)',
    slip: buildPullSlip({ requestId: REQUEST_ID, callNumber: '', location: '', title: '統計學', author: '', itemBarcode: '', borrowingLibrary: NTTU, neededBy: null, copies: [{ callNumber: '510 8345', location: 'STACKS', barcode: 'U5100001' }] }, 'en'),
    code: shortCodeOf('request', REQUEST_ID),
  },
];

const barcodes = (s: Slip) => s.blocks.filter((b): b is Extract<SlipBlock, { kind: 'barcode' }> => b.kind === 'barcode');

describe.each(slips)('$name', ({ slip, code }) => {
  it('carries the short code as a Code 128 barcode of digits and as grouped text, and no QR code', () => {
    expect(code).toMatch(/^\d{18}$/);
    expect(barcodes(slip)).toContainEqual(expect.objectContaining({ symbology: 'code128', data: code }));
    expect(slip.blocks.some((b) => b.kind === 'qr')).toBe(false);
    expect(slipPlainText(slip)).toContain(groupShortCode(code));
    // The long id is still on paper, as text only (no barcode carries it).
    expect(barcodes(slip).some((b) => b.data === PARCEL_ID || b.data === REQUEST_ID)).toBe(false);
  });

  it('the printer draws it in code set C: 9 symbol characters', () => {
    const enc = encodeCode128(code);
    if (!enc.ok) throw new Error(enc.error.message);
    // Start C (105), 9 data characters of two digits each, the check character; no switch to set B (100).
    expect(enc.value.symbols).toHaveLength(11);
    expect(enc.value.symbols[0]).toBe(105);
    expect(enc.value.symbols.slice(1, -1)).not.toContain(100);
  });

  for (const [paper, widthDots] of [['58 mm', 384], ['80 mm', 576]] as const) {
    it(`prints at ${paper} as a 1D barcode (GS k), never as a QR code, and its grouped digits fit one line`, () => {
      const out = renderSlipEscPos(slip, { widthDots });
      expect(out.warnings).toEqual([]);
      const tokens = decodeEscPos(out.bytes);
      const commands = tokens.flatMap((t) => (t.kind === 'command' ? [t] : []));
      expect(commands.filter((c) => /qr|2d/i.test(c.name)).map((c) => c.name)).toEqual([]);
      // GS k 73 (Code 128) with the printer's code set C data: "{C" then one byte per digit pair.
      const bars = commands.filter((c) => c.name === 'barcode' && c.params[0] === 73).map((c) => Array.from(c.data ?? []));
      const pairs = code.match(/\d\d/g)!.map(Number);
      expect(bars).toContainEqual([0x7b, 0x43, ...pairs]);
      const html = renderSlipHtml(slip, { paperMm: paper === '58 mm' ? 58 : 80 });
      expect(html).toContain(`data-symbology="code128"`);
      expect(html).toContain(code);
      expect(html).not.toContain('class="qr"');
    });
  }
});
