// Glyph bitmaps from a TrueType font, for the characters a receipt printer's
// own font cannot print (a patron named 堃 or 喆 — not in Big5): the slip
// prints that line as a raster image (GS v 0) instead of '?'.
//
// A deliberately small reader of the TrueType format (Apple TrueType
// Reference Manual / OpenType spec): a font or the first font of a
// collection (.ttc), the cmap (format 4 and 12), head, hhea, hmtx, loca and
// glyf tables, simple and composite glyphs. Outlines are quadratic
// B-splines, flattened to line segments and filled with the non-zero winding
// rule (coverage from four sub-scanlines a row). No hinting: at 24 dots a
// CJK glyph is legible without it. Pure (bytes in, bits out); reading the font file is the
// caller's business. A font it cannot read is a typed error, never a throw.

import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export interface GlyphBitmap {
  readonly width: number;
  readonly height: number;
  /** Row-major, 1 = ink; `width × height` entries. */
  readonly pixels: Uint8Array;
}

/** Draws characters into cells of a given size; null when the font has no glyph for it. */
export interface GlyphSource {
  has(codePoint: number): boolean;
  draw(codePoint: number, cellWidth: number, cellHeight: number): GlyphBitmap | null;
}

export type FontError = CodecError<'BAD_FONT'>;

interface Point {
  x: number;
  y: number;
  on: boolean;
}

type Contour = Point[];

class Reader {
  constructor(readonly b: Uint8Array) {}
  u8(o: number): number {
    if (o < 0 || o >= this.b.length) throw new RangeError(`offset ${o} is outside the font`);
    return this.b[o]!;
  }
  i8(o: number): number {
    const v = this.u8(o);
    return v >= 0x80 ? v - 0x100 : v;
  }
  u16(o: number): number {
    return (this.u8(o) << 8) | this.u8(o + 1);
  }
  i16(o: number): number {
    const v = this.u16(o);
    return v >= 0x8000 ? v - 0x10000 : v;
  }
  u32(o: number): number {
    return this.u16(o) * 0x10000 + this.u16(o + 2);
  }
  tag(o: number): string {
    return String.fromCharCode(this.u8(o), this.u8(o + 1), this.u8(o + 2), this.u8(o + 3));
  }
}

interface Font {
  readonly r: Reader;
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  readonly glyphIndex: (cp: number) => number;
  readonly glyphRange: (gid: number) => [number, number];
}

function parseFont(bytes: Uint8Array): Font {
  const r = new Reader(bytes);
  const base = r.tag(0) === 'ttcf' ? r.u32(12) : 0;
  const tables = new Map<string, number>();
  const count = r.u16(base + 4);
  for (let i = 0; i < count; i++) {
    const rec = base + 12 + i * 16;
    tables.set(r.tag(rec), r.u32(rec + 8));
  }
  const need = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new RangeError(`the font has no '${tag}' table (only TrueType outlines are read)`);
    return at;
  };
  const head = need('head');
  const hhea = need('hhea');
  const cmap = need('cmap');
  const loca = need('loca');
  const glyf = need('glyf');
  const longLoca = r.i16(head + 50) === 1;

  // cmap: prefer the full-Unicode format 12 subtable, else format 4 (BMP).
  let f12: number | null = null;
  let f4: number | null = null;
  for (let i = 0; i < r.u16(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    const platform = r.u16(rec);
    const sub = cmap + r.u32(rec + 4);
    const format = r.u16(sub);
    if (platform !== 0 && platform !== 3) continue;
    if (format === 12 && f12 === null) f12 = sub;
    if (format === 4 && f4 === null) f4 = sub;
  }
  if (f12 === null && f4 === null) throw new RangeError('the font has no Unicode cmap (format 4 or 12)');

  const glyphIndex = (cp: number): number => {
    if (f12 !== null) {
      const groups = r.u32(f12 + 12);
      for (let g = 0; g < groups; g++) {
        const at = f12 + 16 + g * 12;
        const start = r.u32(at);
        if (cp >= start && cp <= r.u32(at + 4)) return r.u32(at + 8) + (cp - start);
      }
      return 0;
    }
    const t = f4!;
    if (cp > 0xffff) return 0;
    const segX2 = r.u16(t + 6);
    const ends = t + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > r.u16(ends + s)) continue;
      const start = r.u16(starts + s);
      if (cp < start) return 0;
      const delta = r.u16(deltas + s);
      const rangeOffset = r.u16(ranges + s);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const g = r.u16(ranges + s + rangeOffset + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const glyphRange = (gid: number): [number, number] =>
    longLoca ? [glyf + r.u32(loca + gid * 4), glyf + r.u32(loca + gid * 4 + 4)] : [glyf + r.u16(loca + gid * 2) * 2, glyf + r.u16(loca + gid * 2 + 2) * 2];

  return { r, unitsPerEm: r.u16(head + 18), ascender: r.i16(hhea + 4), descender: r.i16(hhea + 6), glyphIndex, glyphRange };
}

function outline(font: Font, gid: number, depth = 0): Contour[] {
  const { r } = font;
  const [start, end] = font.glyphRange(gid);
  if (end <= start || depth > 8) return [];
  const contours = r.i16(start);
  if (contours < 0) return composite(font, start + 10, depth);
  const endPts: number[] = [];
  for (let i = 0; i < contours; i++) endPts.push(r.u16(start + 10 + i * 2));
  const points = contours === 0 ? 0 : endPts[contours - 1]! + 1;
  let at = start + 10 + contours * 2;
  at += 2 + r.u16(at);
  const flags: number[] = [];
  while (flags.length < points) {
    const f = r.u8(at++);
    flags.push(f);
    if (f & 8) for (let n = r.u8(at++); n > 0; n--) flags.push(f);
  }
  const coords = (short: number, same: number): number[] => {
    const out: number[] = [];
    let v = 0;
    for (const f of flags.slice(0, points)) {
      if (f & short) {
        const d = r.u8(at++);
        v += f & same ? d : -d;
      } else if (!(f & same)) {
        v += r.i16(at);
        at += 2;
      }
      out.push(v);
    }
    return out;
  };
  const xs = coords(2, 16);
  const ys = coords(4, 32);
  const result: Contour[] = [];
  let first = 0;
  for (const last of endPts) {
    const c: Contour = [];
    for (let p = first; p <= last; p++) c.push({ x: xs[p]!, y: ys[p]!, on: (flags[p]! & 1) !== 0 });
    result.push(c);
    first = last + 1;
  }
  return result;
}

function composite(font: Font, at: number, depth: number): Contour[] {
  const { r } = font;
  const out: Contour[] = [];
  for (;;) {
    const flags = r.u16(at);
    const gid = r.u16(at + 2);
    at += 4;
    let dx = 0;
    let dy = 0;
    if (flags & 1) {
      dx = r.i16(at);
      dy = r.i16(at + 2);
      at += 4;
    } else {
      dx = r.i8(at);
      dy = r.i8(at + 1);
      at += 2;
    }
    if (!(flags & 2)) dx = dy = 0; // point-matching placement is not supported: place at the origin
    let [a, b, c, d] = [1, 0, 0, 1];
    const f2 = (o: number) => r.i16(o) / 16384;
    if (flags & 8) {
      a = d = f2(at);
      at += 2;
    } else if (flags & 0x40) {
      a = f2(at);
      d = f2(at + 2);
      at += 4;
    } else if (flags & 0x80) {
      [a, b, c, d] = [f2(at), f2(at + 2), f2(at + 4), f2(at + 6)];
      at += 8;
    }
    for (const contour of outline(font, gid, depth + 1)) {
      out.push(contour.map((p) => ({ x: a * p.x + c * p.y + dx, y: b * p.x + d * p.y + dy, on: p.on })));
    }
    if (!(flags & 0x20)) return out;
  }
}

/** Line segments of a contour, quadratic curves flattened (implied on-curve points between two off-curve ones). */
function segments(contour: Contour): [number, number, number, number][] {
  const n = contour.length;
  if (n < 2) return [];
  const pts: Point[] = [];
  for (let i = 0; i < n; i++) {
    const p = contour[i]!;
    const q = contour[(i + 1) % n]!;
    pts.push(p);
    if (!p.on && !q.on) pts.push({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, on: true });
  }
  const startAt = pts.findIndex((p) => p.on);
  const ring = [...pts.slice(startAt), ...pts.slice(0, startAt)];
  const segs: [number, number, number, number][] = [];
  let cur = ring[0]!;
  for (let i = 1; i <= ring.length; i++) {
    const p = ring[i % ring.length]!;
    if (p.on) {
      segs.push([cur.x, cur.y, p.x, p.y]);
      cur = p;
      continue;
    }
    const next = ring[(i + 1) % ring.length]!;
    const steps = 8;
    let px = cur.x;
    let py = cur.y;
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const x = (1 - t) * (1 - t) * cur.x + 2 * (1 - t) * t * p.x + t * t * next.x;
      const y = (1 - t) * (1 - t) * cur.y + 2 * (1 - t) * t * p.y + t * t * next.y;
      segs.push([px, py, x, y]);
      px = x;
      py = y;
    }
    cur = next;
    i++;
  }
  return segs;
}

export function createTrueTypeGlyphSource(fontBytes: Uint8Array): Result<GlyphSource, FontError> {
  let font: Font;
  try {
    font = parseFont(fontBytes);
  } catch (e) {
    return err('BAD_FONT', `the font cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const has = (cp: number): boolean => {
    try {
      return font.glyphIndex(cp) !== 0;
    } catch {
      return false;
    }
  };
  const draw = (cp: number, cellWidth: number, cellHeight: number): GlyphBitmap | null => {
    try {
      const gid = font.glyphIndex(cp);
      if (gid === 0) return null;
      const segs = outline(font, gid).flatMap(segments);
      // Ascender to descender fills the cell height; the baseline sits at the ascender.
      const scale = cellHeight / Math.max(1, font.ascender - font.descender);
      const pixels = new Uint8Array(cellWidth * cellHeight);
      // Coverage from 4 sub-scanlines per row: a pixel is inked when a third
      // of it is covered, so the thin strokes of a 24-dot glyph are kept.
      const SUB = 4;
      const coverage = new Float64Array(cellWidth);
      for (let row = 0; row < cellHeight; row++) {
        coverage.fill(0);
        for (let sub = 0; sub < SUB; sub++) {
          const fy = font.ascender - (row + (sub + 0.5) / SUB) / scale;
          const crossings: [number, number][] = [];
          for (const [x0, y0, x1, y1] of segs) {
            if ((y0 <= fy && y1 > fy) || (y1 <= fy && y0 > fy)) crossings.push([(x0 + ((fy - y0) / (y1 - y0)) * (x1 - x0)) * scale, y1 > y0 ? 1 : -1]);
          }
          crossings.sort((p, q) => p[0] - q[0]);
          let winding = 0;
          for (let k = 0; k < crossings.length - 1; k++) {
            winding += crossings[k]![1];
            if (winding === 0) continue;
            const a = Math.max(0, crossings[k]![0]);
            const b = Math.min(cellWidth, crossings[k + 1]![0]);
            for (let col = Math.floor(a); col < Math.ceil(b); col++) coverage[col] = coverage[col]! + Math.min(b, col + 1) - Math.max(a, col);
          }
        }
        for (let col = 0; col < cellWidth; col++) if (coverage[col]! / SUB >= 0.33) pixels[row * cellWidth + col] = 1;
      }
      return { width: cellWidth, height: cellHeight, pixels };
    } catch {
      return null;
    }
  };
  return ok({ has, draw });
}
