// Where a receipt printer's missing characters are drawn from. ESC/POS
// printers in Taiwan carry a Big5 font; a patron named 陳堃 or 王喆 would
// print as '?'. Given a TrueType font, the printer driver draws such a line
// as a raster image (devices/printer/truetype-glyphs.ts). The font is the
// device option `glyphFont` (a path), else the first CJK TrueType font the
// system has in the places Debian and Windows keep one. A font that cannot be
// read turns the fallback off with a message; printing goes on without it.
import { existsSync, readFileSync } from 'node:fs';
import type { DeviceConfig } from '#shared/bridge';
import { createTrueTypeGlyphSource, type GlyphSource } from '../printer';
import { optionString } from './common';

/** CJK TrueType fonts (glyf outlines) commonly present: Debian's fonts-wqy-microhei, Windows' Microsoft JhengHei. */
export const SYSTEM_GLYPH_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  'C:\\Windows\\Fonts\\msjh.ttc',
];

export type GlyphChoice = { glyphs: GlyphSource; path: string } | { glyphs: null; message: string };

export function glyphsFor(config: DeviceConfig, candidates: readonly string[] = SYSTEM_GLYPH_FONTS): GlyphChoice {
  const configured = optionString(config, 'glyphFont');
  if (configured === 'off') return { glyphs: null, message: 'glyph fallback turned off' };
  const path = configured ?? candidates.find((p) => existsSync(p));
  if (!path) return { glyphs: null, message: 'no TrueType CJK font found: characters outside the printer\'s font print as ?' };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { glyphs: null, message: `glyph font ${path} cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const source = createTrueTypeGlyphSource(bytes);
  return source.ok ? { glyphs: source.value, path } : { glyphs: null, message: `glyph font ${path}: ${source.error.message}` };
}
