// Words and formats shared by the slip builders. Headers are bilingual on
// paper (a slip may be read at the other library, by a courier or by a
// visiting student); body labels follow the desk's locale.
import { isLocalDate, weekdayOf } from '../domain/dates';
import type { SlipLocale } from './model';

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 2025-03-04 → "2025-03-04（二）" / "2025-03-04 (Tue)"; anything not a date is printed as given. */
export function formatDate(date: string, locale: SlipLocale): string {
  if (!isLocalDate(date)) return date;
  const wd = weekdayOf(date);
  return locale === 'zh-TW' ? `${date}（${WEEKDAY_ZH[wd]}）` : `${date} (${WEEKDAY_EN[wd]})`;
}

/** An ISO instant as local "YYYY-MM-DD HH:mm" for a fixed UTC offset (Taiwan: +480). */
export function formatDateTime(instant: string, utcOffsetMinutes = 480): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) return instant;
  const iso = new Date(ms + utcOffsetMinutes * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Whole New Taiwan dollars: NT$25. */
export function formatMoney(amount: number): string {
  const n = Number.isFinite(amount) ? Math.round(amount) : 0;
  return `NT$${n.toLocaleString('en-US')}`;
}

/** A bilingual header with the desk's language first. */
export function bilingual(zh: string, en: string, locale: SlipLocale): string {
  return locale === 'zh-TW' ? `${zh} ${en}` : `${en} ${zh}`;
}

/** One label in the desk's language. */
export function label(zh: string, en: string, locale: SlipLocale): string {
  return locale === 'zh-TW' ? zh : en;
}

export interface LibraryName {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

export function libraryName(lib: LibraryName, locale: SlipLocale): string {
  return locale === 'zh-TW' ? lib.nameZh || lib.nameEn || lib.code : lib.nameEn || lib.nameZh || lib.code;
}
