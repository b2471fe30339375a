// ESC/POS byte builder: produces the bytes of a receipt, does no I/O.
// Text goes through an injected encoder; when that encoder is a double-byte
// one (Big5 on Traditional Chinese printers) the text is sent in Kanji mode
// (FS & … FS .), because Big5 trail bytes such as 0x5C would otherwise print
// as single-byte characters. Invalid arguments do not throw: the first one is
// reported by build().

import { concatBytes } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import { encodeCode128 } from './code128';
import type { CodecError, Result } from '#shared/codecs/result';
import { utf8Encode } from '#main/devices/bytes/text';

export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const LF = 0x0a;

export type EscPosAlign = 'left' | 'center' | 'right';
export type BarcodeSymbology = 'code39' | 'codabar' | 'code128';
export type HriPosition = 'none' | 'above' | 'below' | 'both';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type RealTimeStatusKind = 1 | 2 | 3 | 4;

export interface EscPosTextEncoding {
  readonly encodeText: (text: string) => Uint8Array;
  /** True for Big5 / GB18030 style encoders: text with bytes ≥ 0x80 is wrapped in Kanji mode. */
  readonly doubleByte: boolean;
}

export interface BarcodeOptions {
  readonly hri?: HriPosition;
  /** Dots, 1–255. */
  readonly height?: number;
  /** Module width, 2–6. */
  readonly width?: number;
}

export interface QrOptions {
  readonly model?: 1 | 2;
  /** Module size in dots, 1–16. */
  readonly size?: number;
  readonly errorCorrection?: QrErrorCorrection;
}

export interface AutoStatusBackFlags {
  readonly drawer?: boolean;
  readonly onlineOffline?: boolean;
  readonly error?: boolean;
  readonly paper?: boolean;
}

export type EscPosBuildErrorCode = 'BAD_ARGUMENT' | 'BAD_BARCODE' | 'BAD_TEXT';
export type EscPosBuildError = CodecError<EscPosBuildErrorCode>;

/** Plain ASCII; anything else becomes '?'. Inject a real encoder for other scripts. */
export const ASCII_ENCODING: EscPosTextEncoding = {
  encodeText: (text) => Uint8Array.from(Array.from(text, (ch) => (ch.charCodeAt(0) < 0x80 && ch.length === 1 ? ch.charCodeAt(0) : 0x3f))),
  doubleByte: false,
};

const BARCODE_TYPE: Readonly<Record<BarcodeSymbology, number>> = { code39: 69, codabar: 71, code128: 73 };
const HRI: Readonly<Record<HriPosition, number>> = { none: 0, above: 1, below: 2, both: 3 };
const ALIGN: Readonly<Record<EscPosAlign, number>> = { left: 0, center: 1, right: 2 };
const QR_EC: Readonly<Record<QrErrorCorrection, number>> = { L: 48, M: 49, Q: 50, H: 51 };
/** Store command bytes after pL pH are cn fn m (31 50 30) + data, so pL pH = data + 3. */
const QR_MAX_DATA = 7089;

const CODE39 = /^[0-9A-Z \-.$/+%]+$/;
const CODABAR_BODY = /^[0-9\-$:/.+]*$/;
const CODABAR_STOP = /^[A-Da-d]$/;

export function realTimeStatusRequest(n: RealTimeStatusKind): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

export function autoStatusBackRequest(flags: AutoStatusBackFlags): Uint8Array {
  const n = (flags.drawer ? 1 : 0) | (flags.onlineOffline ? 2 : 0) | (flags.error ? 4 : 0) | (flags.paper ? 8 : 0);
  return Uint8Array.of(GS, 0x61, n);
}

function intIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Checks the data a printer accepts for a symbology and returns the bytes to send after `GS k m len`. */
export function barcodeData(symbology: BarcodeSymbology, data: string): Result<Uint8Array, EscPosBuildError> {
  if (data === '') return err('BAD_BARCODE', `${symbology} barcode data is empty`);
  let payload: string;
  switch (symbology) {
    case 'code39':
      if (!CODE39.test(data)) return err('BAD_BARCODE', `'${data}' has characters outside Code 39 (0-9 A-Z space - . $ / + %)`);
      payload = data;
      break;
    case 'codabar': {
      const first = data[0]!;
      const last = data[data.length - 1]!;
      const framed = data.length >= 2 && CODABAR_STOP.test(first) && CODABAR_STOP.test(last);
      // Library labels are often stored without start/stop; printers require them.
      payload = framed ? data : `A${data}A`;
      if (!CODABAR_BODY.test(payload.slice(1, -1))) return err('BAD_BARCODE', `'${data}' has characters outside Codabar (0-9 - $ : / . +, A-D only at the ends)`);
      break;
    }
    case 'code128': {
      // Sets B and C chosen per ISO/IEC 15417 Annex E: digit runs in C, two digits a symbol character.
      const encoded = encodeCode128(data);
      return encoded.ok ? ok(encoded.value.escpos) : err('BAD_BARCODE', encoded.error.message);
    }
  }
  if (payload.length > 255) return err('BAD_BARCODE', `${symbology} data is ${payload.length} bytes; at most 255 fit`);
  return ok(Uint8Array.from(payload, (ch) => ch.charCodeAt(0)));
}

export class EscPosBuilder {
  private readonly parts: Uint8Array[] = [];
  private firstError: EscPosBuildError | null = null;
  private kanji = false;

  constructor(private readonly encoding: EscPosTextEncoding = ASCII_ENCODING) {}

  private push(...bytes: number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  private fail(code: EscPosBuildErrorCode, message: string): this {
    this.firstError ??= { code, message };
    return this;
  }

  init(): this {
    this.kanji = false;
    return this.push(ESC, 0x40);
  }

  codeTable(n: number): this {
    if (!intIn(n, 0, 255)) return this.fail('BAD_ARGUMENT', `code table must be 0–255, got ${n}`);
    return this.push(ESC, 0x74, n);
  }

  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** Character magnification, 1–8 in each direction. */
  size(width: number, height: number): this {
    if (!intIn(width, 1, 8) || !intIn(height, 1, 8)) return this.fail('BAD_ARGUMENT', `size must be 1–8 × 1–8, got ${width} × ${height}`);
    return this.push(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  align(align: EscPosAlign): this {
    return this.push(ESC, 0x61, ALIGN[align]);
  }

  kanjiMode(on: boolean): this {
    this.kanji = on;
    return this.push(FS, on ? 0x26 : 0x2e);
  }

  text(text: string): this {
    const bytes = this.encoding.encodeText(text);
    const wrap = this.encoding.doubleByte && !this.kanji && bytes.some((b) => b >= 0x80);
    if (wrap) this.push(FS, 0x26);
    this.parts.push(bytes);
    if (wrap) this.push(FS, 0x2e);
    return this;
  }

  line(text = ''): this {
    if (text !== '') this.text(text);
    return this.push(LF);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines = 1): this {
    if (!intIn(lines, 0, 255)) return this.fail('BAD_ARGUMENT', `feed must be 0–255 lines, got ${lines}`);
    return this.push(ESC, 0x64, lines);
  }

  /** GS V 65/66 n: feed n units, then cut. */
  cut(kind: 'full' | 'partial' = 'full', feed = 0): this {
    if (!intIn(feed, 0, 255)) return this.fail('BAD_ARGUMENT', `cut feed must be 0–255, got ${feed}`);
    return this.push(GS, 0x56, kind === 'full' ? 0x41 : 0x42, feed);
  }

  /** GS v 0 0: a raster bit image, `widthBytes` × 8 dots wide, MSB the leftmost dot; the paper advances by its height. */
  rasterImage(widthBytes: number, heightDots: number, data: Uint8Array): this {
    if (!intIn(widthBytes, 1, 0xffff) || !intIn(heightDots, 1, 0x0fff)) return this.fail('BAD_ARGUMENT', `raster image must be 1–65535 bytes wide and 1–4095 dots high, got ${widthBytes}×${heightDots}`);
    if (data.length !== widthBytes * heightDots) return this.fail('BAD_ARGUMENT', `raster image data is ${data.length} bytes; ${widthBytes}×${heightDots} = ${widthBytes * heightDots} expected`);
    this.push(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, heightDots & 0xff, heightDots >> 8);
    this.parts.push(data);
    return this;
  }

  barcode(symbology: BarcodeSymbology, data: string, options: BarcodeOptions = {}): this {
    const payload = barcodeData(symbology, data);
    if (!payload.ok) return this.fail(payload.error.code, payload.error.message);
    if (options.height !== undefined && !intIn(options.height, 1, 255)) return this.fail('BAD_ARGUMENT', `barcode height must be 1–255 dots, got ${options.height}`);
    if (options.width !== undefined && !intIn(options.width, 2, 6)) return this.fail('BAD_ARGUMENT', `barcode width must be 2–6, got ${options.width}`);
    if (options.hri !== undefined) this.push(GS, 0x48, HRI[options.hri]);
    if (options.height !== undefined) this.push(GS, 0x68, options.height);
    if (options.width !== undefined) this.push(GS, 0x77, options.width);
    this.push(GS, 0x6b, BARCODE_TYPE[symbology], payload.value.length);
    this.parts.push(payload.value);
    return this;
  }

  /** Model, size, error correction, store, print. String data is sent as UTF-8. */
  qr(data: string | Uint8Array, options: QrOptions = {}): this {
    let bytes: Uint8Array;
    if (typeof data === 'string') {
      const encoded = utf8Encode(data);
      if (!encoded.ok) return this.fail('BAD_TEXT', encoded.error.message);
      bytes = encoded.value;
    } else {
      bytes = data;
    }
    if (bytes.length === 0 || bytes.length > QR_MAX_DATA) return this.fail('BAD_ARGUMENT', `QR data must be 1–${QR_MAX_DATA} bytes, got ${bytes.length}`);
    const size = options.size ?? 6;
    if (!intIn(size, 1, 16)) return this.fail('BAD_ARGUMENT', `QR module size must be 1–16, got ${size}`);
    const model = options.model ?? 2;
    const storeLength = bytes.length + 3;
    this.push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, model === 1 ? 0x31 : 0x32, 0x00);
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, size);
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_EC[options.errorCorrection ?? 'M']);
    this.push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
    this.parts.push(bytes);
    return this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  statusRequest(n: RealTimeStatusKind): this {
    if (!intIn(n, 1, 4)) return this.fail('BAD_ARGUMENT', `real-time status n must be 1–4, got ${n}`);
    this.parts.push(realTimeStatusRequest(n));
    return this;
  }

  autoStatusBack(flags: AutoStatusBackFlags): this {
    this.parts.push(autoStatusBackRequest(flags));
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes.slice());
    return this;
  }

  build(): Result<Uint8Array, EscPosBuildError> {
    if (this.firstError) return { ok: false, error: this.firstError };
    return ok(concatBytes(this.parts));
  }
}
