// AIM symbology identifiers (ISO/IEC 15424): scanners can prefix each code
// with "]" + a code character + a modifier digit, which tells the desk which
// symbology was read (a Codabar patron card vs a Code 128 item label).

export type Symbology = 'codabar' | 'code39' | 'code128' | 'ean-upc' | 'itf' | 'qr' | 'datamatrix' | 'pdf417' | 'gs1-databar' | 'other';

const AIM_CODES: Readonly<Record<string, Symbology>> = {
  A: 'code39',
  C: 'code128',
  E: 'ean-upc',
  F: 'codabar',
  I: 'itf',
  L: 'pdf417',
  Q: 'qr',
  d: 'datamatrix',
  e: 'gs1-databar',
};

export interface AimIdentifier {
  /** The three characters, e.g. "]F0". */
  readonly id: string;
  readonly symbology: Symbology;
}

/** Splits a leading AIM identifier off `text`; null when there is none. */
export function splitAim(text: string): { aim: AimIdentifier; rest: string } | null {
  const m = /^\](.)([0-9A-Za-z])/.exec(text);
  if (!m) return null;
  return { aim: { id: m[0], symbology: AIM_CODES[m[1]!] ?? 'other' }, rest: text.slice(3) };
}

export interface ScanTextOptions {
  /** A fixed prefix the scanner is programmed to send (removed when present). */
  readonly prefix?: string;
  /** Expect an AIM identifier after the prefix (default: take one if present). */
  readonly aim?: boolean;
}

export interface ScanText {
  readonly text: string;
  readonly symbology: Symbology | null;
  readonly aimId: string | null;
}

/** Removes the configured prefix and AIM identifier from one scanned code. */
export function parseScanText(raw: string, options: ScanTextOptions = {}): ScanText {
  let text = raw;
  if (options.prefix && text.startsWith(options.prefix)) text = text.slice(options.prefix.length);
  if (options.aim !== false) {
    const split = splitAim(text);
    if (split) return { text: split.rest, symbology: split.aim.symbology, aimId: split.aim.id };
  }
  return { text, symbology: null, aimId: null };
}
