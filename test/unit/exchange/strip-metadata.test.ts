// Listing photos are stored without their metadata: a JPEG's EXIF (GPS
// position, camera serial), XMP and comments, a PNG's text and eXIf chunks,
// a WebP's EXIF and XMP chunks go; what draws the picture stays, and a phone
// photo's orientation survives as a minimal EXIF block. Broken files are
// refused, never stored as they came, and nothing throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stripImageMetadata } from '#server/exchange/strip-metadata';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
const has = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));

/** EXIF (little-endian TIFF) with Orientation = 6 and a GPS latitude ref text the test looks for. */
function exif(): number[] {
  const tiff = [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 2, 0,
    0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // orientation 6
    0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0, // GPS IFD pointer (not followed here)
    0, 0, 0, 0, ...ascii('GPS 22.6273N 120.3014E')];
  return [...ascii('Exif\0\0'), ...tiff];
}

function jpeg(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8,
    ...seg(0xe1, exif()),
    ...seg(0xe0, [...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xe1, ascii('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>owner</x:xmpmeta>')),
    ...seg(0xe2, [...ascii('ICC_PROFILE\0'), 1, 1, 9, 9]),
    ...seg(0xfe, ascii('taken at home')),
    ...seg(0xdb, Array.from({ length: 65 }, (_, i) => i)),
    ...seg(0xda, [1, 1, 0, 0, 63, 0]),
    0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9,
  ]);
}

function pngChunk(type: string, data: number[]): number[] {
  const len = data.length;
  return [len >>> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, ...ascii(type), ...data, 0, 0, 0, 0];
}

describe('photo metadata stripping', () => {
  it('JPEG: EXIF, XMP and comments go; JFIF, ICC and the picture stay; the orientation is kept', () => {
    const out = stripImageMetadata(jpeg(), 'image/jpeg')!;
    expect(out).not.toBeNull();
    for (const gone of ['GPS 22.6273N', 'xmpmeta', 'taken at home']) expect(has(out, gone)).toBe(false);
    for (const kept of ['JFIF', 'ICC_PROFILE']) expect(has(out, kept)).toBe(true);
    // JFIF first, then the minimal EXIF (big-endian, orientation 6), then the rest.
    expect([...out.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    const exifAt = Buffer.from(out).indexOf(Buffer.from('Exif\0\0MM', 'latin1'));
    expect(exifAt).toBeGreaterThan(0);
    expect(Buffer.from(out).subarray(exifAt).includes(Buffer.from([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6]))).toBe(true);
    expect(Buffer.from(out).subarray(-7)).toEqual(Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]));
  });

  it('PNG: text, eXIf and tIME chunks go; the image chunks stay in order', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
      ...pngChunk('IHDR', Array(13).fill(1)), ...pngChunk('tEXt', ascii('Author\0Chen')), ...pngChunk('eXIf', exif().slice(6)),
      ...pngChunk('IDAT', [1, 2, 3]), ...pngChunk('tIME', [7, 230, 12, 7, 1, 2, 3]), ...pngChunk('IEND', [])]);
    const out = stripImageMetadata(png, 'image/png')!;
    expect(has(out, 'Chen')).toBe(false);
    expect(has(out, 'eXIf')).toBe(false);
    expect(has(out, 'tIME')).toBe(false);
    expect(['IHDR', 'IDAT', 'IEND'].map((t) => Buffer.from(out).indexOf(t))).toEqual([...['IHDR', 'IDAT', 'IEND'].map((t) => Buffer.from(out).indexOf(t))].sort((a, b) => a - b));
  });

  it('WebP: EXIF and XMP chunks go, their VP8X flags are cleared, the RIFF size fits', () => {
    const chunk = (cc: string, data: number[]) => [...ascii(cc), data.length & 0xff, data.length >> 8, 0, 0, ...data, ...(data.length % 2 ? [0] : [])];
    const body = [...ascii('WEBP'), ...chunk('VP8X', [0x0c, 0, 0, 0, 1, 0, 0, 1, 0, 0]), ...chunk('VP8 ', [9, 9, 9, 9]), ...chunk('EXIF', ascii('GPS here')), ...chunk('XMP ', ascii('<x/>'))];
    const webp = Uint8Array.from([...ascii('RIFF'), body.length & 0xff, body.length >> 8, 0, 0, ...body]);
    const out = stripImageMetadata(webp, 'image/webp')!;
    expect(has(out, 'GPS here')).toBe(false);
    expect(has(out, 'XMP ')).toBe(false);
    expect(out[20]! & 0x0c).toBe(0);
    expect(out[4]! | (out[5]! << 8)).toBe(out.length - 8);
  });

  it('refuses broken files and never throws', () => {
    expect(stripImageMetadata(jpeg().subarray(0, 30), 'image/jpeg')).toBeNull();
    expect(stripImageMetadata(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 99]), 'image/png')).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('image/jpeg', 'image/png', 'image/webp' as const), (bytes, type) => {
      const out = stripImageMetadata(bytes, type);
      expect(out === null || out instanceof Uint8Array).toBe(true);
    }), { numRuns: 500 });
  });
});
