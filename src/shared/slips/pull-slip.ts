// Pull slip: the lending library's instruction to fetch an item from the
// stacks. Call number first and large (that is how the shelf is searched),
// then where, what, for whom and by when; the request id as a barcode so the
// next step is a scan, not typing.
import type { LibraryRecord, RequestRecord } from '../domain/records';
import { bilingual, formatDate, label, libraryName } from './format';
import type { LibraryName } from './format';
import { barcode, cut, feed, pair, rule, text } from './model';
import { shortCodeOf } from '../domain/kit/short-code';
import { codeBlocks } from './code-blocks';
import type { Slip, SlipBlock, SlipLocale, SlipSymbology } from './model';

export interface PullSlipInput {
  readonly requestId: string;
  readonly callNumber: string;
  readonly location: string;
  readonly title: string;
  readonly author: string;
  readonly itemBarcode: string;
  readonly borrowingLibrary: LibraryName;
  /** Local date YYYY-MM-DD, or null when the request has none. */
  readonly neededBy: string | null;
  readonly note?: string;
  readonly parts?: number;
  readonly itemSymbology?: SlipSymbology;
  /** A title request not yet bound to a copy (itemBarcode ''): the copies the lender's holdings list; any one will do. */
  readonly copies?: ReadonlyArray<{ callNumber: string; location: string; barcode: string }>;
  /** A title request's edition and ISBN, when the borrower named them. */
  readonly edition?: string;
  readonly isbn?: string;
}

export function buildPullSlip(input: PullSlipInput, locale: SlipLocale = 'zh-TW'): Slip {
  const L = (zh: string, en: string) => label(zh, en, locale);
  const blocks: SlipBlock[] = [
    text(bilingual('調閱單', 'Pull Slip', locale), { bold: true, align: 'center' }),
    rule('double'),
    text(L('索書號', 'Call number')),
    text(input.callNumber || '—', { width: 2, height: 2, bold: true }),
    pair(L('館藏地', 'Location'), input.location || '—', true),
    rule(),
    text(input.title, { bold: true }),
  ];
  if (input.author) blocks.push(text(input.author));
  if (input.edition) blocks.push(pair(L('版本', 'Edition'), input.edition));
  if (input.isbn) blocks.push(pair('ISBN', input.isbn));
  if ((input.parts ?? 1) > 1) blocks.push(pair(L('件數', 'Parts'), String(input.parts), true));
  if (input.itemBarcode) blocks.push(pair(L('條碼', 'Barcode'), input.itemBarcode), barcode(input.itemSymbology ?? 'code128', input.itemBarcode, 50));
  else {
    // A title request: the lender pulls any copy; the one scanned at packing is bound to the request.
    blocks.push(text(L('任一複本皆可，裝箱時掃描所取的書', 'Any copy; scan the one you pull when packing')));
    for (const c of input.copies ?? []) blocks.push(pair(c.callNumber || '—', [c.location, c.barcode].filter(Boolean).join(' ') || '—'));
  }
  blocks.push(
    rule(),
    pair(bilingual('申請館', 'For', locale), `${input.borrowingLibrary.code} ${libraryName(input.borrowingLibrary, locale)}`, true),
    pair(L('需要日期', 'Needed by'), input.neededBy ? formatDate(input.neededBy, locale) : L('未指定', 'not given')),
  );
  if (input.note) blocks.push(pair(L('備註', 'Note'), input.note));
  // The request's short code (1D, digits only): scanned at Dispatch it packs this request's item. The long id is
  // kept as text for a search by hand.
  blocks.push(pair(L('申請編號', 'Request'), input.requestId), ...codeBlocks(shortCodeOf('request', input.requestId), 60), feed(1), cut());
  return { kind: 'pull', locale, title: bilingual('調閱單', 'Pull slip', locale), blocks };
}

export function pullSlipInputFromRecords(request: RequestRecord, borrower: Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>): PullSlipInput {
  // A title request not yet bound: this lender's copies from its rota position.
  const copies = request.item.barcode === '' ? (request.rota[request.rotaIndex]?.copies ?? []) : [];
  return {
    requestId: request.id,
    callNumber: request.item.callNumber || copies[0]?.callNumber || '',
    location: request.item.location || copies[0]?.location || '',
    title: request.item.title,
    author: request.item.author,
    itemBarcode: request.item.barcode,
    borrowingLibrary: { code: borrower.id, nameZh: borrower.nameZh, nameEn: borrower.nameEn },
    neededBy: request.neededBy,
    parts: request.item.parts,
    ...(request.note ? { note: request.note } : {}),
    ...(copies.length ? { copies: copies.map((c) => ({ callNumber: c.callNumber, location: c.location, barcode: c.barcode ?? '' })) } : {}),
    ...(request.work?.edition ? { edition: request.work.edition } : {}),
    ...(request.work?.isbn ? { isbn: request.work.isbn } : {}),
  };
}
