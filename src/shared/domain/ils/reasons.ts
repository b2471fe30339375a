// What the library's own system (本館自動化系統, SIP2) answered.
import type { ReasonText } from '../kit/reason-text';

export const ILS_REASONS = {
  HOME_SYSTEM_UNKNOWN_PATRON: { message: { 'zh-TW': '本館圖書館系統查無讀者證 {card}。{screenMessage}', en: 'This library\'s own system does not know card {card}. {screenMessage}' }, nextStep: { 'zh-TW': '請先不要借出，並至本館系統確認讀者資料。', en: 'Do not lend yet; check the patron in the library system.' } },
  HOME_SYSTEM_BLOCKED: { message: { 'zh-TW': '本館圖書館系統顯示此讀者不可借閱。{screenMessage}', en: 'This library\'s own system bars the patron from borrowing. {screenMessage}' }, nextStep: { 'zh-TW': '請依本館系統的說明處理後再借出。', en: 'Resolve it in the library system before lending.' } },
  HOME_SYSTEM_WRONG_PIN: { message: { 'zh-TW': '密碼不正確。', en: 'The PIN is not correct.' }, nextStep: { 'zh-TW': '請重新輸入，或至服務櫃台辦理。', en: 'Try again, or go to the service desk.' } },
  HOME_SYSTEM_PIN_UNCHECKED: { message: { 'zh-TW': '圖書館系統暫時無法連線，無法核對密碼。', en: 'The library system cannot be reached, so the PIN cannot be checked.' }, nextStep: { 'zh-TW': '請至服務櫃台辦理。', en: 'Please go to the service desk.' } },
  ILS_REFUSED: { message: { 'zh-TW': '本館系統拒絕{operationZh}圖書 {itemBarcode}：「{screenMessage}」', en: 'The library system refused to {operationEn} item {itemBarcode}: "{screenMessage}"' }, nextStep: { 'zh-TW': '請在本館系統中手動處理此筆，再按「已處理」。', en: 'Handle it by hand in the library system, then mark it resolved.' } },
} as const satisfies Record<string, ReasonText>;
