// Words for a request's patron notices on the desk (issue 16: desks show
// whether the patron was notified). Spread into i18n.ts's table.
import type { Lang } from '#shared/domain/reasons';

export const NOTICE_WORDS = {
  noticesTitle: { 'zh-TW': '讀者通知', en: 'Patron notices' },
  noticesNone: { 'zh-TW': '尚未寄出任何通知', en: 'No notice yet' },
  noticesOffline: { 'zh-TW': '離線中，無法查詢通知紀錄', en: 'Offline: notices cannot be looked up' },
  noticesError: { 'zh-TW': '無法查詢通知紀錄：{message}', en: 'Notices could not be looked up: {message}' },
  noticesLoading: { 'zh-TW': '查詢中…', en: 'Looking up…' },
  noticeKind_request_received: { 'zh-TW': '已收到申請', en: 'Request received' },
  noticeKind_cannot_fill: { 'zh-TW': '無法提供', en: 'Cannot be filled' },
  noticeKind_ready_for_pickup: { 'zh-TW': '到館取書通知', en: 'Ready for pickup' },
  noticeKind_pickup_reminder: { 'zh-TW': '取書提醒', en: 'Pickup reminder' },
  noticeKind_due_soon: { 'zh-TW': '即將到期', en: 'Due soon' },
  noticeKind_overdue: { 'zh-TW': '逾期通知', en: 'Overdue' },
  noticeKind_returned: { 'zh-TW': '歸還通知', en: 'Returned' },
  noticeState_queued: { 'zh-TW': '待寄送', en: 'Queued' },
  noticeState_sent: { 'zh-TW': '已寄出 {time}', en: 'Sent {time}' },
  noticeState_failed: { 'zh-TW': '寄送失敗', en: 'Failed' },
  noticeState_skipped: { 'zh-TW': '未寄（讀者未訂閱或沒有電子郵件）', en: 'Not sent (opted out or no email)' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
