// HTML rendering of a slip for the on-screen preview and for printing on A4
// through the browser. Pure string building: every piece of slip text is
// escaped, unpaired surrogates and control characters are replaced, and
// barcodes are shown as their symbology and data in monospace — Code 128
// with its bars drawn as SVG too (code128-svg.ts), other symbologies without
// (the thermal printer draws those).
import { COPY_MARK } from './model';
import { code128Svg } from './code128-svg';
import type { Slip, SlipBlock, SlipSymbology } from './model';

export interface SlipHtmlOptions {
  /** A whole document with <meta charset> and print CSS (default), or only the <article> fragment. */
  readonly document?: boolean;
  /** Paper width of the preview in mm (80 or 58); default 80. */
  readonly paperMm?: number;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Lone surrogates cannot be encoded as UTF-8; C0/C1 controls have no business in markup.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function escapeHtml(value: string): string {
  return value.replace(UNSAFE, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const SYMBOLOGY_NAME: Readonly<Record<SlipSymbology, string>> = { code128: 'Code 128', codabar: 'Codabar', code39: 'Code 39' };

const CSS = `
.slip{font-family:"Noto Sans TC","Microsoft JhengHei","PingFang TC",sans-serif;font-size:12pt;line-height:1.35;color:#000;background:#fff;padding:4mm;box-sizing:border-box}
.slip p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.slip .b{font-weight:700}.slip .al-center{text-align:center}.slip .al-right{text-align:right}
.slip .pair{display:flex;justify-content:space-between;gap:1em}.slip .pair span:last-child{text-align:right}
.slip hr{border:0;border-top:1px solid #000;margin:1mm 0}.slip hr.double{border-top:3px double #000}
.slip .barcode,.slip .qr{text-align:center;margin:1mm 0}.slip .barcode code,.slip .qr code{font-family:"DejaVu Sans Mono",monospace;letter-spacing:.15em;border:1px solid #000;padding:0 2mm;display:inline-block}
.slip .sym{display:block;font-size:8pt}.slip .bars{display:block;margin:0 auto 1mm}.slip .cut{border-top:1px dashed #000;text-align:center;font-size:8pt;margin:2mm 0}
.slip .copy{text-align:center;font-weight:700;border:2px solid #000;margin-bottom:2mm}
@media print{.slip .cut{break-after:page}}`;

function scale(n: number | undefined): number {
  return Math.max(1, Math.min(8, Math.floor(n ?? 1)));
}

function block(b: SlipBlock): string {
  switch (b.kind) {
    case 'text': {
      const w = scale(b.width);
      const h = scale(b.height);
      const classes = [b.bold ? 'b' : '', b.align && b.align !== 'left' ? `al-${b.align}` : ''].filter(Boolean).join(' ');
      // Height drives the font size; a wider-than-high magnification stretches horizontally, as on the printer.
      const style = w === 1 && h === 1 ? '' : ` style="font-size:${h}em;line-height:1.1${w !== h ? `;transform:scaleX(${(w / h).toFixed(3)});transform-origin:${b.align === 'center' ? 'center' : b.align === 'right' ? 'right' : 'left'}` : ''}"`;
      return `<p${classes ? ` class="${classes}"` : ''}${style}>${escapeHtml(b.text)}</p>`;
    }
    case 'pair':
      return `<p class="pair${b.bold ? ' b' : ''}"><span>${escapeHtml(b.left)}</span><span>${escapeHtml(b.right)}</span></p>`;
    case 'rule':
      return b.style === 'double' ? '<hr class="double">' : '<hr>';
    case 'barcode': {
      // Code 128 gets real bars (code128-svg.ts), so a slip printed on A4 scans too; other symbologies show their data.
      const bars = b.symbology === 'code128' ? code128Svg(b.data, Math.max(6, Math.min(20, Math.round((b.height ?? 80) / 8)))) : null;
      return `<div class="barcode" data-symbology="${b.symbology}"${bars ? ' data-bars="yes"' : ''}>${bars ?? ''}<span class="sym">${SYMBOLOGY_NAME[b.symbology] ?? 'barcode'}</span><code>${escapeHtml(b.data)}</code></div>`;
    }
    case 'qr':
      return `<div class="qr"><span class="sym">QR</span><code>${escapeHtml(b.data)}</code></div>`;
    case 'feed': {
      const lines = Math.max(0, Math.min(20, Math.floor(Number.isFinite(b.lines) ? b.lines : 0)));
      return lines > 0 ? `<div class="feed" style="height:${lines * 1.35}em"></div>` : '';
    }
    case 'cut':
      return '<div class="cut" aria-hidden="true">✂</div>';
    default:
      return '';
  }
}

export function renderSlipHtml(slip: Slip, options: SlipHtmlOptions = {}): string {
  const paper = options.paperMm === 58 ? 58 : 80;
  const lang = slip.locale === 'en' ? 'en' : 'zh-Hant-TW';
  const body = [
    `<article class="slip slip-${slip.kind}" lang="${lang}" style="width:${paper}mm">`,
    slip.copy ? `<p class="copy">${escapeHtml(COPY_MARK)}</p>` : '',
    ...slip.blocks.map(block),
    '</article>',
  ].join('');
  if (options.document === false) return body;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(slip.title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

/** The stylesheet, for a host page that embeds fragments. */
export const SLIP_CSS = CSS;
