// The consortium's exchange rules, one row (exchange_settings), set by the
// administrator: hold days, reservations per patron, listing lifetime,
// forbidden words, photo limits.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireStorableText } from '#server/http/input';
import { codePointLength } from '#shared/text/unicode';
import type { ExchangeSettings } from '#shared/exchange/wire';

interface SettingsRow { hold_days: number; max_active_reservations: number; listing_days: number; forbidden_words: string[]; max_photos: number; max_photo_bytes: number }

export async function readSettings(db: Sql): Promise<ExchangeSettings> {
  const { rows } = await db.query<SettingsRow>('select hold_days, max_active_reservations, listing_days, forbidden_words, max_photos, max_photo_bytes from exchange_settings where id = 1');
  const r = rows[0];
  if (!r) throw new Error('exchange_settings has no row (migration 2001 inserts it)');
  return { holdDays: r.hold_days, maxActiveReservations: r.max_active_reservations, listingDays: r.listing_days, forbiddenWords: r.forbidden_words, maxPhotos: r.max_photos, maxPhotoBytes: r.max_photo_bytes };
}

const LIMITS: Record<Exclude<keyof ExchangeSettings, 'forbiddenWords'>, [number, number]> = {
  holdDays: [1, 30], maxActiveReservations: [1, 50], listingDays: [1, 730], maxPhotos: [0, 10], maxPhotoBytes: [1024, 10 * 1024 * 1024],
};

/** A partial change, checked field by field (400 naming the field). */
export function checkSettingsChange(body: unknown): Partial<ExchangeSettings> {
  const o = allowOnly(requireObject(body), [...Object.keys(LIMITS), 'forbiddenWords']);
  const out: Partial<ExchangeSettings> = {};
  for (const [field, [min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, [number, number]][]) {
    const v = o[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: a whole number from ${min} to ${max}`);
    out[field] = v;
  }
  if (o['forbiddenWords'] !== undefined) {
    const words = o['forbiddenWords'];
    if (!Array.isArray(words) || words.length > 500) throw new ApiError(400, 'VALIDATION_FAILED', '/forbiddenWords: a list of at most 500 words');
    out.forbiddenWords = words.map((w, i) => {
      if (typeof w !== 'string' || w.trim() === '' || codePointLength(w) > 40) throw new ApiError(400, 'VALIDATION_FAILED', `/forbiddenWords/${i}: a word of 1 to 40 characters`);
      requireStorableText(w, `/forbiddenWords/${i}`);
      return w.trim();
    });
  }
  return out;
}

export async function writeSettings(db: Sql, change: Partial<ExchangeSettings>): Promise<ExchangeSettings> {
  const cur = await readSettings(db);
  const next = { ...cur, ...change };
  await db.query(
    `update exchange_settings set hold_days = $1, max_active_reservations = $2, listing_days = $3, forbidden_words = $4, max_photos = $5, max_photo_bytes = $6, updated_at = now() where id = 1`,
    [next.holdDays, next.maxActiveReservations, next.listingDays, next.forbiddenWords, next.maxPhotos, next.maxPhotoBytes],
  );
  return next;
}
