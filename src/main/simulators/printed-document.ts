// What the printer simulator puts on paper: one document per cut, its lines
// decoded back to text, its barcodes and QR codes, and the bytes that made it.

export interface PrintedBarcode {
  readonly symbology: 'code39' | 'codabar' | 'code128' | 'other';
  readonly data: string;
  /** Code 128: the code sets used, in order ("B", "CB"…). */
  readonly codeSets?: string;
  /** Code 128: the symbol characters the printer draws — start, data, switches, check (stop not listed). */
  readonly symbols?: readonly number[];
  /** Code 128 data the printer would refuse, and why. */
  readonly problem?: string;
}

// Code 128 as a printer reads ESC/POS GS k 73 data (Epson's command
// reference): the data starts with {A, {B or {C; "{" followed by A/B/C
// switches code set, {S shifts one character between A and B, {1–{4 are
// FNC1–FNC4 and {{ is a literal "{" (sets A and B). In set C every byte is a
// value 0–99 printing as two digits. The symbol characters follow ISO/IEC
// 15417: start A/B/C = 103/104/105, Code A/B/C = 101/100/99, Shift 98, FNC1
// 102, FNC2 97, FNC3 96, FNC4 100 in B and 101 in A; the check character is
// (start + Σ position × value) mod 103.
type Code128Set = 'A' | 'B' | 'C';
const START: Readonly<Record<Code128Set, number>> = { A: 103, B: 104, C: 105 };
const SWITCH_TO: Readonly<Record<Code128Set, number>> = { A: 101, B: 100, C: 99 };

function readCode128(raw: string): { data: string; codeSets: string; symbols: number[] } | { problem: string } {
  const bytes = Array.from(raw, (c) => c.charCodeAt(0));
  if (bytes[0] !== 0x7b || !['A', 'B', 'C'].includes(String.fromCharCode(bytes[1] ?? 0))) {
    return { problem: 'Code 128 data must start with {A, {B or {C' };
  }
  let set = String.fromCharCode(bytes[1]!) as Code128Set;
  let codeSets: string = set;
  const symbols = [START[set]];
  let data = '';
  let shift = false;
  const charValue = (b: number, inSet: Code128Set): number | null => {
    if (inSet === 'A') return b >= 0x20 && b <= 0x5f ? b - 0x20 : b <= 0x1f ? b + 64 : null;
    return b >= 0x20 && b <= 0x7f ? b - 0x20 : null;
  };
  for (let i = 2; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x7b) {
      const n = String.fromCharCode(bytes[++i] ?? 0);
      if (n === 'A' || n === 'B' || n === 'C') {
        if (n === set) return { problem: `{${n} switches to the set already in use at byte ${i - 1}` };
        symbols.push(SWITCH_TO[n]);
        set = n;
        codeSets += n;
        continue;
      }
      if (n === 'S' && set !== 'C') {
        symbols.push(98);
        shift = true;
        continue;
      }
      if (n === '1') {
        symbols.push(102);
        continue;
      }
      if ((n === '2' || n === '3' || n === '4') && set !== 'C') {
        symbols.push(n === '2' ? 97 : n === '3' ? 96 : set === 'A' ? 101 : 100);
        continue;
      }
      if (n !== '{' || set === 'C') return { problem: `"{${n}" at byte ${i - 1} is not a Code 128 function in set ${set}` };
    }
    if (set === 'C') {
      if (b > 99) return { problem: `byte ${b} at ${i} is not a set C value (0–99)` };
      symbols.push(b);
      data += String(b).padStart(2, '0');
      continue;
    }
    const inSet: Code128Set = shift ? (set === 'A' ? 'B' : 'A') : set;
    shift = false;
    const value = charValue(b, inSet);
    if (value === null) return { problem: `byte 0x${b.toString(16)} at ${i} is not in code set ${inSet}` };
    symbols.push(value);
    data += String.fromCharCode(b);
  }
  let sum = symbols[0]!;
  for (let k = 1; k < symbols.length; k++) sum += k * symbols[k]!;
  symbols.push(sum % 103);
  return { data, codeSets, symbols };
}

/** A raster bit image (GS v 0) as printed: 1 = a black dot. */
export interface PrintedImage {
  readonly widthDots: number;
  readonly heightDots: number;
  readonly pixels: Uint8Array;
}

/** The line an image takes in `lines`, so text around it keeps its order. */
export const IMAGE_LINE = '[image]';

export interface PrintedDocument {
  readonly index: number;
  /** The printed lines, decoded. Barcode HRI text appears as a line, as it does on paper. */
  readonly lines: readonly string[];
  readonly text: string;
  readonly barcodes: readonly PrintedBarcode[];
  readonly qrCodes: readonly string[];
  readonly images: readonly PrintedImage[];
  readonly cut: 'full' | 'partial';
  /** The bytes that made this document (status queries excluded). */
  readonly bytes: Uint8Array;
  /** Commands the simulator did not recognise. */
  readonly unknownCommands: number;
  readonly at: number;
}

const BARCODE_NAMES: Readonly<Record<number, PrintedBarcode['symbology']>> = { 69: 'code39', 71: 'codabar', 73: 'code128', 4: 'code39', 6: 'codabar' };

export class DocumentBuilder {
  lines: string[] = [];
  line = '';
  barcodes: PrintedBarcode[] = [];
  qrCodes: string[] = [];
  images: PrintedImage[] = [];
  qrPending: string | null = null;
  hri = 0;
  unknown = 0;
  parts: Uint8Array[] = [];

  get empty(): boolean {
    return this.lines.length === 0 && this.line === '' && this.barcodes.length === 0 && this.qrCodes.length === 0;
  }

  endLine(): void {
    this.lines.push(this.line);
    this.line = '';
  }

  /** A printed barcode (ESC/POS GS k symbology m); its human-readable text is a line when HRI is on. */
  barcode(m: number, raw: string): void {
    const symbology = BARCODE_NAMES[m] ?? 'other';
    let printed: PrintedBarcode = { symbology, data: raw };
    if (symbology === 'code128') {
      const read = readCode128(raw);
      printed = 'problem' in read ? { symbology, data: raw, problem: read.problem } : { symbology, ...read };
    }
    this.barcodes.push(printed);
    if (this.hri === 2 || this.hri === 3 || this.hri === 50 || this.hri === 51) this.lines.push(printed.data);
  }

  /** GS v 0: `widthBytes` × `heightDots` of bits, MSB the leftmost dot (m = 1–3 doubles width / height). */
  rasterImage(m: number, widthBytes: number, heightDots: number, data: Uint8Array): void {
    const sx = m === 1 || m === 3 || m === 49 || m === 51 ? 2 : 1;
    const sy = m === 2 || m === 3 || m === 50 || m === 51 ? 2 : 1;
    const widthDots = widthBytes * 8 * sx;
    const pixels = new Uint8Array(widthDots * heightDots * sy);
    for (let y = 0; y < heightDots * sy; y++) {
      for (let x = 0; x < widthDots; x++) {
        const sourceX = Math.floor(x / sx);
        const byte = data[Math.floor(y / sy) * widthBytes + (sourceX >> 3)] ?? 0;
        if (byte & (0x80 >> (sourceX & 7))) pixels[y * widthDots + x] = 1;
      }
    }
    if (this.line !== '') this.endLine();
    this.images.push({ widthDots, heightDots: heightDots * sy, pixels });
    this.lines.push(IMAGE_LINE);
  }

  finish(index: number, cut: 'full' | 'partial'): PrintedDocument {
    const size = this.parts.reduce((s, p) => s + p.length, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { index, lines: this.lines, text: this.lines.join('\n'), barcodes: this.barcodes, qrCodes: this.qrCodes, images: this.images, cut, bytes, unknownCommands: this.unknown, at: Date.now() };
  }
}
