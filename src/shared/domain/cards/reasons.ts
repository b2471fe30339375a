// Virtual library cards (虛擬借書證): visitor loans, issuing, revocation, signing keys.
import type { ReasonText } from '../kit/reason-text';

export const CARD_REASONS = {
  CARD_UNKNOWN: { message: { 'zh-TW': '借書證 {cardId} 不是聯盟發出的借書證。', en: 'Card {cardId} was not issued by the consortium.' }, nextStep: { 'zh-TW': '請勿借出，並請讀者向所屬館確認借書證。', en: 'Do not lend; ask the holder to check the card with their home library.' } },
  CARD_REVOKED: { message: { 'zh-TW': '借書證 {cardId} 已被註銷。', en: 'Card {cardId} has been revoked.' }, nextStep: { 'zh-TW': '請勿借出。請讀者洽詢發證館（可能已掛失或已換發新證）。', en: 'Do not lend. Ask the holder to contact the issuing library (the card may have been reported lost or replaced).' } },
  CARD_EXPIRED: { message: { 'zh-TW': '借書證已於 {date} 到期。', en: 'The card expired on {date}.' }, nextStep: { 'zh-TW': '請讀者向所屬館（或合作單位窗口）申請新的借書證。', en: 'The holder needs a new card from their home library (or their organisation\'s contact).' } },
  CARD_NOT_YET_VALID: { message: { 'zh-TW': '借書證自 {date} 起才能使用。', en: 'The card can be used from {date}.' }, nextStep: { 'zh-TW': '請於生效日起再借閱；若日期已到，請檢查本櫃台的日期設定。', en: 'Lend from that day; if it has come, check this desk\'s date setting.' } },
  CARD_WRONG_LIBRARY: { message: { 'zh-TW': '此借書證限在 {hostLibraryId} 使用，不適用於本館（{libraryId}）。', en: 'This card is for use at {hostLibraryId}, not at this library ({libraryId}).' }, nextStep: { 'zh-TW': '請讀者到 {hostLibraryId} 借閱，或向所屬館申請可在本館使用的借書證。', en: 'The holder can borrow at {hostLibraryId}, or ask their home library for a card for this library.' } },
  CARD_OVER_LIMIT: { message: { 'zh-TW': '{holder} 的借書證（{cardId}）在本館借出 {count} 冊，超過上限 {limit} 冊（兩個櫃台離線時同時借出）。', en: 'Card {cardId} ({holder}) has {count} items out here, over its limit of {limit} (lent by two desks while offline).' }, nextStep: { 'zh-TW': '借閱已記錄。請聯絡讀者歸還超出的圖書，處理後按「已處理」。', en: 'The loans are recorded. Contact the holder to return the extra items, then mark this resolved.' } },
  CARD_NOT_YOURS: { message: { 'zh-TW': '借書證 {cardId} 不是本館發出的借書證。', en: 'Card {cardId} was not issued for a patron of this library.' }, nextStep: { 'zh-TW': '請由讀者所屬館或聯盟管理者註銷。', en: 'The holder\'s home library or the consortium administrator can revoke it.' } },
  CARD_INVALID: { message: { 'zh-TW': '借書證資料無效：{detail}。', en: 'The card is not valid: {detail}.' }, nextStep: { 'zh-TW': '請修正借書證資料後再發證。', en: 'Correct the card\'s details and issue it again.' } },
  UNKNOWN_CARD_KEY: { message: { 'zh-TW': '找不到簽章金鑰 {keyId}。', en: 'Signing key {keyId} is unknown.' }, nextStep: { 'zh-TW': '請聯絡聯盟系統管理者。', en: 'Contact the consortium administrator.' } },
  CARD_KEY_RETIRED: { message: { 'zh-TW': '簽章金鑰 {keyId} 已停用，不能再簽發借書證。', en: 'Signing key {keyId} is retired and cannot sign new cards.' }, nextStep: { 'zh-TW': '請以目前使用中的金鑰重新發證。', en: 'Issue the card again with the key in service.' } },
  ITEM_ALREADY_ON_LOAN: { message: { 'zh-TW': '圖書 {itemBarcode} 已在本館借出中。', en: 'Item {itemBarcode} is already on loan from this library.' }, nextStep: { 'zh-TW': '請先辦理歸還，再借給此讀者。', en: 'Check it in first, then lend it to this holder.' } },
  ITEM_IN_RELAY: { message: { 'zh-TW': '圖書 {itemBarcode} 正在代借代還流程中（申請單 {requestId}）。', en: 'Item {itemBarcode} is part of a borrow-return request ({requestId}).' }, nextStep: { 'zh-TW': '請勿借給訪客，依申請單處理此書。', en: 'Do not lend it to a visitor; handle it for its request.' } },
} as const satisfies Record<string, ReasonText>;
