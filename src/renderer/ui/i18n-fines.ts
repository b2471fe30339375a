// Words for the fines (滯還金) panel and the hold and loan limits at Pickup. Kept apart from i18n.ts so
// engineers adding words do not edit one table; i18n.ts spreads it in.
import type { Lang } from '#shared/domain/reasons';

export const FINE_WORDS = {
  finesPanel: { 'zh-TW': '滯還金', en: 'Fines' },
  noFinesHere: { 'zh-TW': '本館沒有此讀者未繳的滯還金', en: 'No fines owed at this library' },
  fineLine: { 'zh-TW': '{title}（逾期 {days} 天）', en: '{title} ({days} days overdue)' },
  fineOtherLibraries: { 'zh-TW': '另有其他館的滯還金 NT${amount}，請讀者至該館繳納', en: 'Another NT${amount} is owed at other libraries: the patron pays it there' },
  finePay: { 'zh-TW': '收款', en: 'Take payment' },
  fineWaive: { 'zh-TW': '免收', en: 'Waive' },
  finePayConfirm: { 'zh-TW': '確認已向讀者收取滯還金 NT${amount}（{title}）？', en: 'Confirm NT${amount} was received from the patron ({title})?' },
  finePayConfirmButton: { 'zh-TW': '已收款 NT${amount}', en: 'Received NT${amount}' },
  fineWaiveConfirm: { 'zh-TW': '確認免收滯還金 NT${amount}（{title}）？原因：{reason}', en: 'Waive NT${amount} ({title})? Reason: {reason}' },
  fineWaiveConfirmButton: { 'zh-TW': '免收 NT${amount}', en: 'Waive NT${amount}' },
  fineWaiveReason: { 'zh-TW': '免收原因', en: 'Reason for waiving' },
  fineWaiveReasonHint: { 'zh-TW': '必填，例如：系統停機、讀者已於原館繳納', en: 'Required, e.g. system outage, paid at the home library' },
  finePaid: { 'zh-TW': '已收款 NT${amount}', en: 'Payment of NT${amount} recorded' },
  fineWaived: { 'zh-TW': '已免收 NT${amount}', en: 'NT${amount} waived' },
  holdPastPickup: { 'zh-TW': '已逾取書期限，不能借出：請在預約書架辦理逾期下架', en: 'Past its pickup-by day: it cannot be lent; expire it at the hold shelf' },
  fineTotalNow: { 'zh-TW': '此讀者尚欠 NT${amount}', en: 'The patron still owes NT${amount}' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
