// Listing photos lose their metadata before they are stored. A phone's JPEG
// carries EXIF with the GPS position it was taken at (often the patron's home)
// and the camera's serial; PNG and WebP can carry the same in eXIf / EXIF /
// XMP / text chunks. Other patrons download these photos, so only what draws
// the picture is kept: the image data, JFIF, the ICC colour profile, and the
// EXIF orientation rewritten as a minimal EXIF block (without it a phone's
// portrait photo shows on its side). The container is walked by its own
// rules; a file whose structure does not hold together is refused (null)
// rather than stored as it came.
import type { PhotoType } from '#shared/exchange/wire';

export function stripImageMetadata(bytes: Uint8Array, type: PhotoType): Uint8Array | null {
  try {
    if (type === 'image/jpeg') return stripJpeg(bytes);
    if (type === 'image/png') return stripPng(bytes);
    return stripWebp(bytes);
  } catch {
    return null;
  }
}

// ---- JPEG (ITU T.81 markers; EXIF in APP1, XMP in APP1, ICC in APP2, comments in COM)

const ICC = 'ICC_PROFILE\0';

function startsWith(b: Uint8Array, from: number, s: string): boolean {
  if (from + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[from + i] !== s.charCodeAt(i)) return false;
  return true;
}

function stripJpeg(b: Uint8Array): Uint8Array | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let orientation: number | null = null;
  let wroteOrientation = false;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    // Standalone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (len < 2 || i + 2 + len > b.length) return null;
    const body = i + 4;
    const end = i + 2 + len;
    if (marker === 0xe1 && startsWith(b, body, 'Exif\0\0')) {
      orientation ??= exifOrientation(b.subarray(body + 6, end));
    } else if ((marker >= 0xe1 && marker <= 0xef && !(marker === 0xe2 && startsWith(b, body, ICC))) || marker === 0xfe) {
      // APPn other than JFIF (APP0) and the ICC profile, and comments: dropped.
    } else {
      if (marker !== 0xe0 && !wroteOrientation && orientation !== null && orientation !== 1) {
        out.push(minimalExif(orientation));
        wroteOrientation = true;
      }
      out.push(b.subarray(i, end));
    }
    i = end;
    // Start of scan: the rest is entropy-coded data up to EOI, kept as it is.
    if (marker === 0xda) {
      out.push(b.subarray(i));
      return concat(out);
    }
  }
  return null;
}

/** The orientation tag (0x0112) of EXIF's first IFD, if present and valid (1–8). */
function exifOrientation(tiff: Uint8Array): number | null {
  if (tiff.length < 8) return null;
  const le = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!le && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (o: number) => (o + 2 > tiff.length ? -1 : le ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number) => (o + 4 > tiff.length ? -1 : le ? (tiff[o]! | (tiff[o + 1]! << 8) | (tiff[o + 2]! << 16)) + tiff[o + 3]! * 0x1000000 : tiff[o]! * 0x1000000 + ((tiff[o + 1]! << 16) | (tiff[o + 2]! << 8) | tiff[o + 3]!));
  const ifd = u32(4);
  const count = u16(ifd);
  if (ifd < 8 || count < 0) return null;
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** APP1 "Exif" with a big-endian TIFF header and one IFD holding only the orientation. */
function minimalExif(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const body = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  const len = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, len >> 8, len & 0xff, ...body]);
}

// ---- PNG (chunks; metadata in tEXt, zTXt, iTXt, eXIf, tIME)

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(b: Uint8Array): Uint8Array | null {
  const out: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    const end = i + 12 + len;
    if (end > b.length) return null;
    if (!PNG_DROP.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(out);
  }
  return null;
}

// ---- WebP (RIFF; metadata in EXIF and XMP chunks, announced by VP8X flags)

function stripWebp(b: Uint8Array): Uint8Array | null {
  const u32le = (o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! * 0x1000000);
  const riffEnd = 8 + u32le(4);
  if (riffEnd > b.length || riffEnd < 12) return null;
  const chunks: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= riffEnd) {
    const fourcc = String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    const size = u32le(i + 4);
    const end = i + 8 + size + (size % 2);
    if (end > riffEnd) return null;
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = b.slice(i, end);
      // VP8X flags: bit 3 EXIF, bit 2 XMP — no longer present.
      if (fourcc === 'VP8X' && size >= 1) chunk[8] = chunk[8]! & ~0x0c;
      chunks.push(chunk);
    }
    i = end;
  }
  // Fewer than a chunk header's 8 bytes left over (some writers pad): dropped with the rest of the metadata.
  if (riffEnd - i >= 8) return null;
  const body = concat(chunks);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  const riffSize = body.length + 4;
  head.set([riffSize & 0xff, (riffSize >> 8) & 0xff, (riffSize >> 16) & 0xff, (riffSize >>> 24) & 0xff], 4);
  return concat([head, body]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
