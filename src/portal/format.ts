// Dates as a Taiwanese patron reads them: in Taipei time, in the page's language.
import { currentLanguage } from './i18n';

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'zh-TW');

/** A YYYY-MM-DD day (due dates, pick-up deadlines) with its weekday; read as a calendar day, never shifted by time zones. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m || day.length > 10) return formatTime(day);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(locale(), { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
}

/** An instant (ISO) in Taipei time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(), { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Today in Taipei as YYYY-MM-DD (the earliest needed-by date). */
export function todayInTaipei(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Taipei' });
}
