// What the printer simulator puts on paper: one document per cut, its lines
// decoded back to text, its barcodes and QR codes, and the bytes that made it.

export interface PrintedBarcode {
  readonly symbology: 'code39' | 'codabar' | 'code128' | 'other';
  readonly data: string;
}

export interface PrintedDocument {
  readonly index: number;
  /** The printed lines, decoded. Barcode HRI text appears as a line, as it does on paper. */
  readonly lines: readonly string[];
  readonly text: string;
  readonly barcodes: readonly PrintedBarcode[];
  readonly qrCodes: readonly string[];
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
    // Code 128 data starts with its code set ({B); a literal '{' is written twice.
    const data = symbology === 'code128' && raw.startsWith('{B') ? raw.slice(2).replace(/\{\{/g, '{') : raw;
    this.barcodes.push({ symbology, data });
    if (this.hri === 2 || this.hri === 3 || this.hri === 50 || this.hri === 51) this.lines.push(data);
  }

  finish(index: number, cut: 'full' | 'partial'): PrintedDocument {
    const size = this.parts.reduce((s, p) => s + p.length, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { index, lines: this.lines, text: this.lines.join('\n'), barcodes: this.barcodes, qrCodes: this.qrCodes, cut, bytes, unknownCommands: this.unknown, at: Date.now() };
  }
}
