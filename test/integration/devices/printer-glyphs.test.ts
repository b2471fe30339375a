// A slip with a name outside Big5 through the whole printer stack over TCP:
// the desk draws the line from a font and sends GS v 0; the simulator prints
// it as an image between the text lines.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { createPrinter, createTrueTypeGlyphSource } from '#main/devices/printer';
import type { GlyphSource, Printer } from '#main/devices/printer';
import { EscPosPrinterSimulator, IMAGE_LINE } from '#main/simulators/escpos-printer';
import type { Slip } from '#shared/slips/model';

const FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const boxes: GlyphSource = { has: () => true, draw: (_cp, w, h) => ({ width: w, height: h, pixels: new Uint8Array(w * h).fill(1) }) };
const fromFont = existsSync(FONT) ? createTrueTypeGlyphSource(new Uint8Array(readFileSync(FONT))) : null;
if (fromFont === null) console.warn(`printer-glyphs: ${FONT} is not installed; a synthetic glyph source stands in`);
const glyphs = fromFont?.ok ? fromFont.value : boxes;

let sim: EscPosPrinterSimulator | null = null;
let printer: Printer | null = null;
afterEach(async () => {
  await printer?.stop();
  await sim?.stop();
});

it('prints 讀者 王堃 as a raster image between the text lines', async () => {
  sim = await EscPosPrinterSimulator.start();
  printer = createPrinter({ transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port! }, pollIntervalMs: 40, statusTimeoutMs: 500, glyphs });
  printer.start();
  await printer.driver.waitForStatus((s) => s.condition === 'ready');
  const slip = {
    kind: 'hold',
    locale: 'zh-TW',
    title: '',
    blocks: [
      { kind: 'text', text: '預約取書' },
      { kind: 'text', text: '讀者 王堃' },
      { kind: 'text', text: '到期 2026-12-10' },
    ],
  } as unknown as Slip;
  const { outcome, warnings } = await printer.printSlip(slip);
  expect(outcome.kind).toBe('printed');
  expect(warnings).toEqual(["U+5803 '堃' cannot be printed in big5: printed as an image from the font"]);
  const [doc] = await sim.waitForDocuments(1);
  expect(doc!.lines.slice(0, 3)).toEqual(['預約取書', IMAGE_LINE, '到期 2026-12-10']);
  expect(doc!.images[0]!.pixels.some((p) => p === 1)).toBe(true);
});
