// A slip is a small printed document described once, as data, and rendered
// twice: to ESC/POS bytes for the desk's thermal printer (src/main/devices/
// printer/render-escpos.ts) and to HTML for the on-screen preview and A4
// printing (html.ts). Keeping it plain JSON lets the print queue journal the
// slip itself, so a reprint after a crash can be rendered again with a
// "COPY / 補印" mark instead of replaying opaque bytes.

export type SlipLocale = 'zh-TW' | 'en';
export type SlipKind = 'hold' | 'routing' | 'manifest' | 'pull' | 'receipt' | 'fair-reservation' | 'shelf-label';
export type SlipAlign = 'left' | 'center' | 'right';
export type SlipSymbology = 'code128' | 'codabar' | 'code39';
/** Character magnification on the printer, 1–8 in each direction. */
export type SlipMagnification = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface SlipTextBlock {
  readonly kind: 'text';
  readonly text: string;
  readonly width?: SlipMagnification;
  readonly height?: SlipMagnification;
  readonly bold?: boolean;
  readonly align?: SlipAlign;
}

/** A label on the left and a value on the right of one line (wrapped when they do not fit). */
export interface SlipPairBlock {
  readonly kind: 'pair';
  readonly left: string;
  readonly right: string;
  readonly bold?: boolean;
}

export interface SlipRuleBlock {
  readonly kind: 'rule';
  readonly style?: 'single' | 'double';
}

export interface SlipBarcodeBlock {
  readonly kind: 'barcode';
  readonly symbology: SlipSymbology;
  readonly data: string;
  /** Dots, 1–255; default 80. */
  readonly height?: number;
  /** Print the human-readable text under the bars (default true). */
  readonly hri?: boolean;
}

export interface SlipQrBlock {
  readonly kind: 'qr';
  readonly data: string;
  /** Module size in dots, 1–16; default 6. */
  readonly size?: number;
}

export interface SlipFeedBlock {
  readonly kind: 'feed';
  readonly lines: number;
}

export interface SlipCutBlock {
  readonly kind: 'cut';
  readonly partial?: boolean;
}

export type SlipBlock = SlipTextBlock | SlipPairBlock | SlipRuleBlock | SlipBarcodeBlock | SlipQrBlock | SlipFeedBlock | SlipCutBlock;

export interface Slip {
  readonly kind: SlipKind;
  readonly locale: SlipLocale;
  /** What the queue and the preview call it, e.g. "預約取書單 Hold slip". */
  readonly title: string;
  /** Printed again after an unknown outcome: renderers put "COPY / 補印" at the top. */
  readonly copy?: boolean;
  readonly blocks: readonly SlipBlock[];
}

export const COPY_MARK = '** 補印 COPY **';

// ---- block helpers (builders read better with them) -------------------------

export interface TextStyle {
  readonly width?: SlipMagnification;
  readonly height?: SlipMagnification;
  readonly bold?: boolean;
  readonly align?: SlipAlign;
}

export function text(value: string, style: TextStyle = {}): SlipTextBlock {
  return { kind: 'text', text: value, ...style };
}

export function pair(left: string, right: string, bold = false): SlipPairBlock {
  return bold ? { kind: 'pair', left, right, bold } : { kind: 'pair', left, right };
}

export function rule(style: 'single' | 'double' = 'single'): SlipRuleBlock {
  return { kind: 'rule', style };
}

export function barcode(symbology: SlipSymbology, data: string, height = 80): SlipBarcodeBlock {
  return { kind: 'barcode', symbology, data, height, hri: true };
}

export function qr(data: string, size = 6): SlipQrBlock {
  return { kind: 'qr', data, size };
}

export function feed(lines: number): SlipFeedBlock {
  return { kind: 'feed', lines };
}

export function cut(partial = false): SlipCutBlock {
  return partial ? { kind: 'cut', partial } : { kind: 'cut' };
}

/** The same slip marked as a reprint. */
export function markCopy(slip: Slip): Slip {
  return { ...slip, copy: true };
}

/** Clamps to a valid magnification (builders compute "as large as fits"). */
export function magnification(n: number): SlipMagnification {
  const v = Math.max(1, Math.min(8, Math.floor(Number.isFinite(n) ? n : 1)));
  return v as SlipMagnification;
}

/** Every piece of text on the slip in order, one entry per block line: for tests and plain-text previews. */
export function slipPlainText(slip: Slip): string {
  const out: string[] = [];
  if (slip.copy) out.push(COPY_MARK);
  for (const b of slip.blocks) {
    switch (b.kind) {
      case 'text':
        out.push(b.text);
        break;
      case 'pair':
        out.push(`${b.left} ${b.right}`);
        break;
      case 'barcode':
        out.push(b.data);
        break;
      case 'qr':
        out.push(b.data);
        break;
      default:
        break;
    }
  }
  return out.join('\n');
}

const KINDS: readonly SlipKind[] = ['hold', 'routing', 'manifest', 'pull', 'receipt', 'fair-reservation', 'shelf-label'];
const BLOCK_KINDS = new Set(['text', 'pair', 'rule', 'barcode', 'qr', 'feed', 'cut']);

/** Structural check of a slip read back from a journal or received over IPC: never trust JSON blindly. */
export function isSlip(value: unknown): value is Slip {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (!KINDS.includes(v.kind as SlipKind)) return false;
  if (v.locale !== 'zh-TW' && v.locale !== 'en') return false;
  if (typeof v.title !== 'string') return false;
  if (v.copy !== undefined && typeof v.copy !== 'boolean') return false;
  if (!Array.isArray(v.blocks)) return false;
  return v.blocks.every((b: unknown) => {
    if (typeof b !== 'object' || b === null) return false;
    const block = b as Record<string, unknown>;
    if (!BLOCK_KINDS.has(block.kind as string)) return false;
    switch (block.kind) {
      case 'text':
        return typeof block.text === 'string';
      case 'pair':
        return typeof block.left === 'string' && typeof block.right === 'string';
      case 'barcode':
        return typeof block.data === 'string' && ['code128', 'codabar', 'code39'].includes(block.symbology as string);
      case 'qr':
        return typeof block.data === 'string';
      case 'feed':
        return typeof block.lines === 'number';
      default:
        return true;
    }
  });
}
