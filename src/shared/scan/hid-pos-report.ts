// USB HID POS barcode scanners (usage page 0x8C, Barcode Scanner) send each
// code in "scanned data" input reports. The layout is vendor-shaped; the
// common one (Honeywell, Zebra and others in HID POS mode) is 64 bytes:
//   0      report id (0x02)
//   1      number of data bytes in this report (0–56)
//   2–4    AIM symbology identifier ("]F0")
//   5–60   decoded data, 00-padded
//   61–62  vendor code id / reserved
//   63     bit 0: decoded data continued (more reports follow for this code)
// The offsets are a setting; long codes span several reports and are joined.

import { splitAim } from './symbology';
import type { Symbology } from './symbology';

export interface HidPosLayout {
  readonly reportId: number;
  readonly lengthAt: number;
  /** Offset of the 3-byte AIM identifier, or null when the report carries none. */
  readonly symbologyAt: number | null;
  readonly dataAt: number;
  readonly dataMax: number;
  /** Byte and bit of the "continued" flag, or null when codes never span reports. */
  readonly moreAt: { readonly byte: number; readonly bit: number } | null;
}

export const HID_POS_DEFAULT_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthAt: 1,
  symbologyAt: 2,
  dataAt: 5,
  dataMax: 56,
  moreAt: { byte: 63, bit: 0 },
};

export type HidPosReport =
  | { readonly kind: 'data'; readonly data: Uint8Array; readonly aimId: string | null; readonly more: boolean }
  | { readonly kind: 'other'; readonly reportId: number }
  | { readonly kind: 'error'; readonly code: 'BAD_REPORT'; readonly message: string };

export function parseHidPosReport(report: Uint8Array, layout: HidPosLayout = HID_POS_DEFAULT_LAYOUT): HidPosReport {
  const id = report[0];
  if (id === undefined) return { kind: 'error', code: 'BAD_REPORT', message: 'empty HID report' };
  if (id !== layout.reportId) return { kind: 'other', reportId: id };
  const length = report[layout.lengthAt];
  if (length === undefined) return { kind: 'error', code: 'BAD_REPORT', message: `HID report of ${report.length} bytes has no length byte at ${layout.lengthAt}` };
  if (length > layout.dataMax) return { kind: 'error', code: 'BAD_REPORT', message: `HID report claims ${length} data bytes; at most ${layout.dataMax} fit` };
  if (layout.dataAt + length > report.length) {
    return { kind: 'error', code: 'BAD_REPORT', message: `HID report claims ${length} data bytes but only ${Math.max(0, report.length - layout.dataAt)} follow` };
  }
  let aimId: string | null = null;
  if (layout.symbologyAt !== null) {
    const aim = report.subarray(layout.symbologyAt, layout.symbologyAt + 3);
    const text = String.fromCharCode(...aim);
    aimId = aim.length === 3 && splitAim(text) ? text : null;
  }
  const more = layout.moreAt === null ? false : ((report[layout.moreAt.byte] ?? 0) & (1 << layout.moreAt.bit)) !== 0;
  return { kind: 'data', data: report.slice(layout.dataAt, layout.dataAt + length), aimId, more };
}

export interface HidPosScan {
  readonly text: string;
  readonly symbology: Symbology | null;
  readonly aimId: string | null;
}

/** Joins continued reports into whole codes. */
export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private aimId: string | null = null;

  constructor(
    private readonly layout: HidPosLayout = HID_POS_DEFAULT_LAYOUT,
    /** Longest code accepted (bytes), so a stuck "continued" bit cannot grow memory without bound. */
    private readonly maxLength = 4096,
  ) {}

  push(report: Uint8Array): { scan?: HidPosScan; error?: string } {
    const parsed = parseHidPosReport(report, this.layout);
    if (parsed.kind === 'other') return {};
    if (parsed.kind === 'error') {
      this.parts = [];
      this.aimId = null;
      return { error: parsed.message };
    }
    if (this.parts.length === 0) this.aimId = parsed.aimId;
    this.parts.push(parsed.data);
    const size = this.parts.reduce((n, p) => n + p.length, 0);
    if (size > this.maxLength) {
      this.parts = [];
      return { error: `a scanned code grew beyond ${this.maxLength} bytes across continued reports; it was discarded` };
    }
    if (parsed.more) return {};
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    this.parts = [];
    const aimId = this.aimId;
    this.aimId = null;
    const symbology = aimId ? (splitAim(aimId)?.aim.symbology ?? null) : null;
    if (bytes.length === 0) return {};
    return { scan: { text: new TextDecoder('utf-8').decode(bytes), symbology, aimId } };
  }
}
