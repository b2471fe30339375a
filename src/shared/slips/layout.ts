// Fixed-pitch layout for receipt paper. A thermal printer's Font A cell is 12
// dots wide and every double-byte (Big5 / GB18030) character is two cells, so
// a line is measured in columns, not characters: 80 mm paper (576 dots) holds
// 48 columns, 58 mm (384 dots) 32. The printer would wrap by itself, but in
// the middle of a word and without the right alignment of a value column.

export type ColumnWidth = (ch: string) => number;

/** East Asian Wide / Fullwidth (and the Big5 symbol ranges) are two columns; controls zero. */
export function eastAsianColumns(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x1100) return 1;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2010 && cp <= 0x2027) || // dashes, ‧, … : double-byte in Big5
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2460 && cp <= 0x24ff) ||
    (cp >= 0x2500 && cp <= 0x27bf) || // box drawing, ○, ★
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x1f000
  ) {
    return 2;
  }
  return 1;
}

export function textColumns(text: string, width: ColumnWidth = eastAsianColumns): number {
  let n = 0;
  for (const ch of text) n += width(ch);
  return n;
}

const isSpace = (ch: string) => ch === ' ';
const isWide = (ch: string, width: ColumnWidth) => width(ch) >= 2;

/**
 * Wraps to at most `columns` per line. Latin text breaks at spaces where it
 * can; wide (CJK) text breaks between any two characters; a word longer than
 * a line is split. Always returns at least one line.
 */
export function wrapColumns(text: string, columns: number, width: ColumnWidth = eastAsianColumns): string[] {
  const max = Math.max(1, Math.floor(columns));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const chars = Array.from(paragraph);
    let line: string[] = [];
    let lineCols = 0;
    let lastBreak = -1; // index in `line` after which a break is allowed
    for (const ch of chars) {
      const w = width(ch);
      if (lineCols + w > max && line.length > 0) {
        if (!isSpace(ch) && lastBreak >= 0 && lastBreak < line.length - 1) {
          const carry = line.slice(lastBreak + 1);
          lines.push(line.slice(0, lastBreak + 1).join('').trimEnd());
          line = carry;
          lineCols = carry.reduce((s, c) => s + width(c), 0);
          if (lineCols + w > max) {
            lines.push(line.join('').trimEnd());
            line = [];
            lineCols = 0;
          }
        } else {
          lines.push(line.join('').trimEnd());
          line = [];
          lineCols = 0;
        }
        lastBreak = -1;
        if (isSpace(ch) && line.length === 0) continue;
      }
      line.push(ch);
      lineCols += w;
      if (isSpace(ch) || isWide(ch, width)) lastBreak = line.length - 1;
      else if (line.length >= 2 && isWide(line[line.length - 2]!, width)) lastBreak = line.length - 2;
    }
    lines.push(line.join('').trimEnd());
  }
  return lines;
}

/** left … right on one line of `columns`, or null when they do not fit together. */
export function justifyPair(left: string, right: string, columns: number, width: ColumnWidth = eastAsianColumns): string | null {
  const l = textColumns(left, width);
  const r = textColumns(right, width);
  const gap = columns - l - r;
  if (gap < 1) return null;
  return `${left}${' '.repeat(gap)}${right}`;
}
