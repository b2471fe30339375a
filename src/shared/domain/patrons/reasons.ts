// Whether a patron may borrow, and finding a patron by card.
import type { ReasonText } from '../kit/reason-text';

export const PATRON_REASONS = {
  UNKNOWN_PATRON: { message: { 'zh-TW': '找不到讀者 {patronId}。', en: 'Patron {patronId} is unknown.' }, nextStep: { 'zh-TW': '請確認讀者證號，或同步後再試。', en: 'Check the card number, or sync and try again.' } },
  PATRON_NOT_OF_LIBRARY: { message: { 'zh-TW': '讀者不屬於 {libraryId}。', en: 'The patron is not registered at {libraryId}.' }, nextStep: { 'zh-TW': '請讀者向所屬館申請。', en: 'The patron must request through their own library.' } },
  PATRON_EXPIRED: { message: { 'zh-TW': '讀者證已於 {expiresOn} 到期。', en: 'The library card expired on {expiresOn}.' }, nextStep: { 'zh-TW': '請讀者至櫃台辦理續證。', en: 'Ask the patron to renew their card at the desk.' } },
  PATRON_BARRED: { message: { 'zh-TW': '讀者目前停權。', en: 'The patron is barred from borrowing.' }, nextStep: { 'zh-TW': '請讀者洽詢櫃台。', en: 'Refer the patron to a supervisor.' } },
  PATRON_BLOCKED: { message: { 'zh-TW': '讀者有借閱限制：{block}。', en: 'The patron has a block: {block}.' }, nextStep: { 'zh-TW': '解除限制後再借出。', en: 'Clear the block before lending.' } },
  LOAN_LIMIT_REACHED: { message: { 'zh-TW': '已達借閱上限 {limit} 冊（目前借閱 {count} 冊）。', en: 'Loan limit reached: {count} of {limit} items out.' }, nextStep: { 'zh-TW': '請讀者先歸還圖書。', en: 'The patron must return an item first.' } },
  FINES_OVER_LIMIT: { message: { 'zh-TW': '滯還金 {owed} 元超過上限 {threshold} 元。', en: 'Fines owed ({owed}) exceed the limit of {threshold}.' }, nextStep: { 'zh-TW': '請讀者先繳清滯還金。', en: 'The patron must pay the fines first.' } },
  UNKNOWN_CARD: { message: { 'zh-TW': '找不到讀者證 {card}。', en: 'No patron has card {card}.' }, nextStep: { 'zh-TW': '請確認證號，或同步後再試。', en: 'Check the card number, or sync and try again.' } },
} as const satisfies Record<string, ReasonText>;
