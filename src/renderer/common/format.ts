// Dates and times as the desk shows them: in the library's own time zone
// (the policy's UTC offset), not the workstation's, so a desk with a wrong
// zone setting still shows the dates the rules use.
import type { Lang } from '#shared/domain/reasons';

const pad = (n: number) => n.toString().padStart(2, '0');

function shifted(ms: number, offsetMinutes: number): Date {
  return new Date(ms + offsetMinutes * 60_000);
}

/** HH:MM in the library's time zone. */
export function fmtTime(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** MM-DD HH:MM, or HH:MM today. */
export function fmtWhen(ms: number, offsetMinutes: number, nowMs: number): string {
  const d = shifted(ms, offsetMinutes);
  const n = shifted(nowMs, offsetMinutes);
  const sameDay = d.getUTCFullYear() === n.getUTCFullYear() && d.getUTCMonth() === n.getUTCMonth() && d.getUTCDate() === n.getUTCDate();
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return sameDay ? time : `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
}

const WEEKDAYS: Record<Lang, readonly string[]> = {
  'zh-TW': ['日', '一', '二', '三', '四', '五', '六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** A local date (YYYY-MM-DD) with its weekday: 2026-07-03（五） / 2026-07-03 (Fri). */
export function fmtDate(date: string, lang: Lang): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) return date;
  const wd = WEEKDAYS[lang][new Date(ms).getUTCDay()] ?? '';
  return lang === 'zh-TW' ? `${date}（${wd}）` : `${date} (${wd})`;
}

export function fmtInstant(iso: string, offsetMinutes: number, nowMs: number): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? fmtWhen(ms, offsetMinutes, nowMs) : iso;
}
