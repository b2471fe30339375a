// The page a card holder opens (or prints): the QR code to show at the desk,
// and in plain words what the card allows — where, until when, how many
// items, for how long, and what a late return costs. The seed found patrons
// did not know the limits, loan periods or fines; this page tells them.
// Plain HTML and CSS, no script: it must open on any phone and print cleanly.
import QRCode from 'qrcode';
import type { LocalDate } from '#shared/domain/dates';
import type { PolicyFields } from '#shared/domain/policy';
import type { CardRecord, LibraryRecord } from '#shared/domain/records';

export interface CardPageView {
  card: CardRecord;
  cardText: string;
  libraries: ReadonlyMap<string, LibraryRecord>;
  /** The policy the holder borrows under (the host's; the consortium's for a card valid everywhere). */
  policy: PolicyFields;
  today: LocalDate;
}

/** Headers for both the card page and its not-found page: never cached, indexed or framed; nothing loads from elsewhere. */
export const CARD_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAYS_EN = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function money(amount: number, currency: string): string {
  return currency === 'TWD' ? `NT$${amount}` : `${amount} ${currency}`;
}

function libraryName(id: string, libraries: ReadonlyMap<string, LibraryRecord>): { zh: string; en: string } {
  if (id === '*') return { zh: '聯盟所有成員館', en: 'any member library of the consortium' };
  const lib = libraries.get(id);
  return lib ? { zh: lib.nameZh, en: lib.nameEn } : { zh: id, en: id };
}

function row(labelZh: string, labelEn: string, valueHtml: string): string {
  return `<div class="row"><dt>${esc(labelZh)}<span class="en">${esc(labelEn)}</span></dt><dd>${valueHtml}</dd></div>`;
}

function bilingual(zh: string, en: string): string {
  return `${esc(zh)}<span class="en">${esc(en)}</span>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Noto Sans TC","PingFang TC","Microsoft JhengHei",sans-serif;color:#111;background:#f4f4f0;line-height:1.45}
main{max-width:34rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid #ccc;border-radius:12px;padding:1rem 1.25rem}
h1{font-size:1.25rem;margin:0 0 .25rem}
h1 .en,.en{display:block;font-size:.8em;font-weight:normal;color:#444}
.holder{font-size:1.6rem;font-weight:700;margin:.75rem 0 0}
.qr{margin:1rem auto;width:100%;max-width:22rem;background:#fff}
.qr svg{display:block;width:100%;height:auto}
.notice{border-radius:8px;padding:.75rem 1rem;margin:1rem 0;font-weight:600}
.notice.stop{background:#fde8e8;border:2px solid #b91c1c;color:#7f1d1d;font-size:1.2rem}
.notice.wait{background:#fff7e0;border:2px solid #b45309;color:#78350f}
dl{margin:1rem 0 0}
.row{display:grid;grid-template-columns:9.5rem 1fr;gap:.5rem;padding:.5rem 0;border-top:1px solid #e5e5e5}
dt{font-weight:600}
dd{margin:0}
.rules{margin:1rem 0 0;padding-left:1.2rem}
.rules li{margin:.35rem 0}
.small{font-size:.85rem;color:#444}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em}
@media (max-width:30rem){.row{grid-template-columns:1fr;gap:0}}
@media print{
  body{background:#fff}
  main{max-width:none;padding:0}
  .card{border:1px solid #000;border-radius:0;page-break-inside:avoid;break-inside:avoid}
  .qr{width:6.5cm;max-width:none}
  .screen-only{display:none}
  .en,.small{color:#000}
}
`;

function htmlDocument(titleZh: string, titleEn: string, body: string): string {
  return `<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(titleZh)} · ${esc(titleEn)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>
`;
}

/** The QR code as inline SVG (error correction M: readable off a scratched phone screen, still small). */
export async function cardQrSvg(cardText: string): Promise<string> {
  const svg = await QRCode.toString(cardText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
  return svg.replace('<svg ', '<svg role="img" aria-label="借書證 QR 碼 / card QR code" ');
}

export async function renderCardPage(v: CardPageView): Promise<string> {
  const { card, policy } = v;
  const host = libraryName(card.hostLibraryId, v.libraries);
  const revoked = card.revokedAt !== null;
  const expired = !revoked && card.validUntil < v.today;
  const notYet = !revoked && !expired && card.validFrom > v.today;

  let status = '';
  if (revoked) status = `<p class="notice stop" role="alert">${bilingual('此借書證已註銷，不能再使用。請洽詢發證館。', 'This card has been revoked and can no longer be used. Please contact the library that issued it.')}</p>`;
  else if (expired) status = `<p class="notice stop" role="alert">${bilingual(`此借書證已於 ${card.validUntil} 到期，不能再使用。請向所屬館申請新證。`, `This card expired on ${card.validUntil} and can no longer be used. Ask your home library for a new one.`)}</p>`;
  else if (notYet) status = `<p class="notice wait">${bilingual(`此借書證自 ${card.validFrom} 起才能使用。`, `This card can be used from ${card.validFrom}.`)}</p>`;
  // A card that cannot be used shows no code: a screenshot of it must not look like a working card.
  const qr = revoked || expired ? '' : `<div class="qr">${await cardQrSvg(v.cardText)}</div>
<p class="small screen-only">${bilingual('借書時請在櫃台出示此 QR 碼（請將螢幕調亮）。', 'Show this QR code at the circulation desk when you borrow (turn the screen brightness up).')}</p>`;

  const origin = card.kind === 'interlibrary'
    ? row('所屬館', 'Home library', bilingual(libraryName(card.homeLibraryId ?? '', v.libraries).zh, libraryName(card.homeLibraryId ?? '', v.libraries).en))
    : row('合作單位', 'Organisation', esc(card.organisation ?? ''));
  const closedZh = policy.closedWeekdays.length ? `每週${policy.closedWeekdays.map((d) => WEEKDAYS_ZH[d]).join('、')}休館` : '';
  const closedEn = policy.closedWeekdays.length ? `closed on ${policy.closedWeekdays.map((d) => WEEKDAYS_EN[d]).join(', ')}` : '';
  const renewZh = policy.renewals > 0 ? `可續借 ${policy.renewals} 次，每次延長 ${policy.renewalDays} 天（逾期後不能續借）。` : '不能續借。';
  const renewEn = policy.renewals > 0 ? `You can renew ${policy.renewals} time${policy.renewals > 1 ? 's' : ''}, ${policy.renewalDays} days each (not once overdue).` : 'Loans cannot be renewed.';
  const fineZh = policy.finePerDay > 0
    ? `逾期歸還，每逾期一個開館日罰款 ${money(policy.finePerDay, policy.currency)}，每冊最多 ${money(policy.maxFinePerItem, policy.currency)}${closedZh ? `；休館日不計（${closedZh}）` : '；休館日不計'}。`
    : '逾期歸還不收罰款，但請準時歸還。';
  const fineEn = policy.finePerDay > 0
    ? `Late returns cost ${money(policy.finePerDay, policy.currency)} for each day the library is open after the due date, at most ${money(policy.maxFinePerItem, policy.currency)} per item; days the library is closed are not counted${closedEn ? ` (${closedEn})` : ''}.`
    : 'There is no fine for late returns, but please return items on time.';
  const anywhere = card.hostLibraryId === '*'
    ? `<li>${bilingual('各館可能另有規定，以借出館的規定為準。', 'Each library may set its own rules; those of the library you borrow from apply.')}</li>`
    : '';

  const body = `<section class="card" aria-labelledby="title">
<h1 id="title">${bilingual('南區聯盟虛擬借書證', 'Consortium virtual library card')}</h1>
<p class="holder">${esc(card.holderName)}</p>
${status}
${qr}
<dl>
${origin}
${row('可借閱館', 'Borrow at', bilingual(host.zh, host.en))}
${row('有效期間', 'Valid', `<span class="mono">${esc(card.validFrom)} – ${esc(card.validUntil)}</span>`)}
${row('借閱上限', 'Loan limit', bilingual(`同時最多 ${card.loanLimit} 冊`, `up to ${card.loanLimit} item${card.loanLimit > 1 ? 's' : ''} at a time`))}
${row('借期', 'Loan period', bilingual(`${policy.loanDays} 天`, `${policy.loanDays} days`))}
${row('證號', 'Card number', `<span class="mono">${esc(card.id)}</span>`)}
</dl>
<ul class="rules">
<li>${bilingual(`借期 ${policy.loanDays} 天，到期日若遇休館順延至下一個開館日。${renewZh}`, `Items are lent for ${policy.loanDays} days; a due date on a closed day moves to the next open day. ${renewEn}`)}</li>
<li>${bilingual(fineZh, fineEn)}</li>
<li>${bilingual('圖書請歸還至借出的圖書館。', 'Return items to the library you borrowed them from.')}</li>
${anywhere}
<li>${bilingual('此借書證僅限本人使用；遺失請立即通知所屬館註銷。', 'This card is for your use only; if you lose it, tell your home library at once so it can be revoked.')}</li>
</ul>
</section>`;
  return htmlDocument('虛擬借書證', 'Library card', body);
}

export function renderCardNotFound(): string {
  return htmlDocument('找不到借書證', 'Card not found', `<section class="card">
<h1>${bilingual('找不到此借書證', 'This card could not be found')}</h1>
<p>${bilingual('連結可能不完整或已失效。請使用發證館提供的完整連結，或洽詢您的所屬館。', 'The link may be incomplete or no longer valid. Use the full link your library gave you, or ask your home library.')}</p>
</section>`);
}
