// Swap fairs (曬書祭): reservations and hand-overs at the fair's entry.
import type { ReasonText } from '../kit/reason-text';

export const FAIR_REASONS = {
  FAIR_SLIP_UNKNOWN: { message: { 'zh-TW': '預約單 {slipCode} 不是本館曬書祭的預約單。', en: 'Slip {slipCode} is not a reservation for this library\'s swap fair.' }, nextStep: { 'zh-TW': '請讀者出示本館曬書祭的預約單，或在讀者服務網頁查詢預約。本櫃台離線期間新增的預約，要恢復連線後才查得到。', en: 'Ask for this library\'s fair reservation slip, or look the reservation up on the patron portal. A reservation made while this desk was offline shows once it is back online.' } },
  FAIR_SLIP_MISREAD: { message: { 'zh-TW': '預約單號 {slipCode} 檢查碼不符（掃描或輸入錯誤）。', en: 'Slip number {slipCode} fails its check digit (misread or mistyped).' }, nextStep: { 'zh-TW': '請重新掃描預約單條碼，或仔細核對號碼後再輸入。', en: 'Scan the slip\'s barcode again, or check the number and type it again.' } },
  FAIR_SLIP_LAPSED: { message: { 'zh-TW': '預約單 {slipCode}（{title}）已於 {holdUntil} 逾期失效。', en: 'Slip {slipCode} ({title}) lapsed at {holdUntil}.' }, nextStep: { 'zh-TW': '請勿交付。若書仍在展示櫃，讀者可在讀者服務網頁重新預約。', en: 'Do not hand it over. If the book is still on show, the patron may reserve it again on the portal.' } },
  FAIR_SLIP_CANCELLED: { message: { 'zh-TW': '預約單 {slipCode}（{title}）已由讀者取消。', en: 'Slip {slipCode} ({title}) was cancelled by the patron.' }, nextStep: { 'zh-TW': '請勿交付。讀者可在讀者服務網頁重新預約。', en: 'Do not hand it over. The patron may reserve it again on the portal.' } },
  FAIR_SLIP_WITHDRAWN: { message: { 'zh-TW': '預約單 {slipCode} 的圖書（{title}）已交付給先前的預約讀者。', en: 'The book on slip {slipCode} ({title}) was handed over to an earlier reservation.' }, nextStep: { 'zh-TW': '請向讀者致歉，並請讀者另選其他圖書。', en: 'Apologise to the patron and invite them to choose another book.' } },
  FAIR_NOT_OPEN: { message: { 'zh-TW': '曬書祭「{title}」於 {startsOn} 至 {endsOn} 舉行，今天（{today}）不在期間內。', en: 'The fair "{title}" runs from {startsOn} to {endsOn}; today ({today}) is outside it.' }, nextStep: { 'zh-TW': '請於曬書祭期間再交付；若日期已到，請檢查本櫃台的日期設定。', en: 'Hand over during the fair; if it has begun, check this desk\'s date setting.' } },
  FAIR_UNKNOWN: { message: { 'zh-TW': '找不到曬書祭 {fairId}。', en: 'Swap fair {fairId} does not exist.' }, nextStep: { 'zh-TW': '請確認曬書祭代號。', en: 'Check the fair\'s id.' } },
  FAIR_CLOSED: { message: { 'zh-TW': '曬書祭「{title}」已於 {endsOn} 結束。', en: 'The fair "{title}" ended on {endsOn}.' }, nextStep: { 'zh-TW': '已不能預約此曬書祭的圖書。', en: 'Its books can no longer be reserved.' } },
  FAIR_INVALID: { message: { 'zh-TW': '曬書祭資料無效：{detail}。', en: 'The fair is not valid: {detail}.' }, nextStep: { 'zh-TW': '請修正後再送出。', en: 'Correct it and send it again.' } },
  FAIR_ITEM_UNKNOWN: { message: { 'zh-TW': '曬書祭沒有這本書（{itemId}）。', en: 'The fair has no book {itemId}.' }, nextStep: { 'zh-TW': '請重新整理書單後再選。', en: 'Reload the list of books and choose again.' } },
  FAIR_ITEM_TAKEN: { message: { 'zh-TW': '「{title}」已被其他讀者預約或領取。', en: '"{title}" is already reserved or taken by another patron.' }, nextStep: { 'zh-TW': '請另選其他圖書。', en: 'Choose another book.' } },
  FAIR_PATRON_LIMIT: { message: { 'zh-TW': '每位讀者在此曬書祭最多預約 {limit} 本，您已預約 {count} 本。', en: 'Each patron may hold {limit} reservations at this fair; you hold {count}.' }, nextStep: { 'zh-TW': '領取或取消已預約的圖書後再預約。', en: 'Collect or cancel one first.' } },
} as const satisfies Record<string, ReasonText>;
