// Photos of a listing: JPEG, PNG or WebP by their magic bytes (the declared
// type is not believed), within the consortium's size and count limits,
// stored in the database beside the listing. Sent as JSON { data: base64 } so
// the portal's one API helper (with its CSRF header) uploads them. Metadata
// (EXIF with its GPS position, XMP, text chunks) is stripped before storing.
import { newId } from './ids';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import type { PatronRecord } from '#shared/domain/records';
import { sniffImage } from '#shared/exchange/rules';
import { stripImageMetadata } from './strip-metadata';
import type { PhotoType } from '#shared/exchange/wire';
import { listingRow, notFound } from './listings';
import { readSettings } from './settings';
import { isPublic } from './views';

/** The largest body the photo route accepts at all: the settings' ceiling (10 MiB) in base64, plus the JSON around it. */
export const PHOTO_BODY_LIMIT = Math.ceil((10 * 1024 * 1024 * 4) / 3) + 4096;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodePhoto(body: unknown, maxBytes: number): { bytes: Buffer; type: PhotoType } {
  const o = allowOnly(requireObject(body), ['data']);
  const data = o['data'];
  if (typeof data !== 'string' || data === '' || data.length % 4 !== 0 || !BASE64.test(data)) throw new ApiError(400, 'VALIDATION_FAILED', '/data: the photo as base64');
  // Sized before decoding: base64 is 4 characters per 3 bytes.
  const size = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (size > maxBytes) throw new ApiError(413, 'PHOTO_TOO_LARGE', `A photo is at most ${Math.floor(maxBytes / 1024)} KB; this one is ${Math.ceil(size / 1024)} KB.`, { maxBytes });
  const bytes = Buffer.from(data, 'base64');
  const type = sniffImage(bytes);
  if (!type) throw new ApiError(415, 'PHOTO_TYPE', 'Only JPEG, PNG or WebP photos (the file\'s content is checked, not its name).');
  // Other patrons download it: the GPS position and camera data in its metadata go (strip-metadata.ts).
  const clean = stripImageMetadata(bytes, type);
  if (!clean) throw new ApiError(415, 'PHOTO_MALFORMED', 'The photo file is damaged or incomplete; take or save it again.');
  return { bytes: Buffer.from(clean), type };
}

export async function addPhoto(db: Database, patron: PatronRecord, listingId: string, body: unknown): Promise<string> {
  const settings = await readSettings(db);
  const { bytes, type } = decodePhoto(body, settings.maxPhotoBytes);
  return db.transaction(async (tx) => {
    const l = await listingRow(tx, listingId, true);
    if (!l) throw notFound();
    if (l.lister_id !== patron.id) throw new ApiError(403, 'NOT_YOURS', 'Only the patron who listed the book may add photos.');
    const { rows } = await tx.query<{ n: string | number }>('select count(*) as n from exchange_photos where listing_id = $1', [listingId]);
    if (Number(rows[0]?.n ?? 0) >= settings.maxPhotos) throw new ApiError(409, 'PHOTO_LIMIT', `A listing has at most ${settings.maxPhotos} photos.`, { maxPhotos: settings.maxPhotos });
    const id = newId('xp', new Date());
    await tx.query('insert into exchange_photos (id, listing_id, content_type, bytes, size) values ($1, $2, $3, $4, $5)', [id, listingId, type, bytes, bytes.length]);
    return id;
  });
}

/** A photo for a patron who may see its listing. */
export async function readPhoto(db: Sql, patron: PatronRecord, photoId: string): Promise<{ type: string; bytes: Buffer }> {
  const { rows } = await db.query<{ content_type: string; bytes: Uint8Array; listing_id: string }>('select content_type, bytes, listing_id from exchange_photos where id = $1', [photoId]);
  const p = rows[0];
  const l = p ? await listingRow(db, p.listing_id) : null;
  if (!p || !l || (!isPublic(l) && l.lister_id !== patron.id)) throw new ApiError(404, 'NOT_FOUND', 'No such photo.');
  return { type: p.content_type, bytes: Buffer.from(p.bytes) };
}
