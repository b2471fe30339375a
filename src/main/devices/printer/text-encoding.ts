// Text encoders for Chinese receipt printers, built on iconv-lite. The
// double-byte set is fixed by the printer model: Traditional Chinese models
// print Big5, Simplified ones GB18030. What the printer cannot print becomes
// '?' and is reported as a warning (once per character), never an exception:
// a hold slip with an emoji in a title must still come out.
//
// iconv-lite's 'big5' is the WHATWG table, which includes the Hong Kong
// (HKSCS) extension in lead bytes 0x81–0xA0 and 0xFA–0xFE; a Taiwanese
// printer's font has only standard Big5 (lead bytes 0xA1–0xF9), so
// characters encoded outside that range are treated as unencodable.
// GB18030 encodes every code point, but printer fonts hold the one- and
// two-byte area (plus CJK Extension A); characters outside the BMP are
// treated as unencodable there.
import iconv from 'iconv-lite';
import type { EscPosTextEncoding } from './escpos';

export type PrinterEncodingName = 'big5' | 'gb18030';

export interface EncodedText {
  readonly bytes: Uint8Array;
  /** Printer columns the text takes (a double-byte character is two). */
  readonly columns: number;
  /** The text as it will print: unencodable characters replaced by '?', controls by ' '. */
  readonly printable: string;
  /** Characters that were replaced, each once, in order of appearance. */
  readonly unencodable: readonly string[];
}

export interface PrinterTextEncoder extends EscPosTextEncoding {
  readonly name: PrinterEncodingName;
  encodeChecked(text: string): EncodedText;
  /** Decodes what the printer received (the simulator's side). */
  decode(bytes: Uint8Array): string;
}

const QUESTION = 0x3f;
const CACHE_LIMIT = 30_000;

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** U+XXXX (and the character when it is printable) for warnings. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const lone = ch.length === 1 && cp >= 0xd800 && cp <= 0xdfff;
  return lone || isControl(cp) ? code : `${code} '${ch}'`;
}

export function createTextEncoder(name: PrinterEncodingName = 'big5'): PrinterTextEncoder {
  // Per-character cache: slips repeat the same few hundred characters, and one
  // iconv call per character is the slow part of rendering.
  const cache = new Map<string, Uint8Array | null>();

  function acceptable(bytes: Uint8Array, ch: string): boolean {
    if (bytes.length === 1 && bytes[0] === QUESTION) return ch === '?';
    if (name === 'big5') return bytes.length === 2 && bytes[0]! >= 0xa1 && bytes[0]! <= 0xf9;
    return bytes.length <= 2 || (bytes.length === 4 && (ch.codePointAt(0) ?? 0) <= 0xffff);
  }

  function charBytes(ch: string): Uint8Array | null {
    let hit = cache.get(ch);
    if (hit !== undefined) return hit;
    const isLone = ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;
    if (isLone) {
      hit = null;
    } else {
      const raw = iconv.encode(ch, name);
      const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength).slice();
      hit = acceptable(bytes, ch) && iconv.decode(raw, name) === ch ? bytes : null;
    }
    if (cache.size < CACHE_LIMIT) cache.set(ch, hit);
    return hit;
  }

  function encodeChecked(text: string): EncodedText {
    const out: number[] = [];
    const unencodable: string[] = [];
    let printable = '';
    let columns = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x20 && cp < 0x7f) {
        out.push(cp);
        printable += ch;
        columns += 1;
        continue;
      }
      if (isControl(cp)) {
        // A control byte in slip text would be an ESC/POS command: never pass one through.
        out.push(0x20);
        printable += ' ';
        columns += 1;
        if (cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && !unencodable.includes(ch)) unencodable.push(ch);
        continue;
      }
      const bytes = charBytes(ch);
      if (bytes === null) {
        out.push(QUESTION);
        printable += '?';
        columns += 1;
        if (!unencodable.includes(ch)) unencodable.push(ch);
        continue;
      }
      for (const b of bytes) out.push(b);
      printable += ch;
      columns += bytes.length === 1 ? 1 : 2;
    }
    return { bytes: Uint8Array.from(out), columns, printable, unencodable };
  }

  return {
    name,
    doubleByte: true,
    encodeText: (text) => encodeChecked(text).bytes,
    encodeChecked,
    decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name),
  };
}
