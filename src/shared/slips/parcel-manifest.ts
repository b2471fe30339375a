// Parcel manifest: the list that goes inside a parcel, so the receiving desk
// (and the courier's hand count) can reconcile item by item.
import type { LibraryRecord, ParcelItemKind, ParcelRecord } from '../domain/records';
import { bilingual, formatDate, label, libraryName } from './format';
import type { LibraryName } from './format';
import { cut, feed, pair, rule, text } from './model';
import { groupShortCode, shortCodeOf } from '../domain/kit/short-code';
import { codeBlocks } from './code-blocks';
import type { Slip, SlipBlock, SlipLocale } from './model';

export interface ManifestItem {
  readonly barcode: string;
  readonly title: string;
  readonly kind: ParcelItemKind;
}

export interface ParcelManifestInput {
  readonly parcelId: string;
  readonly from: LibraryName;
  readonly to: LibraryName;
  /** Local date YYYY-MM-DD. */
  readonly date: string;
  readonly items: readonly ManifestItem[];
}

const KIND_LABEL: Readonly<Record<ParcelItemKind, readonly [string, string]>> = {
  outbound: ['寄出', 'Outbound'],
  return: ['歸還', 'Return'],
  forward: ['轉送', 'Forward'],
};

export function buildParcelManifest(input: ParcelManifestInput, locale: SlipLocale = 'zh-TW'): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const kindName = (k: ParcelItemKind) => L(KIND_LABEL[k][0], KIND_LABEL[k][1]);
  const blocks: SlipBlock[] = [
    text(bilingual('包裹清單', 'Parcel Manifest', locale), { bold: true, align: 'center' }),
    rule('double'),
    pair(L('包裹', 'Parcel'), groupShortCode(shortCodeOf('parcel', input.parcelId)), true),
    pair(bilingual('寄件館', 'From', locale), `${input.from.code} ${libraryName(input.from, locale)}`),
    pair(bilingual('收件館', 'To', locale), `${input.to.code} ${libraryName(input.to, locale)}`, true),
    pair(L('日期', 'Date'), formatDate(input.date, locale)),
    rule(),
  ];
  const counts: Record<ParcelItemKind, number> = { outbound: 0, return: 0, forward: 0 };
  input.items.forEach((item, i) => {
    counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    blocks.push(pair(`${i + 1}. ${item.barcode}`, kindName(item.kind)));
    blocks.push(text(`   ${item.title}`));
  });
  if (input.items.length === 0) blocks.push(text(L('（無項目）', '(no items)'), { align: 'center' }));
  blocks.push(rule());
  for (const k of ['outbound', 'return', 'forward'] as const) {
    if (counts[k] > 0) blocks.push(pair(kindName(k), String(counts[k])));
  }
  blocks.push(
    pair(L('合計', 'Total'), L(`${input.items.length} 件`, `${input.items.length} items`), true),
    ...codeBlocks(shortCodeOf('parcel', input.parcelId), 60),
    text(input.parcelId, { align: 'center' }),
    text(L('收件館請逐件掃描核對；短少或多出請於系統回報。', 'Receiving library: scan every item; report missing or extra items in the system.')),
    feed(1),
    cut(),
  );
  return { kind: 'manifest', locale, title: bilingual('包裹清單', 'Parcel manifest', locale), blocks };
}

type Lib = Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>;

export function parcelManifestInputFromRecords(parcel: ParcelRecord, from: Lib, to: Lib, date: string): ParcelManifestInput {
  return {
    parcelId: parcel.id,
    from: { code: from.id, nameZh: from.nameZh, nameEn: from.nameEn },
    to: { code: to.id, nameZh: to.nameZh, nameEn: to.nameEn },
    date,
    items: parcel.items.map((i) => ({ barcode: i.barcode, title: i.title, kind: i.kind })),
  };
}
