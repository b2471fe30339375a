// Names outside Big5 (堃, 喆) on slips: drawn from a TrueType font into the
// printer's cells and sent as a GS v 0 raster image instead of '?'. The
// rasterizer is tested on the machine's CJK font when it has one (WenQuanYi
// Micro Hei, a .ttc) and on a synthetic glyph source for the exact bytes.
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import { renderSlipEscPos } from '#main/devices/printer/render-escpos';
import { createTrueTypeGlyphSource } from '#main/devices/printer/truetype-glyphs';
import type { GlyphSource } from '#main/devices/printer/truetype-glyphs';
import { DocumentBuilder, IMAGE_LINE } from '#main/simulators/printed-document';
import type { Slip } from '#shared/slips/model';
import { expectError, FC_RUNS, toHex, unwrap } from '#test/unit/codecs/helpers';

const FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const haveFont = existsSync(FONT);
if (!haveFont) console.warn(`SKIPPED glyph tests on a real font: ${FONT} is not installed`);

/** Every glyph a solid box: the bytes are predictable. */
const boxes: GlyphSource = {
  has: (cp) => cp !== 0x1f600,
  draw: (_cp, w, h) => ({ width: w, height: h, pixels: new Uint8Array(w * h).fill(1) }),
};

const slip = (text: string): Slip => ({ kind: 'hold', locale: 'zh-TW', title: '', blocks: [{ kind: 'text', text }] }) as unknown as Slip;

/** What the printer simulator makes of the bytes: text lines and raster images. */
function printed(bytes: Uint8Array) {
  const doc = new DocumentBuilder();
  for (const t of decodeEscPos(bytes)) {
    if (t.kind !== 'command') continue;
    if (t.name === 'rasterImage') doc.rasterImage(t.params[0]!, t.params[1]!, t.params[2]!, t.data!);
  }
  return doc;
}

describe('characters outside Big5 on a slip', () => {
  it("without a glyph source they print as '?' with a warning", () => {
    const r = renderSlipEscPos(slip('讀者 王堃'));
    expect(r.warnings).toEqual(["U+5803 '堃' cannot be printed in big5: printed as '?'"]);
    expect(toHex(r.bytes)).not.toContain('1D 76 30');
  });
  it('with one, the line is a GS v 0 raster image in the printer cells (12 dots a column, 24 high)', () => {
    const r = renderSlipEscPos(slip('王堃'), { glyphs: boxes });
    expect(r.warnings).toEqual(["U+5803 '堃' cannot be printed in big5: printed as an image from the font"]);
    const hex = toHex(r.bytes);
    // 2 double-byte characters = 48 dots = 6 bytes a row, 24 rows: GS v 0 0 06 00 18 00
    expect(hex).toContain('1D 76 30 00 06 00 18 00 FF FF FF FF FF FF');
    const doc = printed(r.bytes);
    expect(doc.images).toHaveLength(1);
    expect([doc.images[0]!.widthDots, doc.images[0]!.heightDots]).toEqual([48, 24]);
    expect(doc.lines).toEqual([IMAGE_LINE]);
  });
  it('only the lines holding such a character become images; double size doubles the image', () => {
    const text: Slip = {
      kind: 'hold',
      locale: 'zh-TW',
      title: '',
      blocks: [
        { kind: 'text', text: '預約取書' },
        { kind: 'text', text: '喆', width: 2, height: 2 },
      ],
    } as unknown as Slip;
    const doc = printed(renderSlipEscPos(text, { glyphs: boxes }).bytes);
    expect(doc.images.map((i) => [i.widthDots, i.heightDots])).toEqual([[48, 48]]);
  });
  it("a character the font lacks still prints as '?'", () => {
    const r = renderSlipEscPos(slip('王😀'), { glyphs: boxes });
    expect(r.warnings[0]).toContain("printed as '?'");
  });
});

describe.skipIf(!haveFont)('the TrueType rasterizer on a real CJK font', () => {
  const font = haveFont ? unwrap(createTrueTypeGlyphSource(new Uint8Array(readFileSync(FONT)))) : null;
  it('has 堃 and 喆 and draws them with ink inside the cell', () => {
    for (const ch of ['堃', '喆', '王']) {
      const g = font!.draw(ch.codePointAt(0)!, 24, 24)!;
      const ink = g.pixels.reduce((n, p) => n + p, 0);
      expect(ink).toBeGreaterThan(60);
      expect(ink).toBeLessThan(24 * 24 * 0.6);
    }
    // 王: three horizontal strokes — rows with a long run of ink.
    const wang = font!.draw('王'.codePointAt(0)!, 24, 24)!;
    const longRows = Array.from({ length: 24 }, (_, y) => wang.pixels.subarray(y * 24, y * 24 + 24).reduce((n, p) => n + p, 0)).filter((n) => n >= 12);
    expect(longRows.length).toBeGreaterThanOrEqual(3);
  });
  it('prints a patron name with 堃 as an image the simulator reads back', () => {
    const doc = printed(renderSlipEscPos(slip('讀者 王堃'), { glyphs: font! }).bytes);
    expect(doc.images).toHaveLength(1);
    // "讀者 王堃" is 9 columns = 108 dots, sent as 14 bytes a row (112 dots).
    const image = doc.images[0]!;
    expect([image.widthDots, image.heightDots]).toEqual([112, 24]);
    const inkIn = (from: number, to: number) => {
      let n = 0;
      for (let y = 0; y < 24; y++) for (let x = from; x < to; x++) n += image.pixels[y * 112 + x]!;
      return n;
    };
    expect(inkIn(84, 108)).toBeGreaterThan(60); // 堃, in the last cell
    expect(inkIn(48, 60)).toBe(0); // the space
    expect(inkIn(108, 112)).toBe(0); // padding to whole bytes
  });
});

describe('a font that cannot be read', () => {
  it('is a BAD_FONT error, never a throw, and drawing never throws', () => {
    expect(expectError(createTrueTypeGlyphSource(new Uint8Array(10)), 'BAD_FONT').message).toContain('cannot be read');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0x2ffff }), (bytes, cp) => {
        const source = createTrueTypeGlyphSource(bytes);
        if (source.ok) {
          source.value.has(cp);
          source.value.draw(cp, 24, 24);
        }
      }),
      FC_RUNS,
    );
  });
});
