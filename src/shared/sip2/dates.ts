// SIP2 dates are 18 characters, YYYYMMDDZZZZHHMMSS. ZZZZ is a time zone
// field: four blanks mean the sender's local time (what most ILSs send), a
// trailing Z means UTC. Other zone spellings exist in the wild; they parse,
// but cannot be turned into an instant without knowing the sender's rules.
import { fail, ok } from './result';
import type { Sip2ParseResult } from './result';

export const SIP_DATE_LENGTH = 18;
/** What a request sends for an optional date (e.g. "nb due date") it leaves unset. */
export const BLANK_SIP_DATE = ' '.repeat(SIP_DATE_LENGTH);

export type SipDateZone = 'local' | 'utc';

export interface SipDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The raw 4-character zone field. */
  zone: string;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats a Date as an 18-character SIP2 date. Throws RangeError on an invalid Date or a year outside 0–9999. */
export function formatSipDate(date: Date, zone: SipDateZone = 'local'): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatSipDate: invalid Date');
  const utc = zone === 'utc';
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatSipDate: year ${year} does not fit in 4 digits`);
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const day = utc ? date.getUTCDate() : date.getDate();
  const hour = utc ? date.getUTCHours() : date.getHours();
  const minute = utc ? date.getUTCMinutes() : date.getMinutes();
  const second = utc ? date.getUTCSeconds() : date.getSeconds();
  return `${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}${utc ? '   Z' : '    '}${pad(hour, 2)}${pad(minute, 2)}${pad(second, 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DIGITS = /^[0-9]+$/;

export function parseSipDate(text: string): Sip2ParseResult<SipDateParts> {
  if (text.length !== SIP_DATE_LENGTH) {
    return fail('BAD_DATE', `SIP2 date must be ${SIP_DATE_LENGTH} characters, got ${text.length}`);
  }
  const datePart = text.slice(0, 8);
  const zone = text.slice(8, 12);
  const timePart = text.slice(12, 18);
  if (!DIGITS.test(datePart)) return fail('BAD_DATE', `SIP2 date: YYYYMMDD must be digits, got '${datePart}'`, 0);
  if (!DIGITS.test(timePart)) return fail('BAD_DATE', `SIP2 date: HHMMSS must be digits, got '${timePart}'`, 12);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(zone)) return fail('BAD_DATE', 'SIP2 date: zone field contains a control character', 8);
  const year = Number(datePart.slice(0, 4));
  const month = Number(datePart.slice(4, 6));
  const day = Number(datePart.slice(6, 8));
  const hour = Number(timePart.slice(0, 2));
  const minute = Number(timePart.slice(2, 4));
  const second = Number(timePart.slice(4, 6));
  if (month < 1 || month > 12) return fail('BAD_DATE', `SIP2 date: month ${month} is not 01–12`, 4);
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) return fail('BAD_DATE', `SIP2 date: day ${day} is not 01–${maxDay} for ${pad(year, 4)}-${pad(month, 2)}`, 6);
  if (hour > 23) return fail('BAD_DATE', `SIP2 date: hour ${hour} is not 00–23`, 12);
  if (minute > 59) return fail('BAD_DATE', `SIP2 date: minute ${minute} is not 00–59`, 14);
  if (second > 59) return fail('BAD_DATE', `SIP2 date: second ${second} is not 00–59`, 16);
  return ok({ year, month, day, hour, minute, second, zone });
}

/** The instant a parsed date denotes, or null when its zone field is neither blank (local) nor UTC. */
export function sipDateToDate(parts: SipDateParts): Date | null {
  const zone = parts.zone.trim().toUpperCase();
  const date = new Date(0);
  if (zone === '') {
    // setFullYear, not the Date constructor: the constructor maps years 0–99 to 1900–1999.
    date.setFullYear(parts.year, parts.month - 1, parts.day);
    date.setHours(parts.hour, parts.minute, parts.second, 0);
    return date;
  }
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') {
    date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
    date.setUTCHours(parts.hour, parts.minute, parts.second, 0);
    return date;
  }
  return null;
}

// The zone a library system reads a blank zone field in is its own, not the
// desk's: a desk in another zone (or a laptop left on UTC) shifted every due
// and return date by hours. So the connection names the system's zone (IANA,
// e.g. 'Asia/Taipei') and dates go out as that zone's wall-clock time with a
// blank zone field; 'UTC' sends UTC with the standard's 'Z'.

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** True when the runtime knows this IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === '' || timeZone.length > 64) return false;
  try {
    wallClockFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in an IANA zone. Throws RangeError for an unknown zone. */
function wallClock(date: Date, timeZone: string): Omit<SipDateParts, 'zone'> {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts['year'] ?? 0, month: parts['month'] ?? 1, day: parts['day'] ?? 1, hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0 };
}

/** An 18-character SIP2 date for a system in `timeZone`: its wall-clock time, blank zone ('UTC': UTC with 'Z'). */
export function formatSipDateIn(date: Date, timeZone: string): string {
  if (timeZone === 'UTC') return formatSipDate(date, 'utc');
  if (Number.isNaN(date.getTime())) throw new RangeError('formatSipDateIn: invalid Date');
  const w = wallClock(date, timeZone);
  return `${pad(w.year, 4)}${pad(w.month, 2)}${pad(w.day, 2)}    ${pad(w.hour, 2)}${pad(w.minute, 2)}${pad(w.second, 2)}`;
}

/** The instant a parsed date denotes when a blank zone means `timeZone`; null for a zone field that is neither blank nor UTC. */
export function sipDateToDateIn(parts: SipDateParts, timeZone: string): Date | null {
  const zone = parts.zone.trim().toUpperCase();
  if (zone !== '') return sipDateToDate(parts);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // Two passes find the offset in force at that wall-clock time (DST edges included).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    guess += asUtc - shown;
  }
  return new Date(guess);
}
