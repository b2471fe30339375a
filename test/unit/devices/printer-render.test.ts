import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import { bytesToHex } from '#main/devices/bytes/hex';
import { buildHoldSlip } from '#shared/slips/hold-slip';
import { markCopy } from '#shared/slips/model';
import type { Slip } from '#shared/slips/model';
import { renderSlipEscPos } from '#main/devices/printer/render-escpos';
import { createTextEncoder } from '#main/devices/printer/text-encoding';
import { HOLD } from '../slips/fixtures';

/** The printed lines, as a printer would put them on paper (text runs decoded, LF ends a line). */
function printedLines(bytes: Uint8Array, encoding: 'big5' | 'gb18030' = 'big5'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const t of decodeEscPos(bytes)) {
    if (t.kind === 'text') line += iconv.decode(Buffer.from(t.bytes), t.kanji ? encoding : 'latin1');
    else if (t.kind === 'command' && t.name === 'lineFeed') {
      lines.push(line);
      line = '';
    }
  }
  return lines;
}

describe('ESC/POS rendering of a slip', () => {
  const slip = buildHoldSlip(HOLD);

  it('starts with init and code table, ends with a cut', () => {
    const { bytes, warnings } = renderSlipEscPos(slip);
    expect(warnings).toEqual([]);
    expect(bytesToHex(bytes.subarray(0, 5), ' ')).toBe('1B 40 1B 74 00');
    expect(bytesToHex(bytes.subarray(bytes.length - 4), ' ')).toBe('1D 56 41 03');
  });

  it('Chinese text goes in Kanji mode as Big5, and decodes back to the same text', () => {
    const { bytes } = renderSlipEscPos(slip);
    const tokens = decodeEscPos(bytes);
    expect(tokens.filter((t) => t.kind === 'unknown' || t.kind === 'truncated')).toEqual([]);
    const title = tokens.find((t) => t.kind === 'text' && t.kanji && iconv.decode(Buffer.from(t.bytes), 'big5') === HOLD.title);
    expect(title).toBeDefined();
    // 閱 = BE 5C: its trail byte is a backslash outside Kanji mode.
    expect(bytesToHex(bytes, ' ')).toContain('1C 26 BE 5C');
    const lines = printedLines(bytes);
    expect(lines).toContain(HOLD.title);
    expect(lines.some((l) => l.startsWith('讀者') && l.endsWith('王○明') && l.length > 20)).toBe(true);
    expect(lines).toContain('789');
  });

  it('bold, size, barcode with HRI below', () => {
    const names = decodeEscPos(renderSlipEscPos(slip).bytes).flatMap((t) => (t.kind === 'command' ? [`${t.name}:${t.params.join(',')}`] : []));
    expect(names).toContain('size:51'); // 4 × 4 → (3 << 4) | 3
    expect(names).toContain('bold:1');
    expect(names).toContain('barcodeHri:2');
    expect(names).toContain('barcode:73');
  });

  it('GB18030 printers get GB18030 bytes', () => {
    const { bytes } = renderSlipEscPos(slip, { encoding: 'gb18030' });
    expect(printedLines(bytes, 'gb18030')).toContain(HOLD.title);
  });

  it('what the code page lacks becomes ? with one warning per character', () => {
    const s: Slip = { kind: 'hold', locale: 'zh-TW', title: '', blocks: [{ kind: 'text', text: '書😀😀\uD800 ✓' }] };
    const { bytes, warnings } = renderSlipEscPos(s);
    expect(printedLines(bytes)[0]).toBe('書??? ?');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain("U+1F600 '😀'");
    expect(warnings[1]).toContain('U+D800');
  });

  it('HKSCS-only characters count as unprintable on a Big5 printer', () => {
    const enc = createTextEncoder('big5');
    expect(enc.encodeChecked('犇').unencodable).toEqual(['犇']);
    expect(enc.encodeChecked('王○明').unencodable).toEqual([]);
    expect(enc.encodeChecked('王○明').columns).toBe(6);
  });

  it('control characters in slip text never reach the printer as commands', () => {
    const s: Slip = { kind: 'hold', locale: 'en', title: '', blocks: [{ kind: 'text', text: 'a\u001B@b\u001DV\u0000c' }] };
    const { bytes, warnings } = renderSlipEscPos(s);
    expect(decodeEscPos(bytes).filter((t) => t.kind === 'command' && t.name === 'init')).toHaveLength(1);
    expect(printedLines(bytes)[0]).toBe('a @b V c');
    expect(warnings.length).toBe(3);
  });

  it('barcode data the symbology cannot carry is printed as text', () => {
    const s: Slip = { kind: 'hold', locale: 'en', title: '', blocks: [{ kind: 'barcode', symbology: 'code39', data: 'abc' }] };
    const { bytes, warnings } = renderSlipEscPos(s);
    expect(warnings[0]).toMatch(/printed as text/);
    expect(printedLines(bytes)).toContain('abc');
    expect(decodeEscPos(bytes).some((t) => t.kind === 'command' && t.name === 'barcode')).toBe(false);
  });

  it('a Code 128 too wide for the paper becomes a QR code (or fits at module width 1)', () => {
    const ulid = '01JNM5Q7ZV3W4X5Y6Z7A8B9C0D';
    const s: Slip = { kind: 'routing', locale: 'en', title: '', blocks: [{ kind: 'barcode', symbology: 'code128', data: ulid }] };
    const wide = renderSlipEscPos(s);
    expect(wide.warnings[0]).toMatch(/QR/);
    expect(decodeEscPos(wide.bytes).some((t) => t.kind === 'command' && t.name === 'qrStore')).toBe(true);
    const narrow = renderSlipEscPos(s, { barcodeModuleDots: 1 });
    expect(narrow.warnings).toEqual([]);
    expect(bytesToHex(narrow.bytes, ' ')).toMatch(/1D 77 01 1D 48 02 1D 68 50 1D 6B 49 1C 7B 42 30 31/);
  });

  it('large type shrinks to fit 58 mm paper', () => {
    const s: Slip = { kind: 'routing', locale: 'en', title: '', blocks: [{ kind: 'text', text: 'MHCHCM', width: 6, height: 6 }] };
    const sizes = decodeEscPos(renderSlipEscPos(s, { widthDots: 384 }).bytes).filter((t) => t.kind === 'command' && t.name === 'size');
    // 32 columns / 6 characters → width 5, height stays 6.
    expect(sizes.map((t) => (t.kind === 'command' ? t.params[0] : -1))).toEqual([(4 << 4) | 5]);
  });

  it('a copy is marked at the top', () => {
    const lines = printedLines(renderSlipEscPos(markCopy(slip)).bytes);
    expect(lines[0]).toContain('補印 COPY');
  });

  it('never throws and never emits stray commands, for any text (surrogates, emoji, controls)', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('閱', '王', '😀', '\uD83D', '\uDE00', '\u001B', '\n', 'a', ' ', '{') }));
    const encoder = createTextEncoder('big5');
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.constantFrom('code128', 'codabar', 'code39') as fc.Arbitrary<'code128' | 'codabar' | 'code39'>, (a, b, c, sym) => {
        const s: Slip = {
          kind: 'receipt', locale: 'zh-TW', title: a,
          blocks: [{ kind: 'text', text: a, width: 3, height: 2, bold: true, align: 'center' }, { kind: 'pair', left: b, right: c }, { kind: 'barcode', symbology: sym, data: b }, { kind: 'qr', data: c }, { kind: 'cut' }],
        };
        const { bytes } = renderSlipEscPos(s, { encoder });
        const bad = decodeEscPos(bytes).filter((t) => t.kind === 'unknown' || t.kind === 'truncated' || (t.kind === 'command' && t.name === 'init'));
        expect(bad).toHaveLength(1); // the one ESC @ at the start
      }),
      { numRuns: 300 },
    );
  });
});
