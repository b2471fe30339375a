// Routing label: stuck on the outside of a parcel or tote. The destination
// code is read across a sorting room, so it is as large as the paper allows;
// nothing about any patron is on it (it travels in public).
import type { LibraryRecord, ParcelRecord } from '../domain/records';
import { bilingual, formatDate, label, libraryName } from './format';
import type { LibraryName } from './format';
import { cut, feed, magnification, pair, rule, text } from './model';
import { shortCodeOf } from '../domain/kit/short-code';
import { codeBlocks } from './code-blocks';
import type { Slip, SlipBlock, SlipLocale } from './model';

export interface RoutingLabelInput {
  readonly to: LibraryName;
  readonly from: LibraryName;
  readonly parcelId: string;
  readonly itemCount: number;
  /** Local date YYYY-MM-DD. */
  readonly date: string;
  readonly courier?: string;
  readonly trackingNumber?: string;
}

/** Largest magnification (≤ 6) at which `code` fits a 48-column line. */
export function bigTypeFor(code: string, columns = 48, max = 6): number {
  const len = Math.max(1, Array.from(code).length);
  return Math.max(1, Math.min(max, Math.floor(columns / len)));
}

export function buildRoutingLabel(input: RoutingLabelInput, locale: SlipLocale = 'zh-TW'): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const code = input.to.code;
  const size = magnification(bigTypeFor(code));
  const blocks: SlipBlock[] = [
    text(bilingual('轉送標籤', 'Routing Label', locale), { bold: true, align: 'center' }),
    rule('double'),
    text(bilingual('寄至', 'TO', locale), { align: 'center' }),
    text(code, { width: size, height: magnification(Math.max(size, 4)), bold: true, align: 'center' }),
    text(input.to.nameZh || input.to.nameEn, { width: 2, height: 2, bold: true, align: 'center' }),
    ...(input.to.nameEn && input.to.nameZh ? [text(input.to.nameEn, { align: 'center' as const })] : []),
    rule(),
    pair(bilingual('寄件館', 'FROM', locale), `${input.from.code} ${libraryName(input.from, locale)}`, true),
    pair(L('件數', 'Items'), String(input.itemCount)),
    pair(L('日期', 'Date'), formatDate(input.date, locale)),
  ];
  if (input.courier) blocks.push(pair(L('物流', 'Courier'), input.courier));
  if (input.trackingNumber) blocks.push(pair(L('追蹤號碼', 'Tracking'), input.trackingNumber));
  // The parcel's short code as a 1D barcode and in large digits: scanned at Dispatch to seal and send it, at the
  // receiving desk to open it. The long id stays on as small text for whoever has to look it up by hand.
  blocks.push(
    text(bilingual('包裹', 'Parcel', locale), { align: 'center' }),
    ...codeBlocks(shortCodeOf('parcel', input.parcelId), 80),
    text(input.parcelId, { align: 'center' }),
    feed(1),
    cut(),
  );
  return { kind: 'routing', locale, title: bilingual('轉送標籤', 'Routing label', locale), blocks };
}

type Lib = Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>;

export function routingLabelInputFromRecords(parcel: ParcelRecord, from: Lib, to: Lib, date: string): RoutingLabelInput {
  return {
    to: { code: to.id, nameZh: to.nameZh, nameEn: to.nameEn },
    from: { code: from.id, nameZh: from.nameZh, nameEn: from.nameEn },
    parcelId: parcel.id,
    itemCount: parcel.items.length,
    date,
    ...(parcel.courier ? { courier: parcel.courier } : {}),
    ...(parcel.trackingNumber ? { trackingNumber: parcel.trackingNumber } : {}),
  };
}
