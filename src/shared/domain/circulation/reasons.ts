// The hold shelf, loans, renewals and overdue fines (滯還金).
import type { ReasonText } from '../kit/reason-text';

export const CIRCULATION_REASONS = {
  UNKNOWN_HOLD: { message: { 'zh-TW': '找不到預約 {holdId}。', en: 'Hold {holdId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  HOLD_NOT_WAITING: { message: { 'zh-TW': '預約狀態為「{state}」，不能借出。', en: 'The hold is "{state}" and cannot be checked out.' }, nextStep: { 'zh-TW': '請查看此書的申請單紀錄。', en: 'Check the item\'s request history.' } },
  HOLD_FOR_ANOTHER_PATRON: { message: { 'zh-TW': '此書是其他讀者的預約書。', en: 'This item is on hold for another patron.' }, nextStep: { 'zh-TW': '請放回預約書架。', en: 'Put it back on the hold shelf.' } },
  HOLD_NOT_EXPIRED_YET: { message: { 'zh-TW': '預約取書期限為 {pickupBy}，尚未到期。', en: 'The hold can be picked up until {pickupBy}; it has not expired.' }, nextStep: { 'zh-TW': '請留在預約書架。', en: 'Leave it on the hold shelf.' } },
  HOLD_PAST_PICKUP: { message: { 'zh-TW': '此預約書的取書期限 {pickupBy} 已過，不能借出。', en: 'The hold\'s pickup-by day {pickupBy} has passed; it cannot be checked out.' }, nextStep: { 'zh-TW': '請在預約書架辦理逾期下架；讀者仍需要可重新申請。', en: 'Expire it at the hold shelf; the patron may request the book again.' } },
  UNKNOWN_LOAN: { message: { 'zh-TW': '找不到借閱紀錄 {loanId}。', en: 'Loan {loanId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  LOAN_NOT_ACTIVE: { message: { 'zh-TW': '此借閱已歸還。', en: 'This loan has already ended.' }, nextStep: { 'zh-TW': '無需再次歸還。', en: 'Nothing to return.' } },
  RENEWAL_LIMIT: { message: { 'zh-TW': '已達續借上限 {renewals} 次。', en: 'Renewal limit reached ({renewals}).' }, nextStep: { 'zh-TW': '請於到期日前歸還。', en: 'The item must be returned by its due date.' } },
  RENEWAL_OVERDUE: { message: { 'zh-TW': '逾期圖書不能續借。', en: 'Overdue items cannot be renewed.' }, nextStep: { 'zh-TW': '請先歸還並繳清滯還金。', en: 'Return the item and pay the fine.' } },
  UNKNOWN_FINE: { message: { 'zh-TW': '找不到滯還金紀錄 {fineId}。', en: 'Fine {fineId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  FINE_NOT_OWED: { message: { 'zh-TW': '此筆滯還金狀態為「{state}」。', en: 'This fine is already "{state}".' }, nextStep: { 'zh-TW': '無需處理。', en: 'Nothing to do.' } },
  NO_HOLDS_FOR_PATRON: { message: { 'zh-TW': '{name} 在本館沒有待取的預約書。', en: '{name} has no holds waiting here.' }, nextStep: { 'zh-TW': '請確認讀者的取書館。', en: 'Check which library the patron chose for pickup.' } },
  NO_HOLD_FOR_ITEM: { message: { 'zh-TW': '圖書 {itemBarcode} 不在本館預約書架上。', en: 'Item {itemBarcode} is not on this library\'s hold shelf.' }, nextStep: { 'zh-TW': '請確認圖書，或改用收件功能。', en: 'Check the item, or use Receive.' } },
  NO_ACTIVE_LOAN: { message: { 'zh-TW': '圖書 {itemBarcode} 沒有在本館借出的紀錄。', en: 'Item {itemBarcode} is not on loan from this desk.' }, nextStep: { 'zh-TW': '請改用收件功能，或交由主管處理。', en: 'Use Receive instead, or give it to a supervisor.' } },
  RETURN_BEFORE_LOAN: { message: { 'zh-TW': '歸還時間 {at} 早於借出時間 {startedAt}。', en: 'The return time {at} is before the loan began ({startedAt}).' }, nextStep: { 'zh-TW': '請檢查此工作站的系統時鐘，再辦理歸還。', en: 'Check this workstation\'s clock, then check the item in again.' } },
} as const satisfies Record<string, ReasonText>;
