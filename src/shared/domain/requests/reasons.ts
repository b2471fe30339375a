// Refusals about borrow-return requests (調閱單).
import type { ReasonText } from '../kit/reason-text';

export const REQUEST_REASONS = {
  SAME_LIBRARY: { message: { 'zh-TW': '借出館與申請館相同。', en: 'The lending and borrowing library are the same.' }, nextStep: { 'zh-TW': '本館館藏請直接借閱。', en: 'Lend your own items directly.' } },
  UNKNOWN_REQUEST: { message: { 'zh-TW': '找不到申請單 {requestId}。', en: 'Request {requestId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再掃描。', en: 'Sync and scan again.' } },
  NOT_A_PARTY: { message: { 'zh-TW': '本館不是此申請單的{role}。', en: 'This library is not the {role} of this request.' }, nextStep: { 'zh-TW': '請確認掃描的圖書或申請單。', en: 'Check the item or slip you scanned.' } },
  INVALID_TRANSITION: { message: { 'zh-TW': '申請單狀態為「{state}」，無法執行此動作。', en: 'The request is "{state}"; this action is not possible now.' }, nextStep: { 'zh-TW': '請查看申請單紀錄。', en: 'Look at the request history to see what happened.' } },
  ITEM_MISMATCH: { message: { 'zh-TW': '掃描的圖書 {scanned} 與申請單的圖書 {expected} 不符。', en: 'Scanned item {scanned} does not match the requested item {expected}.' }, nextStep: { 'zh-TW': '請取正確的圖書再掃描。', en: 'Fetch the right item and scan again.' } },
  NO_REQUEST_FOR_ITEM: { message: { 'zh-TW': '圖書 {itemBarcode} 不在本館待寄送清單中。', en: 'Item {itemBarcode} is not on this library\'s list to ship.' }, nextStep: { 'zh-TW': '請核對調書單，放回書架或交由主管處理。', en: 'Check the pull slip; reshelve it or give it to a supervisor.' } },
  NOT_A_TITLE_REQUEST: { message: { 'zh-TW': '申請單 {requestId} 不是書目層級的申請。', en: 'Request {requestId} is not a title request.' }, nextStep: { 'zh-TW': '請查看申請單紀錄。', en: 'Look at the request history.' } },
  REVIEW_NOT_PENDING: { message: { 'zh-TW': '申請單已審核（{state}）。', en: 'The request was already reviewed ({state}).' }, nextStep: { 'zh-TW': '請同步後查看申請單紀錄。', en: 'Sync and look at the request history.' } },
  REJECT_NEEDS_REASON: { message: { 'zh-TW': '退回申請需要填寫原因。', en: 'A rejection needs a reason.' }, nextStep: { 'zh-TW': '請填寫退回原因，讀者會看到。', en: 'Type the reason; the patron will see it.' } },
  ROTA_MOVED_ON: { message: { 'zh-TW': '申請單已轉給下一個借出館。', en: 'The request has already moved on to the next lender.' }, nextStep: { 'zh-TW': '不需處理。', en: 'Nothing to do.' } },
  LENDER_NOT_LATE: { message: { 'zh-TW': '借出館才等了 {days} 個開館日（期限 {limit} 日）。', en: 'The lender has had {days} open days of {limit}.' }, nextStep: { 'zh-TW': '期限到了再轉下一館。', en: 'Skip it only when its time is up.' } },
  NOT_YET_ROUTED: { message: { 'zh-TW': '申請單尚未分派借出館。', en: 'The request has no lender yet.' }, nextStep: { 'zh-TW': '請稍候，服務會依館藏分派。', en: 'Wait: the service routes it from the union catalogue.' } },
} as const satisfies Record<string, ReasonText>;
