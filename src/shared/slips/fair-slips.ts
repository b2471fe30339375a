// Swap fair (曬書祭) paper: the reservation slip the patron brings to the
// fair's entry — its code as a Code 128 barcode (ten digits: code set C, five
// symbol characters, read by any 1D scanner) and in large type in case it must
// be typed — and the shelf label that stands by a book in the display cabinet.
// The slip shows the patron's name masked (王○明): it is handed around.
import type { FairItemRecord, FairRecord, FairReservationRecord } from '../domain/records';
import { bilingual, formatDate, formatDateTime, label } from './format';
import { barcode, cut, feed, pair, rule, text } from './model';
import type { Slip, SlipBlock, SlipLocale } from './model';
import { bigTypeFor } from './routing-label';

type Fair = Pick<FairRecord, 'title' | 'place' | 'startsOn' | 'endsOn' | 'rules'>;

/** 1234567897 → 12345 67897: easier to read out and type. */
export function groupedSlipCode(code: string): string {
  return code.length === 10 ? `${code.slice(0, 5)} ${code.slice(5)}` : code;
}

export function buildFairReservationSlip(
  fair: Fair,
  r: Pick<FairReservationRecord, 'id' | 'title' | 'shelfMark' | 'patronMasked' | 'holdUntil'>,
  locale: SlipLocale = 'zh-TW',
  utcOffsetMinutes = 480,
): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const grouped = groupedSlipCode(r.id);
  const blocks: SlipBlock[] = [
    text(bilingual('曬書祭預約單', 'Swap Fair Reservation', locale), { bold: true, align: 'center' }),
    text(fair.title, { width: 2, height: 2, bold: true, align: 'center' }),
    rule('double'),
    pair(L('地點', 'Place'), fair.place),
    pair(L('日期', 'Dates'), `${formatDate(fair.startsOn, locale)} – ${formatDate(fair.endsOn, locale)}`),
    rule(),
    text(r.title, { bold: true }),
    ...(r.shelfMark ? [pair(L('展示櫃位置', 'Cabinet'), r.shelfMark, true)] : []),
    pair(L('預約人', 'Reserved by'), r.patronMasked || '—'),
    pair(L('保留至', 'Held until'), formatDateTime(r.holdUntil, utcOffsetMinutes), true),
    rule(),
    text(L('入場請出示此預約單條碼', 'Show this barcode at the entry'), { align: 'center' }),
    barcode('code128', r.id, 100),
    text(grouped, { width: bigTypeFor(grouped, 48, 3) as 1 | 2 | 3, height: 2, bold: true, align: 'center' }),
    text(L('逾期未領取，預約自動失效。', 'Not collected in time, the reservation lapses.'), { align: 'center' }),
  ];
  if (fair.rules.trim() !== '') blocks.push(rule(), text(fair.rules.trim()));
  blocks.push(feed(1), cut());
  return { kind: 'fair-reservation', locale, title: bilingual('曬書祭預約單', 'Fair reservation slip', locale), blocks };
}

/** The label by a book in the display cabinet: where it stands, what it is, and the fair it belongs to. */
export function buildFairShelfLabel(fair: Pick<FairRecord, 'title'>, item: Pick<FairItemRecord, 'id' | 'title' | 'author' | 'shelfMark'>, locale: SlipLocale = 'zh-TW'): Slip {
  const mark = item.shelfMark || '—';
  const blocks: SlipBlock[] = [
    text(bilingual('曬書祭', 'Swap Fair', locale), { align: 'center' }),
    text(fair.title, { bold: true, align: 'center' }),
    rule('double'),
    text(mark, { width: bigTypeFor(mark, 48, 6) as 1 | 2 | 3 | 4 | 5 | 6, height: 4, bold: true, align: 'center' }),
    text(item.title, { width: 1, height: 2, bold: true, align: 'center' }),
    ...(item.author ? [text(item.author, { align: 'center' as const })] : []),
    rule(),
    text(label('請至讀者服務網預約，憑預約單入場領取。', 'Reserve on the patron portal; collect with your slip.', locale), { align: 'center' }),
    feed(1),
    cut(),
  ];
  return { kind: 'shelf-label', locale, title: bilingual('展示櫃書架標籤', 'Shelf label', locale), blocks };
}
