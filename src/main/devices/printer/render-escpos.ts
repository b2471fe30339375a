// A slip as ESC/POS bytes, through the shared builder and a Big5 / GB18030
// encoder. Layout is done here in printer columns (Font A: 12 dots, a
// double-byte character two columns) so that words wrap where they should,
// values line up on the right, and large type shrinks until it fits instead
// of wrapping a library code across two lines.
//
// Rendering never fails: what the printer cannot print (a character outside
// the code page, barcode data outside the symbology, a barcode wider than
// the paper) is printed as text or '?' and listed in `warnings`.
//
// Names outside Big5 (堃, 喆 — common in Taiwanese given names) need not be
// '?': given a glyph source (a TrueType font, truetype-glyphs.ts), a line
// holding such a character is drawn from the font, cell by cell in the
// printer's columns (12 dots a column, 24 dots high, times the character
// size), and sent as a raster image (GS v 0). The printer's own
// user-defined characters (ESC & / FS 2) were not used: they hold only a
// handful of glyphs, vary by model, and need the same bitmaps anyway.
import { barcodeData, EscPosBuilder } from './escpos';
import { encodeCode128 } from './code128';
import type { EscPosAlign } from './escpos';
import { justifyPair, textColumns, wrapColumns } from '#shared/slips/layout';
import { COPY_MARK } from '#shared/slips/model';
import type { Slip, SlipBarcodeBlock, SlipBlock } from '#shared/slips/model';
import { createTextEncoder, describeChar } from './text-encoding';
import type { GlyphSource } from './truetype-glyphs';
import type { PrinterEncodingName, PrinterTextEncoder } from './text-encoding';

export interface EscPosRenderOptions {
  /** Default Big5. Ignored when `encoder` is given. */
  readonly encoding?: PrinterEncodingName;
  /** Reuse one encoder across slips (its character cache makes rendering fast). */
  readonly encoder?: PrinterTextEncoder;
  /** Printable width in dots: 576 for 80 mm paper (default), 384 for 58 mm. */
  readonly widthDots?: number;
  /** Lines fed after the cut position before cutting (GS V 66 n); default 3. */
  readonly cutFeed?: number;
  /**
   * Dots per barcode module (GS w), default 2. Many printers accept 1, which
   * fits a 26-character ULID in Code 128 on 80 mm paper; at 2 it needs 642
   * dots, so a barcode too wide for the paper is printed as a QR code instead.
   */
  readonly barcodeModuleDots?: 1 | 2 | 3;
  /** Draws the characters the printer's font lacks; without it they print as '?'. */
  readonly glyphs?: GlyphSource;
}

export interface RenderedSlip {
  readonly bytes: Uint8Array;
  readonly warnings: readonly string[];
}

const FONT_A_DOTS = 12;
const FONT_A_HEIGHT = 24;
const QR_MAX_BYTES = 7089;

const defaultEncoders = new Map<PrinterEncodingName, PrinterTextEncoder>();
function encoderFor(name: PrinterEncodingName): PrinterTextEncoder {
  let enc = defaultEncoders.get(name);
  if (!enc) {
    enc = createTextEncoder(name);
    defaultEncoders.set(name, enc);
  }
  return enc;
}

// After sanitising, every non-ASCII character left is a double-byte one.
const printerColumns = (ch: string): number => ((ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2);

const clampInt = (n: unknown, min: number, max: number, fallback: number): number =>
  typeof n === 'number' && Number.isFinite(n) ? Math.max(min, Math.min(max, Math.round(n))) : fallback;

/** Bar modules of a symbol (quiet zones not counted): the printer drops a barcode wider than its print area. */
export function barcodeModules(block: Pick<SlipBarcodeBlock, 'symbology' | 'data'>, payloadLength: number): number {
  switch (block.symbology) {
    case 'code128': {
      // Start, data, code set switches and check are 11 modules each, the stop 13 (code128.ts).
      const encoded = encodeCode128(block.data);
      return encoded.ok ? encoded.value.modules : 11 * payloadLength + 13;
    }
    case 'code39':
      // 13 modules per character at a 2.5:1 ratio, plus the gap, with '*' start and stop.
      return (payloadLength + 2) * 16;
    case 'codabar':
      return payloadLength * 12;
  }
}

interface State {
  bold: boolean;
  width: number;
  height: number;
  align: EscPosAlign;
}

export function renderSlipEscPos(slip: Slip, options: EscPosRenderOptions = {}): RenderedSlip {
  const encoder = options.encoder ?? encoderFor(options.encoding ?? 'big5');
  const widthDots = clampInt(options.widthDots, 144, 2400, 576);
  const columns = Math.floor(widthDots / FONT_A_DOTS);
  const cutFeed = clampInt(options.cutFeed, 0, 255, 3);
  const moduleDots = clampInt(options.barcodeModuleDots, 1, 3, 2);
  const warnings: string[] = [];
  const reported = new Set<string>();
  const b = new EscPosBuilder(encoder);
  const state: State = { bold: false, width: 1, height: 1, align: 'left' };

  const setStyle = (bold: boolean, width: number, height: number, align: EscPosAlign) => {
    if (bold !== state.bold) b.bold(bold);
    if (width !== state.width || height !== state.height) b.size(width, height);
    if (align !== state.align) b.align(align);
    Object.assign(state, { bold, width, height, align });
  };

  const glyphs = options.glyphs ?? null;
  const report = (ch: string, how: string) => {
    if (reported.has(ch)) return;
    reported.add(ch);
    warnings.push(`${describeChar(ch)} cannot be printed in ${encoder.name}: ${how}`);
  };

  /** The text as it will print: characters the printer lacks kept when the glyph source draws them, '?' otherwise. */
  const clean = (text: string): string => {
    const enc = encoder.encodeChecked(text);
    if (enc.unencodable.length === 0) return enc.printable;
    const original = [...text];
    const printable = [...enc.printable];
    if (glyphs === null || original.length !== printable.length) {
      for (const ch of enc.unencodable) report(ch, "printed as '?'");
      return enc.printable;
    }
    const lacking = new Set(enc.unencodable);
    return original
      .map((ch, i) => {
        if (!lacking.has(ch)) return printable[i]!;
        if (glyphs.has(ch.codePointAt(0)!)) {
          report(ch, 'printed as an image from the font');
          return ch;
        }
        report(ch, "printed as '?'");
        return '?';
      })
      .join('');
  };

  /** A line as a raster image: each character drawn in its printer cell, scaled by the character size. */
  const imageLine = (line: string, source: GlyphSource) => {
    const chars = [...line];
    const baseWidth = chars.reduce((n, ch) => n + printerColumns(ch) * FONT_A_DOTS, 0);
    const base = new Uint8Array(baseWidth * FONT_A_HEIGHT);
    let x = 0;
    for (const ch of chars) {
      const cellWidth = printerColumns(ch) * FONT_A_DOTS;
      const glyph = ch === ' ' ? null : source.draw(ch.codePointAt(0)!, cellWidth, FONT_A_HEIGHT);
      if (glyph) for (let y = 0; y < FONT_A_HEIGHT; y++) base.set(glyph.pixels.subarray(y * cellWidth, (y + 1) * cellWidth), y * baseWidth + x);
      x += cellWidth;
    }
    const w = state.width;
    const h = state.height;
    const width = baseWidth * w;
    const height = FONT_A_HEIGHT * h;
    const widthBytes = Math.max(1, Math.ceil(width / 8));
    const data = new Uint8Array(widthBytes * height);
    for (let y = 0; y < height; y++) {
      for (let px = 0; px < width; px++) {
        if (base[Math.floor(y / h) * baseWidth + Math.floor(px / w)]) data[y * widthBytes + (px >> 3)]! |= 0x80 >> (px & 7);
      }
    }
    b.rasterImage(widthBytes, height, data);
  };

  const emitLine = (line: string) => {
    if (glyphs !== null && encoder.encodeChecked(line).unencodable.length > 0) imageLine(line, glyphs);
    else b.line(line);
  };

  const printLines = (text: string, cols: number) => {
    for (const line of wrapColumns(text, cols, printerColumns)) emitLine(line);
  };

  const asText = (value: string) => {
    setStyle(false, 1, 1, 'center');
    printLines(clean(value), columns);
  };

  const renderBlock = (block: SlipBlock) => {
    switch (block.kind) {
      case 'text': {
        const text = clean(block.text);
        let width = clampInt(block.width, 1, 8, 1);
        const height = clampInt(block.height, 1, 8, 1);
        // Large type shrinks until its longest word fits on a line.
        const longest = Math.max(0, ...text.split(/[ \n]/).map((w) => textColumns(w, printerColumns)));
        while (width > 1 && longest * width > columns) width--;
        setStyle(block.bold === true, width, height, block.align ?? 'left');
        printLines(text, Math.floor(columns / width));
        return;
      }
      case 'pair': {
        const left = clean(block.left);
        const right = clean(block.right);
        const one = justifyPair(left, right, columns, printerColumns);
        setStyle(block.bold === true, 1, 1, 'left');
        if (one !== null) {
          emitLine(one);
        } else {
          printLines(left, columns);
          setStyle(block.bold === true, 1, 1, 'right');
          printLines(right, columns);
        }
        return;
      }
      case 'rule':
        setStyle(false, 1, 1, 'left');
        b.line((block.style === 'double' ? '=' : '-').repeat(columns));
        return;
      case 'barcode': {
        const payload = barcodeData(block.symbology, block.data);
        if (!payload.ok) {
          warnings.push(`barcode printed as text: ${payload.error.message}`);
          asText(block.data);
          return;
        }
        const dots = barcodeModules(block, payload.value.length) * moduleDots;
        setStyle(false, 1, 1, 'center');
        if (dots > widthDots) {
          warnings.push(`${block.symbology} barcode '${block.data}' needs ${dots} dots, the paper has ${widthDots}: printed as a QR code`);
          b.qr(block.data, { size: 4, errorCorrection: 'M' });
          b.line();
          if (block.hri !== false) b.line(block.data);
          return;
        }
        // GS w 1 is outside the builder's portable 2–6 range; it is sent only when the desk says the printer takes it.
        if (moduleDots === 1) b.raw(Uint8Array.of(0x1d, 0x77, 1));
        b.barcode(block.symbology, block.data, { hri: block.hri === false ? 'none' : 'below', height: clampInt(block.height, 1, 255, 80), ...(moduleDots === 1 ? {} : { width: moduleDots }) });
        b.line();
        return;
      }
      case 'qr': {
        // QR data goes as UTF-8; unpaired surrogates and controls have no UTF-8 form a phone would read.
        const data = Array.from(block.data, (ch) => {
          const cp = ch.codePointAt(0)!;
          return (cp >= 0xd800 && cp <= 0xdfff) || cp < 0x20 ? '?' : ch;
        }).join('');
        if (data !== block.data) warnings.push('QR data had unpaired surrogates or control characters: replaced by ?');
        const size = new TextEncoder().encode(data).length;
        if (size === 0 || size > QR_MAX_BYTES) {
          warnings.push(`QR data is ${size} bytes (1–${QR_MAX_BYTES} fit): printed as text`);
          if (size > 0) asText(data.slice(0, 500));
          return;
        }
        setStyle(false, 1, 1, 'center');
        b.qr(data, { size: clampInt(block.size, 1, 16, 6), errorCorrection: 'M' });
        b.line();
        return;
      }
      case 'feed':
        b.feed(clampInt(block.lines, 0, 255, 1));
        return;
      case 'cut':
        b.cut(block.partial ? 'partial' : 'full', cutFeed);
        return;
    }
  };

  // ESC @ resets modes; ESC t 0 picks PC437 for the single-byte half (the Kanji half is fixed by the model).
  b.init().codeTable(0);
  if (slip.copy) {
    setStyle(true, 2, 2, 'center');
    printLines(clean(COPY_MARK), Math.floor(columns / 2));
  }
  for (const block of slip.blocks) renderBlock(block);
  // The print queue and the simulator see documents as what lies between cuts.
  if (slip.blocks.at(-1)?.kind !== 'cut') b.cut('full', cutFeed);

  const built = b.build();
  if (built.ok) return { bytes: built.value, warnings };
  // Unreachable with the clamping above; kept so a builder change cannot make printing throw.
  warnings.push(`slip could not be laid out (${built.error.message}): printed as plain text`);
  const fallback = new EscPosBuilder(encoder).init();
  for (const line of slipLines(slip)) fallback.line(encoder.encodeChecked(line).printable);
  const bytes = fallback.cut('full', cutFeed).build();
  return { bytes: bytes.ok ? bytes.value : new Uint8Array(0), warnings };
}

function slipLines(slip: Slip): string[] {
  return slip.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : b.kind === 'pair' ? [`${b.left} ${b.right}`] : b.kind === 'barcode' || b.kind === 'qr' ? [b.data] : []));
}
