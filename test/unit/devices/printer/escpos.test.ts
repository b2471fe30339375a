import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autoStatusBackRequest, barcodeData, EscPosBuilder, realTimeStatusRequest } from '#main/devices/printer/escpos';
import { encodeCode128 } from '#main/devices/printer/code128';
import type { EscPosTextEncoding } from '#main/devices/printer/escpos';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import type { EscPosToken } from '#main/devices/printer/escpos-decoder';
import { expectError, FC_RUNS, toHex, unwrap } from '#test/unit/codecs/helpers';

/** Stand-in for a Big5 table: three characters, one with the 0x5C trail byte. */
const BIG5_SAMPLE: Record<string, [number, number]> = { 閱: [0xbe, 0x5c], 書: [0xae, 0xd1], 館: [0xc0, 0x5d] };
const fakeBig5: EscPosTextEncoding = {
  doubleByte: true,
  encodeText: (text) => Uint8Array.from(Array.from(text).flatMap((ch) => BIG5_SAMPLE[ch] ?? [ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : 0x3f])),
};

const build = (b: EscPosBuilder) => toHex(unwrap(b.build()));

describe('ESC/POS builder', () => {
  it('init, code table, bold, size, align', () => {
    expect(build(new EscPosBuilder().init().codeTable(0).bold(true).size(2, 2).align('center').bold(false).align('right'))).toBe(
      '1B 40 1B 74 00 1B 45 01 1D 21 11 1B 61 01 1B 45 00 1B 61 02',
    );
  });
  it('wraps double-byte text in Kanji mode (閱 = BE 5C)', () => {
    expect(build(new EscPosBuilder(fakeBig5).init().codeTable(0).text('閱').line())).toBe('1B 40 1B 74 00 1C 26 BE 5C 1C 2E 0A');
    expect(build(new EscPosBuilder(fakeBig5).line('No. 1 書館'))).toBe('1C 26 4E 6F 2E 20 31 20 AE D1 C0 5D 1C 2E 0A');
  });
  it('does not wrap plain ASCII, nor text while Kanji mode is already on', () => {
    expect(build(new EscPosBuilder(fakeBig5).text('OK'))).toBe('4F 4B');
    expect(build(new EscPosBuilder(fakeBig5).kanjiMode(true).text('閱書').kanjiMode(false))).toBe('1C 26 BE 5C AE D1 1C 2E');
  });
  it('the default encoder is ASCII and marks what it cannot print', () => {
    expect(build(new EscPosBuilder().text('Å1'))).toBe('3F 31');
  });
  it('feed and cut', () => {
    expect(build(new EscPosBuilder().feed(3).cut('full', 3).cut('partial'))).toBe('1B 64 03 1D 56 41 03 1D 56 42 00');
  });
  it('Code 39 with HRI, height and width', () => {
    expect(build(new EscPosBuilder().barcode('code39', '3123400', { hri: 'below', height: 80, width: 2 }))).toBe(
      '1D 48 02 1D 68 50 1D 77 02 1D 6B 45 07 33 31 32 33 34 30 30',
    );
  });
  it('Codabar adds A…A start/stop when the label has none', () => {
    expect(build(new EscPosBuilder().barcode('codabar', '31234000012347'))).toBe('1D 6B 47 10 41 33 31 32 33 34 30 30 30 30 31 32 33 34 37 41');
    expect(build(new EscPosBuilder().barcode('codabar', 'B123C'))).toBe('1D 6B 47 05 42 31 32 33 43');
  });
  it('Code 128 uses code set B and doubles a literal {', () => {
    expect(build(new EscPosBuilder().barcode('code128', 'AB{1', { hri: 'none' }))).toBe('1D 48 00 1D 6B 49 07 7B 42 41 42 7B 7B 31');
  });
  it('QR: model, size, error correction, store with pL pH = len + 3, print', () => {
    expect(build(new EscPosBuilder().qr('ABC', { size: 4, errorCorrection: 'H' }))).toBe(
      [
        '1D 28 6B 04 00 31 41 32 00',
        '1D 28 6B 03 00 31 43 04',
        '1D 28 6B 03 00 31 45 33',
        '1D 28 6B 06 00 31 50 30 41 42 43',
        '1D 28 6B 03 00 31 51 30',
      ].join(' '),
    );
    const long = unwrap(new EscPosBuilder().qr(new Uint8Array(300).fill(0x41), { model: 1 }).build());
    expect(toHex(long.subarray(0, 9))).toBe('1D 28 6B 04 00 31 41 31 00');
    expect(toHex(long.subarray(25, 33))).toBe('1D 28 6B 2F 01 31 50 30');
  });
  it('status requests', () => {
    expect(toHex(realTimeStatusRequest(4))).toBe('10 04 04');
    expect(build(new EscPosBuilder().statusRequest(1).statusRequest(2).statusRequest(3))).toBe('10 04 01 10 04 02 10 04 03');
    expect(toHex(autoStatusBackRequest({ drawer: true, onlineOffline: true, error: true, paper: true }))).toBe('1D 61 0F');
    expect(build(new EscPosBuilder().autoStatusBack({ paper: true, error: true }))).toBe('1D 61 0C');
  });
  it('reports the first invalid step from build()', () => {
    expect(expectError(new EscPosBuilder().size(9, 1).feed(300).build(), 'BAD_ARGUMENT').message).toBe('size must be 1–8 × 1–8, got 9 × 1');
    expect(expectError(new EscPosBuilder().barcode('code39', 'abc').build(), 'BAD_BARCODE').message).toContain('outside Code 39');
    expectError(new EscPosBuilder().barcode('codabar', 'A12X4A').build(), 'BAD_BARCODE');
    expect(expectError(new EscPosBuilder().barcode('code128', 'a\tb').build(), 'BAD_BARCODE').message).toBe('character U+0009 at position 1 is not printable ASCII (Code 128 sets B and C)');
    expectError(new EscPosBuilder().barcode('code39', '1', { width: 7 }).build(), 'BAD_ARGUMENT');
    expectError(new EscPosBuilder().qr('').build(), 'BAD_ARGUMENT');
    expectError(new EscPosBuilder().qr('\uD800').build(), 'BAD_TEXT');
    expectError(barcodeData('code128', 'x'.repeat(254)), 'BAD_BARCODE');
  });
});

type Op =
  | { op: 'init' }
  | { op: 'bold'; on: boolean }
  | { op: 'align'; a: 'left' | 'center' | 'right' }
  | { op: 'size'; w: number; h: number }
  | { op: 'text'; s: string }
  | { op: 'cjk'; s: string }
  | { op: 'line' }
  | { op: 'cut'; full: boolean; n: number }
  | { op: 'feed'; n: number }
  | { op: 'code128'; data: string }
  | { op: 'qr'; data: string; size: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: 'init' as const }),
  fc.boolean().map((on) => ({ op: 'bold' as const, on })),
  fc.constantFrom('left', 'center', 'right').map((a) => ({ op: 'align' as const, a })),
  fc.record({ op: fc.constant('size' as const), w: fc.integer({ min: 1, max: 8 }), h: fc.integer({ min: 1, max: 8 }) }),
  fc.stringMatching(/^[ -~]{1,12}$/).map((s) => ({ op: 'text' as const, s })),
  fc.array(fc.constantFrom('閱', '書', '館', 'A'), { minLength: 1, maxLength: 5 }).map((a) => ({ op: 'cjk' as const, s: a.join('') })),
  fc.constant({ op: 'line' as const }),
  fc.record({ op: fc.constant('cut' as const), full: fc.boolean(), n: fc.nat(255) }),
  fc.record({ op: fc.constant('feed' as const), n: fc.nat(255) }),
  fc.stringMatching(/^[ -~]{1,20}$/).map((data) => ({ op: 'code128' as const, data })),
  fc.record({ op: fc.constant('qr' as const), data: fc.string({ minLength: 1, maxLength: 40 }), size: fc.integer({ min: 1, max: 16 }) }),
);

function apply(b: EscPosBuilder, op: Op): EscPosBuilder {
  switch (op.op) {
    case 'init': return b.init();
    case 'bold': return b.bold(op.on);
    case 'align': return b.align(op.a);
    case 'size': return b.size(op.w, op.h);
    case 'text': return b.text(op.s);
    case 'cjk': return b.text(op.s);
    case 'line': return b.line();
    case 'cut': return b.cut(op.full ? 'full' : 'partial', op.n);
    case 'feed': return b.feed(op.n);
    case 'code128': return b.barcode('code128', op.data);
    case 'qr': return b.qr(op.data, { size: op.size });
  }
}

const hx = (bytes: Iterable<number>) => toHex(Uint8Array.from(bytes));

function expected(op: Op): string[] {
  switch (op.op) {
    case 'init': return ['init:'];
    case 'bold': return [`bold:${hx([op.on ? 1 : 0])}`];
    case 'align': return [`align:${hx([{ left: 0, center: 1, right: 2 }[op.a]])}`];
    case 'size': return [`size:${hx([((op.w - 1) << 4) | (op.h - 1)])}`];
    case 'text': return [`text0:${hx(fakeBig5.encodeText(op.s))}`];
    case 'cjk': {
      const bytes = fakeBig5.encodeText(op.s);
      return bytes.some((b) => b >= 0x80) ? ['kanjiOn:', `text1:${hx(bytes)}`, 'kanjiOff:'] : [`text0:${hx(bytes)}`];
    }
    case 'line': return ['lineFeed:'];
    case 'cut': return [`cut:${hx([op.full ? 0x41 : 0x42, op.n])}`];
    case 'feed': return [`feedLines:${hx([op.n])}`];
    case 'code128': return [`barcode:73/${hx(Array.from(unwrap(encodeCode128(op.data)).escpos))}`];
    case 'qr': {
      const data = new TextEncoder().encode(op.data);
      return ['qrModel:31 41 32 00', `qrSize:31 43 ${hx([op.size])}`, 'qrErrorCorrection:31 45 31', `qrStore:31 50 30/${hx(data)}`, 'qrPrint:31 51 30'];
    }
  }
}

/** Adjacent text runs with the same Kanji state are one run once printed. */
function describeTokens(tokens: readonly EscPosToken[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'text') {
      const line = `text${t.kanji ? 1 : 0}:${hx(t.bytes)}`;
      const last = out[out.length - 1];
      if (last?.startsWith(`text${t.kanji ? 1 : 0}:`)) out[out.length - 1] = `${last} ${hx(t.bytes)}`;
      else out.push(line);
    } else if (t.kind === 'command') {
      const params = t.name === 'barcode' ? t.params.map(String).join(' ') : hx(t.params);
      out.push(`${t.name}:${params}${t.data ? '/' + hx(t.data) : ''}`);
    } else {
      out.push(`${t.kind}`);
    }
  }
  return out;
}

function mergeText(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (l.startsWith('text') && last?.startsWith(l.slice(0, 6))) out[out.length - 1] = `${last} ${l.slice(6)}`;
    else out.push(l);
  }
  return out;
}

describe('ESC/POS builder → decoder round trip', () => {
  it('decoding built bytes gives back the commands and text in order', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 12 }), (ops) => {
        const bytes = unwrap(ops.reduce(apply, new EscPosBuilder(fakeBig5)).build());
        const tokens = decodeEscPos(bytes);
        expect(describeTokens(tokens)).toEqual(mergeText(ops.flatMap(expected)));
        expect(toHex(Uint8Array.from(tokens.flatMap((t) => Array.from(t.bytes))))).toBe(toHex(bytes));
      }),
      FC_RUNS,
    );
  });
});
