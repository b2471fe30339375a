import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import { FC_RUNS, hex, toHex } from '#test/unit/codecs/helpers';

const kinds = (bytes: string) => decodeEscPos(hex(bytes)).map((t) => (t.kind === 'command' ? t.name : t.kind === 'text' ? `text${t.kanji ? '*' : ''}:${toHex(t.bytes)}` : t.kind));

describe('ESC/POS stream decoder', () => {
  it('tracks Kanji mode so that a 0x5C trail byte stays part of its character', () => {
    expect(decodeEscPos(hex('1B 40 1B 74 00 1C 26 BE 5C 1C 2E 0A'))).toEqual([
      { kind: 'command', name: 'init', bytes: hex('1B 40'), params: [] },
      { kind: 'command', name: 'codeTable', bytes: hex('1B 74 00'), params: [0] },
      { kind: 'command', name: 'kanjiOn', bytes: hex('1C 26'), params: [] },
      { kind: 'text', bytes: hex('BE 5C'), kanji: true },
      { kind: 'command', name: 'kanjiOff', bytes: hex('1C 2E'), params: [] },
      { kind: 'command', name: 'lineFeed', bytes: hex('0A'), params: [] },
    ]);
  });
  it('in Kanji mode a lead byte takes any next byte; outside it bytes stand alone', () => {
    expect(kinds('1C 26 81 0A 41')).toEqual(['kanjiOn', 'text*:81 0A 41']);
    expect(kinds('81 0A 41')).toEqual(['text:81', 'lineFeed', 'text:41']);
    expect(kinds('1C 26 1B 40 BE 5C')).toEqual(['kanjiOn', 'init', 'text:BE 5C']);
    expect(decodeEscPos(hex('BE 5C'), { kanji: true })).toEqual([{ kind: 'text', bytes: hex('BE 5C'), kanji: true }]);
  });
  it('reads barcodes, QR functions, cuts and status requests', () => {
    const tokens = decodeEscPos(hex('1D 48 02 1D 6B 49 04 7B 42 41 42 1D 6B 04 33 31 32 00 1D 28 6B 06 00 31 50 30 41 42 43 1D 56 42 05 1D 56 01 10 04 04 1D 61 0F'));
    expect(tokens.map((t) => (t.kind === 'command' ? [t.name, t.params, t.data ? toHex(t.data) : null] : t.kind))).toEqual([
      ['barcodeHri', [2], null],
      ['barcode', [73], '7B 42 41 42'],
      ['barcode', [4], '33 31 32'],
      ['qrStore', [0x31, 0x50, 0x30], '41 42 43'],
      ['cut', [0x42, 5], null],
      ['cut', [1], null],
      ['realTimeStatus', [4], null],
      ['autoStatusBack', [15], null],
    ]);
  });
  it('reads images by their declared size', () => {
    expect(kinds('1B 2A 00 02 00 FF 0F 41')).toEqual(['bitImage', 'text:41']);
    expect(kinds('1B 2A 21 01 00 01 02 03 41')).toEqual(['bitImage', 'text:41']);
    expect(kinds('1D 76 30 00 01 00 02 00 AA BB 41')).toEqual(['rasterImage', 'text:41']);
  });
  it('marks unknown and cut-off sequences without throwing', () => {
    expect(decodeEscPos(hex('1B FF 41'))).toEqual([
      { kind: 'unknown', bytes: hex('1B FF'), message: 'ESC 0xFF is not a known command' },
      { kind: 'text', bytes: hex('41'), kanji: false },
    ]);
    expect(kinds('07 41')).toEqual(['unknown', 'text:41']);
    expect(decodeEscPos(hex('41 1D 28 6B 05 00 31'))).toEqual([
      { kind: 'text', bytes: hex('41'), kanji: false },
      { kind: 'truncated', bytes: hex('1D 28 6B 05 00 31'), message: 'command needs 10 bytes, only 6 remain' },
    ]);
    expect(kinds('1B')).toEqual(['truncated']);
    expect(kinds('1D 6B 04 31 32')).toEqual(['truncated']);
  });
  it('never throws on arbitrary bytes and loses none of them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, kanji) => {
        const tokens = decodeEscPos(bytes, { kanji });
        expect(toHex(Uint8Array.from(tokens.flatMap((t) => Array.from(t.bytes))))).toBe(toHex(bytes));
      }),
      FC_RUNS,
    );
  });
  it('never throws on command-heavy garbage either', () => {
    const commandy = fc.array(fc.oneof(fc.constantFrom(0x1b, 0x1c, 0x1d, 0x10, 0x28, 0x6b, 0x76, 0x30, 0x2a, 0x00), fc.nat(255)), { maxLength: 200 });
    fc.assert(
      fc.property(commandy, (arr) => {
        const bytes = Uint8Array.from(arr);
        const tokens = decodeEscPos(bytes);
        expect(tokens.reduce((n, t) => n + t.bytes.length, 0)).toBe(bytes.length);
      }),
      FC_RUNS,
    );
  });
});
