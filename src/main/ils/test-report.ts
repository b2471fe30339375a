// What a connection test found, from the raw reply lines, and the same in
// plain words for staff (English and Traditional Chinese): which character
// set the replies' bytes fit, which checksum style they carry, how far the
// system's clock is from the desk's read in the configured zone, and which
// messages it supports. Detection works on bytes, so a wrong charset setting
// still yields a report (the test connection runs in tolerant mode).
import iconv from 'iconv-lite';
import type { IlsCharset, IlsTestDetected, IlsTestWarning } from '#shared/bridge/ils';
import { decodeFrame, parseSipDate, sipDateToDateIn } from '#shared/sip2';
import type { SupportedMessages } from '#shared/sip2';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function charsetOf(lines: readonly Buffer[]): IlsTestDetected['charset'] {
  const high = lines.filter((line) => line.some((b) => b >= 0x80));
  if (high.length === 0) return 'ascii-only';
  const fitsUtf8 = high.every((line) => {
    try {
      strictUtf8.decode(line);
      return true;
    } catch {
      return false;
    }
  });
  if (fitsUtf8) return 'utf-8';
  // Big5 text decodes without replacement characters; Latin-1 and CP850 bytes rarely do.
  return high.every((line) => !iconv.decode(line, 'big5').includes('\ufffd')) ? 'big5' : 'unknown-8bit';
}

function checksumOf(lines: readonly Buffer[], decode: (b: Uint8Array) => string): IlsTestDetected['checksum'] {
  let style: IlsTestDetected['checksum'] = 'undetermined';
  for (const line of lines) {
    // ASCII lines sum the same either way: only lines with 8-bit bytes tell.
    if (!line.some((b) => b >= 0x80)) continue;
    const frame = decodeFrame(line, { decode, checksum: 'tolerant' });
    if (frame.ok && frame.value.checksumStyle) {
      if (frame.value.checksumStyle === 'characters') return 'characters';
      style = 'bytes';
    }
  }
  return style;
}

function zoneOffset(dateTimeSync: string, timeZone: string, now: Date): number | null {
  const parsed = parseSipDate(dateTimeSync);
  if (!parsed.ok) return null;
  const at = sipDateToDateIn(parsed.value, timeZone);
  return at === null ? null : Math.round((at.getTime() - now.getTime()) / 60_000);
}

export interface TestFindings {
  readonly detected: IlsTestDetected;
  readonly warnings: IlsTestWarning[];
}

export function detect(lines: readonly Buffer[], configured: { charset: IlsCharset; checksumMode: 'bytes' | 'tolerant'; timeZone: string }, dateTimeSync: string, now: Date, decode: (b: Uint8Array) => string): TestFindings {
  const charset = charsetOf(lines);
  const checksum = checksumOf(lines, decode);
  const zoneOffsetMinutes = zoneOffset(dateTimeSync, configured.timeZone, now);
  const warnings: IlsTestWarning[] = [];
  const suggest: { charset?: IlsCharset; checksumMode?: 'tolerant' } = {};
  if ((charset === 'utf-8' || charset === 'big5') && charset !== configured.charset) {
    suggest.charset = charset;
    warnings.push({ code: 'CHARSET_MISMATCH', found: charset, configured: configured.charset });
  }
  if (checksum === 'characters' && configured.checksumMode !== 'tolerant') {
    suggest.checksumMode = 'tolerant';
    warnings.push({ code: 'CHECKSUM_CHARACTERS' });
  }
  // More than 10 minutes apart: a wrong zone (whole hours) or a clock that is off; both shift due dates.
  if (zoneOffsetMinutes !== null && Math.abs(zoneOffsetMinutes) > 10) warnings.push({ code: 'ZONE_MISMATCH', offsetMinutes: zoneOffsetMinutes, configured: configured.timeZone });
  return { detected: { charset, checksum, systemTime: dateTimeSync, zoneOffsetMinutes, suggest }, warnings };
}

const MESSAGE_WORDS: Record<keyof SupportedMessages, { en: string; zh: string }> = {
  patronStatusRequest: { en: 'Patron Status (23)', zh: '讀者狀態 (23)' },
  checkout: { en: 'Checkout (11)', zh: '借出 (11)' },
  checkin: { en: 'Checkin (09)', zh: '歸還 (09)' },
  blockPatron: { en: 'Block Patron (01)', zh: '停權讀者 (01)' },
  scAcsStatus: { en: 'SC/ACS Status (99)', zh: '系統狀態 (99)' },
  requestScAcsResend: { en: 'Resend (97)', zh: '重送 (97)' },
  login: { en: 'Login (93)', zh: '登入 (93)' },
  patronInformation: { en: 'Patron Information (63)', zh: '讀者資訊 (63)' },
  endPatronSession: { en: 'End Patron Session (35)', zh: '結束讀者作業 (35)' },
  feePaid: { en: 'Fee Paid (37)', zh: '繳費 (37)' },
  itemInformation: { en: 'Item Information (17)', zh: '館藏資訊 (17)' },
  itemStatusUpdate: { en: 'Item Status Update (19)', zh: '館藏狀態更新 (19)' },
  patronEnable: { en: 'Patron Enable (25)', zh: '恢復讀者權限 (25)' },
  hold: { en: 'Hold (15)', zh: '預約 (15)' },
  renew: { en: 'Renew (29)', zh: '續借 (29)' },
  renewAll: { en: 'Renew All (65)', zh: '全部續借 (65)' },
};

const CHARSET_WORDS: Record<string, { en: string; zh: string }> = {
  'utf-8': { en: 'UTF-8', zh: 'UTF-8' },
  big5: { en: 'Big5', zh: 'Big5（大五碼）' },
  latin1: { en: 'Latin-1', zh: 'Latin-1' },
  cp850: { en: 'CP850', zh: 'CP850' },
  ascii: { en: 'ASCII', zh: 'ASCII' },
};

function hours(minutes: number): string {
  const h = Math.round((Math.abs(minutes) / 60) * 10) / 10;
  return `${h}`;
}

/** The findings in plain words: one line each, in the same order in both languages. */
export function reportWords(
  detected: IlsTestDetected,
  configured: { charset: IlsCharset; checksumMode: 'bytes' | 'tolerant'; timeZone: string },
  supported: readonly (keyof SupportedMessages)[],
  all: readonly (keyof SupportedMessages)[],
): { en: string[]; 'zh-TW': string[] } {
  const en: string[] = [];
  const zh: string[] = [];
  const set = CHARSET_WORDS[configured.charset] ?? { en: configured.charset, zh: configured.charset };
  switch (detected.charset) {
    case 'ascii-only':
      en.push(`Character set: the replies held only plain ASCII, so they cannot tell; the setting stays ${set.en}.`);
      zh.push(`字元集：回應只有英數字元，無法判斷；維持設定 ${set.zh}。`);
      break;
    case 'unknown-8bit':
      en.push(`Character set: the replies are neither UTF-8 nor Big5 (perhaps Latin-1 or CP850); the setting is ${set.en}.`);
      zh.push(`字元集：回應既非 UTF-8 也非 Big5（可能是 Latin-1 或 CP850）；目前設定為 ${set.zh}。`);
      break;
    default: {
      const found = CHARSET_WORDS[detected.charset]!;
      const same = detected.charset === configured.charset;
      en.push(same ? `Character set: the system speaks ${found.en}, as set.` : `Character set: the system speaks ${found.en}, but the setting is ${set.en}: Chinese names would be garbled. Change it to ${found.en}.`);
      zh.push(same ? `字元集：系統使用 ${found.zh}，與設定相符。` : `字元集：系統使用 ${found.zh}，但設定為 ${set.zh}，中文姓名會變成亂碼。請改為 ${found.zh}。`);
    }
  }
  switch (detected.checksum) {
    case 'bytes':
      en.push('Checksums: summed over bytes, as the standard says.');
      zh.push('檢查碼：依標準以位元組計算。');
      break;
    case 'characters':
      en.push(
        configured.checksumMode === 'tolerant'
          ? 'Checksums: the system sums characters instead of bytes; tolerant mode accepts them.'
          : 'Checksums: the system sums characters instead of bytes; every reply with a Chinese name would fail. Turn on tolerant checksums.',
      );
      zh.push(configured.checksumMode === 'tolerant' ? '檢查碼：系統以字元而非位元組計算；寬容模式可接受。' : '檢查碼：系統以字元而非位元組計算，含中文姓名的回應都會失敗。請開啟寬容檢查碼。');
      break;
    default:
      en.push('Checksums: could not be told apart (no non-ASCII text in the replies).');
      zh.push('檢查碼：回應中沒有中文等非英數字元，無法判斷計算方式。');
  }
  const offset = detected.zoneOffsetMinutes;
  if (offset === null) {
    en.push(`Time zone: the system's clock (${detected.systemTime.trim() || 'none'}) could not be read; dates go out in ${configured.timeZone}.`);
    zh.push(`時區：無法讀取系統時間（${detected.systemTime.trim() || '無'}）；日期以 ${configured.timeZone} 送出。`);
  } else if (Math.abs(offset) <= 10) {
    en.push(`Time zone: the system's clock matches ${configured.timeZone}.`);
    zh.push(`時區：系統時間與 ${configured.timeZone} 相符。`);
  } else {
    const dir = offset > 0 ? 'ahead of' : 'behind';
    en.push(`Time zone: read in ${configured.timeZone}, the system's clock is ${hours(offset)} hours ${dir} the desk's: due and return dates would shift. Check the zone setting (or the system's clock).`);
    zh.push(`時區：以 ${configured.timeZone} 解讀，系統時間比本機${offset > 0 ? '快' : '慢'} ${hours(offset)} 小時，到期日與歸還時間會偏移。請檢查時區設定（或系統時鐘）。`);
  }
  const yes = supported.map((k) => MESSAGE_WORDS[k]);
  const no = all.filter((k) => !supported.includes(k) && ['checkout', 'checkin', 'patronInformation', 'itemInformation', 'feePaid', 'renew'].includes(k)).map((k) => MESSAGE_WORDS[k]);
  en.push(`Supported messages: ${yes.map((w) => w.en).join(', ') || 'none announced'}.`);
  zh.push(`支援的訊息：${yes.map((w) => w.zh).join('、') || '未宣告'}。`);
  if (no.length > 0) {
    en.push(`Not supported: ${no.map((w) => w.en).join(', ')}.`);
    zh.push(`不支援：${no.map((w) => w.zh).join('、')}。`);
  }
  return { en, 'zh-TW': zh };
}
