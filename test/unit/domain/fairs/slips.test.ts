// The fair's paper: the reservation slip carries its code as Code 128 in code
// set C (ten digits → start C + 5 data symbols + check), the name masked, the
// hold time in local time; the shelf label its cabinet mark. Both render to
// ESC/POS without a warning in Big5 and pass the bridge's slip check.
import { describe, expect, it } from 'vitest';
import { buildFairReservationSlip, buildFairShelfLabel, groupedSlipCode, isSlip, slipPlainText } from '#shared/slips';
import { slipCodeOf } from '#shared/domain/fairs/slip-code';
import { encodeCode128, CODE128 } from '#main/devices/printer/code128';
import { renderSlipEscPos } from '#main/devices/printer/render-escpos';

const FAIR = { title: '冬季曬書祭', place: '圖資大樓一樓', startsOn: '2026-12-07', endsOn: '2026-12-12', rules: '每人限預約 2 本。' };
const CODE = slipCodeOf('260712345');

describe('fair reservation slip', () => {
  const slip = buildFairReservationSlip(FAIR, { id: CODE, title: '臺灣通史', shelfMark: 'A-01', patronMasked: '王○明', holdUntil: '2026-12-10T02:00:00.000Z' });

  it('says what, where, until when (Taipei time), to whom (masked), with the code as a barcode and grouped digits', () => {
    const text = slipPlainText(slip);
    for (const s of ['冬季曬書祭', '圖資大樓一樓', '臺灣通史', 'A-01', '王○明', '2026-12-10 10:00', CODE, groupedSlipCode(CODE), '每人限預約 2 本。']) expect(text).toContain(s);
    expect(text).not.toContain('王小明');
    expect(slip.blocks.filter((b) => b.kind === 'barcode')).toEqual([expect.objectContaining({ symbology: 'code128', data: CODE })]);
    expect(groupedSlipCode('1234567897')).toBe('12345 67897');
    expect(isSlip(slip)).toBe(true);
  });

  it('encodes in Code 128 code set C: five data symbols for ten digits', () => {
    const enc = encodeCode128(CODE);
    if (!enc.ok) throw new Error(enc.error.message);
    expect(enc.value.symbols[0]).toBe(CODE128.START_C);
    expect(enc.value.symbols).toHaveLength(1 + 5 + 1);
  });

  it('renders to ESC/POS in Big5 without a warning', () => {
    const r = renderSlipEscPos(slip);
    expect(r.warnings).toEqual([]);
    expect(r.bytes.length).toBeGreaterThan(100);
  });
});

describe('shelf label', () => {
  it('shows the cabinet mark large, the title and the fair', () => {
    const label = buildFairShelfLabel({ title: FAIR.title }, { id: 'f.1', title: '老人與海', author: '海明威', shelfMark: 'B-07' });
    const text = slipPlainText(label);
    for (const s of ['冬季曬書祭', 'B-07', '老人與海', '海明威']) expect(text).toContain(s);
    expect(label.kind).toBe('shelf-label');
    expect(isSlip(label)).toBe(true);
    expect(renderSlipEscPos(label).warnings).toEqual([]);
  });
});
