// Pull slip: the lending library's instruction to fetch an item from the
// stacks. Call number first and large (that is how the shelf is searched),
// then where, what, for whom and by when; the request id as a barcode so the
// next step is a scan, not typing.
import type { LibraryRecord, RequestRecord } from '../domain/records';
import { bilingual, formatDate, label, libraryName } from './format';
import type { LibraryName } from './format';
import { barcode, cut, feed, pair, rule, text } from './model';
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
  if ((input.parts ?? 1) > 1) blocks.push(pair(L('件數', 'Parts'), String(input.parts), true));
  blocks.push(
    pair(L('條碼', 'Barcode'), input.itemBarcode),
    barcode(input.itemSymbology ?? 'code128', input.itemBarcode, 50),
    rule(),
    pair(bilingual('申請館', 'For', locale), `${input.borrowingLibrary.code} ${libraryName(input.borrowingLibrary, locale)}`, true),
    pair(L('需要日期', 'Needed by'), input.neededBy ? formatDate(input.neededBy, locale) : L('未指定', 'not given')),
  );
  if (input.note) blocks.push(pair(L('備註', 'Note'), input.note));
  blocks.push(pair(L('申請編號', 'Request'), input.requestId), barcode('code128', input.requestId, 50), feed(1), cut());
  return { kind: 'pull', locale, title: bilingual('調閱單', 'Pull slip', locale), blocks };
}

export function pullSlipInputFromRecords(request: RequestRecord, borrower: Pick<LibraryRecord, 'id' | 'nameZh' | 'nameEn'>): PullSlipInput {
  return {
    requestId: request.id,
    callNumber: request.item.callNumber,
    location: request.item.location,
    title: request.item.title,
    author: request.item.author,
    itemBarcode: request.item.barcode,
    borrowingLibrary: { code: borrower.id, nameZh: borrower.nameZh, nameEn: borrower.nameEn },
    neededBy: request.neededBy,
    parts: request.item.parts,
    ...(request.note ? { note: request.note } : {}),
  };
}
