// The HTML slip's Code 128 bars (issue 17: a slip printed on A4 scans like a
// thermal one). The table is checked for the symbology's own invariants, the
// symbol values against the printer's independent encoder, and the SVG is
// read back bar by bar — as a scanner would, from widths — into the data.
import { describe, expect, it } from 'vitest';
import { CODE128_PATTERNS, code128Svg, code128Values } from '#shared/slips/code128-svg';
import { renderSlipHtml } from '#shared/slips/html';
import { buildRoutingLabel } from '#shared/slips/routing-label';
import { shortCodeOf } from '#shared/domain/kit/short-code';
import { encodeCode128 } from '#main/devices/printer/code128';
import { NTTU, STUST } from './fixtures';

/** Reads an SVG from code128Svg back: bar and space widths from the rectangles, symbols from the table, data from the symbols. */
function readBars(svg: string): string {
  const rects = [...svg.matchAll(/<rect x="(\d+)" y="0" width="(\d+)" height="1"\/>/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
  const widths: number[] = [];
  rects.forEach((r, i) => {
    widths.push(r.w);
    const next = rects[i + 1];
    if (next) widths.push(next.x - (r.x + r.w));
  });
  const symbols: number[] = [];
  for (let i = 0; i + 6 <= widths.length - 7; i += 6) {
    const v = CODE128_PATTERNS.indexOf(widths.slice(i, i + 6).join(''));
    if (v < 0) throw new Error(`no symbol for widths ${widths.slice(i, i + 6).join('')}`);
    symbols.push(v);
  }
  expect(widths.slice(-7).join('')).toBe(CODE128_PATTERNS[106]);
  const [start, ...rest] = symbols;
  const check = rest.pop()!;
  let sum = start!;
  rest.forEach((v, i) => (sum += (i + 1) * v));
  expect(sum % 103).toBe(check);
  if (start === 105) return rest.map((v) => String(v).padStart(2, '0')).join('');
  expect(start).toBe(104);
  return rest.map((v) => String.fromCharCode(v + 32)).join('');
}

describe('Code 128 bars for HTML slips', () => {
  it('the table keeps the symbology\'s invariants: 11 modules a symbol (stop 13), even bar modules, all distinct', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    CODE128_PATTERNS.forEach((p, v) => {
      const w = Array.from(p, Number);
      expect(w.reduce((a, b) => a + b, 0), `value ${v}`).toBe(v === 106 ? 13 : 11);
      expect(w.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) % 2, `value ${v}`).toBe(0);
    });
  });

  it('gives the same symbol characters as the printer\'s encoder for short codes and numeric item barcodes', () => {
    for (const data of [shortCodeOf('parcel', 'P01JNM5Q7ZV3W4X5Y6Z7A8B9C0D'), shortCodeOf('request', 't01JNM5Q7ZV3W4X5Y6Z7A8B9C0E'), '31234000123456', '00']) {
      const printer = encodeCode128(data);
      if (!printer.ok) throw new Error(printer.error.message);
      expect(code128Values(data)).toEqual([...printer.value.symbols]);
    }
  });

  it('reads back to the data from the bars alone', () => {
    for (const data of [shortCodeOf('parcel', 'P-1'), '31234000123456', 'C0123456', 'AB-12 x']) expect(readBars(code128Svg(data)!)).toBe(data);
  });

  it('has no bars for what it cannot encode (those stay text)', () => {
    expect(code128Svg('')).toBeNull();
    expect(code128Svg('台灣')).toBeNull();
    expect(code128Values('12345')).toEqual(expect.arrayContaining([104])); // odd digits: set B
  });

  it('a routing label in HTML carries the bars of its short code', () => {
    const id = 'P01JNM5Q7ZV3W4X5Y6Z7A8B9C0D:2';
    const html = renderSlipHtml(buildRoutingLabel({ to: NTTU, from: STUST, parcelId: id, itemCount: 1, date: '2025-03-04' }), { paperMm: 58 });
    const svg = /<svg class="bars"[^]*?<\/svg>/.exec(html)?.[0];
    expect(svg).toBeDefined();
    expect(readBars(svg!)).toBe(shortCodeOf('parcel', id));
  });
});
