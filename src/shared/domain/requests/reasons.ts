// Refusals about borrow-return requests (調閱單).
import type { ReasonText } from '../kit/reason-text';

export const REQUEST_REASONS = {
  SAME_LIBRARY: { message: { 'zh-TW': '借出館與申請館相同。', en: 'The lending and borrowing library are the same.' }, nextStep: { 'zh-TW': '本館館藏請直接借閱。', en: 'Lend your own items directly.' } },
  UNKNOWN_REQUEST: { message: { 'zh-TW': '找不到申請單 {requestId}。', en: 'Request {requestId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再掃描。', en: 'Sync and scan again.' } },
  NOT_A_PARTY: { message: { 'zh-TW': '本館不是此申請單的{role}。', en: 'This library is not the {role} of this request.' }, nextStep: { 'zh-TW': '請確認掃描的圖書或申請單。', en: 'Check the item or slip you scanned.' } },
  INVALID_TRANSITION: { message: { 'zh-TW': '申請單狀態為「{state}」，無法執行此動作。', en: 'The request is "{state}"; this action is not possible now.' }, nextStep: { 'zh-TW': '請查看申請單紀錄。', en: 'Look at the request history to see what happened.' } },
  ITEM_MISMATCH: { message: { 'zh-TW': '掃描的圖書 {scanned} 與申請單的圖書 {expected} 不符。', en: 'Scanned item {scanned} does not match the requested item {expected}.' }, nextStep: { 'zh-TW': '請取正確的圖書再掃描。', en: 'Fetch the right item and scan again.' } },
  NO_REQUEST_FOR_ITEM: { message: { 'zh-TW': '圖書 {itemBarcode} 不在本館待寄送清單中。', en: 'Item {itemBarcode} is not on this library\'s list to ship.' }, nextStep: { 'zh-TW': '請核對調書單，放回書架或交由主管處理。', en: 'Check the pull slip; reshelve it or give it to a supervisor.' } },
} as const satisfies Record<string, ReasonText>;
