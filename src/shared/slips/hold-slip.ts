// Hold slip: tucked into the book on the hold shelf. The shelf spot is the
// largest thing on it (staff file and find by it); the patron is identified
// only by a masked name and the card's last digits, because the shelf is open.
import type { HoldRecord, LibraryRecord, PatronRecord } from '../domain/records';
import { bilingual, formatDate, label, libraryName } from './format';
import type { LibraryName } from './format';
import { textColumns } from './layout';
import { maskCardNumber, maskName } from './mask';
import { barcode, cut, feed, magnification, pair, rule, text } from './model';
import type { Slip, SlipBlock, SlipLocale, SlipSymbology } from './model';

export interface HoldSlipInput {
  /** The library where the hold waits. */
  readonly library: LibraryName;
  /** Full name: the builder masks it. */
  readonly patronName: string;
  /** Full card number: the builder prints only the last digits. */
  readonly cardNumber: string;
  readonly title: string;
  readonly itemBarcode: string;
  readonly shelfSpot: string;
  /** Local date YYYY-MM-DD. */
  readonly pickupBy: string;
  readonly shelvedOn?: string;
  /** Parts in the package (a book with a CD): printed when more than one. */
  readonly parts?: number;
  /** The library that owns the item. */
  readonly ownerLibrary?: LibraryName;
  readonly itemSymbology?: SlipSymbology;
}

export function buildHoldSlip(input: HoldSlipInput, locale: SlipLocale = 'zh-TW'): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const spot = input.shelfSpot.trim() || '—';
  const blocks: SlipBlock[] = [
    text(bilingual('預約取書單', 'Hold Slip', locale), { bold: true, align: 'center' }),
    text(libraryName(input.library, locale), { align: 'center' }),
    rule('double'),
    text(L('架位', 'Shelf spot'), { align: 'center' }),
    // As large as a 48-column line allows, up to 4× (a three-digit spot prints 4× wide, 4× high).
    text(spot, { width: magnification(Math.min(4, Math.floor(48 / Math.max(1, textColumns(spot))))), height: 4, bold: true, align: 'center' }),
    rule(),
    pair(L('讀者', 'Patron'), maskName(input.patronName)),
    pair(L('借書證', 'Card'), maskCardNumber(input.cardNumber)),
    text(input.title, { bold: true }),
  ];
  if ((input.parts ?? 1) > 1) blocks.push(pair(L('件數', 'Parts'), L(`共 ${input.parts} 件，請一併取走`, `${input.parts} parts, take them all`), true));
  blocks.push(pair(L('取書期限', 'Pick up by'), formatDate(input.pickupBy, locale), true));
  if (input.shelvedOn) blocks.push(pair(L('到館日', 'Arrived'), formatDate(input.shelvedOn, locale)));
  if (input.ownerLibrary) blocks.push(pair(L('館藏來源', 'Lent by'), `${input.ownerLibrary.code} ${libraryName(input.ownerLibrary, locale)}`));
  blocks.push(
    barcode(input.itemSymbology ?? 'code128', input.itemBarcode, 60),
    text(L('逾期未取將退回原館。', 'Items not picked up by this date go back to the lending library.')),
    feed(1),
    cut(),
  );
  return { kind: 'hold', locale, title: bilingual('預約取書單', 'Hold slip', locale), blocks };
}

/** The desk's records → the slip's input (the card printed is the patron's first card). */
export function holdSlipInputFromRecords(
  hold: HoldRecord,
  patron: Pick<PatronRecord, 'name' | 'cardNumbers'>,
  library: Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>,
  owner?: Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>,
): HoldSlipInput {
  return {
    library: { code: library.id, nameZh: library.nameZh, nameEn: library.nameEn },
    patronName: patron.name,
    cardNumber: patron.cardNumbers[0] ?? '',
    title: hold.title,
    itemBarcode: hold.itemBarcode,
    shelfSpot: hold.shelfSpot,
    pickupBy: hold.pickupBy,
    shelvedOn: hold.shelvedOn,
    parts: hold.parts,
    ...(owner ? { ownerLibrary: { code: owner.id, nameZh: owner.nameZh, nameEn: owner.nameEn } } : {}),
  };
}
