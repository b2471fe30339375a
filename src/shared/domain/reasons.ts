// Why the rules refused an action, in words staff can act on. The same table
// serves the desk (instant refusal while offline) and the service (exception
// records for events it rejects after the fact).

export type Lang = 'zh-TW' | 'en';
type Text = Readonly<Record<Lang, string>>;

interface ReasonText {
  readonly message: Text;
  readonly nextStep: Text;
}

export const REASONS = {
  INVALID_EVENT_TIME: { message: { 'zh-TW': '事件時間「{at}」無效。', en: 'The event time "{at}" is not a valid date.' }, nextStep: { 'zh-TW': '請檢查此工作站的系統時鐘。', en: 'Check this workstation\'s clock.' } },
  UNPROCESSABLE_EVENT: { message: { 'zh-TW': '系統無法處理此事件（{detail}）。', en: 'The service could not apply this event ({detail}).' }, nextStep: { 'zh-TW': '請將此項目回報聯盟系統管理者。', en: 'Report this item to the consortium\'s administrator.' } },
  UNKNOWN_LIBRARY: { message: { 'zh-TW': '找不到館別 {libraryId}。', en: 'Library {libraryId} is not in the directory.' }, nextStep: { 'zh-TW': '請確認館別代碼，或請聯盟管理者新增。', en: 'Check the library code, or ask the consortium administrator to add it.' } },
  LIBRARY_INACTIVE: { message: { 'zh-TW': '{libraryId} 目前未參與代借代還。', en: '{libraryId} does not currently take part in borrow-return.' }, nextStep: { 'zh-TW': '請改向其他館申請。', en: 'Request the item from another library.' } },
  SAME_LIBRARY: { message: { 'zh-TW': '借出館與申請館相同。', en: 'The lending and borrowing library are the same.' }, nextStep: { 'zh-TW': '本館館藏請直接借閱。', en: 'Lend your own items directly.' } },
  UNKNOWN_PATRON: { message: { 'zh-TW': '找不到讀者 {patronId}。', en: 'Patron {patronId} is unknown.' }, nextStep: { 'zh-TW': '請確認讀者證號，或同步後再試。', en: 'Check the card number, or sync and try again.' } },
  PATRON_NOT_OF_LIBRARY: { message: { 'zh-TW': '讀者不屬於 {libraryId}。', en: 'The patron is not registered at {libraryId}.' }, nextStep: { 'zh-TW': '請讀者向所屬館申請。', en: 'The patron must request through their own library.' } },
  PATRON_EXPIRED: { message: { 'zh-TW': '讀者證已於 {expiresOn} 到期。', en: 'The library card expired on {expiresOn}.' }, nextStep: { 'zh-TW': '請讀者至櫃台辦理續證。', en: 'Ask the patron to renew their card at the desk.' } },
  PATRON_BARRED: { message: { 'zh-TW': '讀者目前停權。', en: 'The patron is barred from borrowing.' }, nextStep: { 'zh-TW': '請讀者洽詢櫃台。', en: 'Refer the patron to a supervisor.' } },
  PATRON_BLOCKED: { message: { 'zh-TW': '讀者有借閱限制：{block}。', en: 'The patron has a block: {block}.' }, nextStep: { 'zh-TW': '解除限制後再借出。', en: 'Clear the block before lending.' } },
  LOAN_LIMIT_REACHED: { message: { 'zh-TW': '已達借閱上限 {limit} 冊（目前借閱 {count} 冊）。', en: 'Loan limit reached: {count} of {limit} items out.' }, nextStep: { 'zh-TW': '請讀者先歸還圖書。', en: 'The patron must return an item first.' } },
  FINES_OVER_LIMIT: { message: { 'zh-TW': '滯還金 {owed} 元超過上限 {threshold} 元。', en: 'Fines owed ({owed}) exceed the limit of {threshold}.' }, nextStep: { 'zh-TW': '請讀者先繳清滯還金。', en: 'The patron must pay the fines first.' } },
  DUPLICATE_ID: { message: { 'zh-TW': '紀錄 {id} 已存在。', en: 'Record {id} already exists.' }, nextStep: { 'zh-TW': '此動作已完成，無需重做。', en: 'The action was already recorded; nothing to redo.' } },
  UNKNOWN_REQUEST: { message: { 'zh-TW': '找不到申請單 {requestId}。', en: 'Request {requestId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再掃描。', en: 'Sync and scan again.' } },
  NOT_A_PARTY: { message: { 'zh-TW': '本館不是此申請單的{role}。', en: 'This library is not the {role} of this request.' }, nextStep: { 'zh-TW': '請確認掃描的圖書或申請單。', en: 'Check the item or slip you scanned.' } },
  INVALID_TRANSITION: { message: { 'zh-TW': '申請單狀態為「{state}」，無法執行此動作。', en: 'The request is "{state}"; this action is not possible now.' }, nextStep: { 'zh-TW': '請查看申請單紀錄。', en: 'Look at the request history to see what happened.' } },
  ITEM_MISMATCH: { message: { 'zh-TW': '掃描的圖書 {scanned} 與申請單的圖書 {expected} 不符。', en: 'Scanned item {scanned} does not match the requested item {expected}.' }, nextStep: { 'zh-TW': '請取正確的圖書再掃描。', en: 'Fetch the right item and scan again.' } },
  ITEM_ALREADY_PACKED: { message: { 'zh-TW': '圖書 {itemBarcode} 已在包裹 {parcelId} 中。', en: 'Item {itemBarcode} is already in parcel {parcelId}.' }, nextStep: { 'zh-TW': '無需重複裝箱。', en: 'No need to pack it again.' } },
  UNKNOWN_PARCEL: { message: { 'zh-TW': '找不到包裹 {parcelId}。', en: 'Parcel {parcelId} is unknown.' }, nextStep: { 'zh-TW': '請掃描包裹標籤或從預期包裹中選取。', en: 'Scan the parcel label or pick it from the expected parcels.' } },
  PARCEL_NOT_YOURS: { message: { 'zh-TW': '包裹 {parcelId} 不屬於本館。', en: 'Parcel {parcelId} does not belong to this library.' }, nextStep: { 'zh-TW': '請確認包裹標籤上的館別。', en: 'Check the library codes on the parcel label.' } },
  PARCEL_STATE: { message: { 'zh-TW': '包裹狀態為「{state}」，無法執行此動作。', en: 'The parcel is "{state}"; this action is not possible now.' }, nextStep: { 'zh-TW': '請查看包裹狀態。', en: 'Check the parcel\'s state.' } },
  PARCEL_WRONG_DESTINATION: { message: { 'zh-TW': '此書應寄往 {expected}，但包裹寄往 {actual}。', en: 'This item goes to {expected}, but the parcel goes to {actual}.' }, nextStep: { 'zh-TW': '請放入寄往 {expected} 的包裹。', en: 'Put it in the parcel for {expected}.' } },
  PARCEL_EMPTY: { message: { 'zh-TW': '包裹是空的。', en: 'The parcel is empty.' }, nextStep: { 'zh-TW': '請先裝入圖書再封箱。', en: 'Pack items before sealing.' } },
  ITEM_NOT_IN_PARCEL: { message: { 'zh-TW': '圖書 {itemBarcode} 不在包裹 {parcelId} 中。', en: 'Item {itemBarcode} is not in parcel {parcelId}.' }, nextStep: { 'zh-TW': '請確認圖書條碼。', en: 'Check the item barcode.' } },
  ITEM_NOT_EXPECTED: { message: { 'zh-TW': '圖書 {itemBarcode} 沒有進行中的代借代還申請。', en: 'Item {itemBarcode} has no open borrow-return request.' }, nextStep: { 'zh-TW': '請放置待處理區，並聯絡擁有館。', en: 'Set it aside and contact the owning library.' } },
  AMBIGUOUS_ITEM: { message: { 'zh-TW': '條碼 {itemBarcode} 對應多館館藏。', en: 'Barcode {itemBarcode} matches items of several libraries.' }, nextStep: { 'zh-TW': '請從包裹中收件，或以 RFID 讀取擁有館。', en: 'Receive it from its parcel, or read the owner from its RFID tag.' } },
  UNKNOWN_HOLD: { message: { 'zh-TW': '找不到預約 {holdId}。', en: 'Hold {holdId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  HOLD_NOT_WAITING: { message: { 'zh-TW': '預約狀態為「{state}」，不能借出。', en: 'The hold is "{state}" and cannot be checked out.' }, nextStep: { 'zh-TW': '請查看此書的申請單紀錄。', en: 'Check the item\'s request history.' } },
  HOLD_FOR_ANOTHER_PATRON: { message: { 'zh-TW': '此書是其他讀者的預約書。', en: 'This item is on hold for another patron.' }, nextStep: { 'zh-TW': '請放回預約書架。', en: 'Put it back on the hold shelf.' } },
  HOLD_NOT_EXPIRED_YET: { message: { 'zh-TW': '預約取書期限為 {pickupBy}，尚未到期。', en: 'The hold can be picked up until {pickupBy}; it has not expired.' }, nextStep: { 'zh-TW': '請留在預約書架。', en: 'Leave it on the hold shelf.' } },
  UNKNOWN_LOAN: { message: { 'zh-TW': '找不到借閱紀錄 {loanId}。', en: 'Loan {loanId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  LOAN_NOT_ACTIVE: { message: { 'zh-TW': '此借閱已歸還。', en: 'This loan has already ended.' }, nextStep: { 'zh-TW': '無需再次歸還。', en: 'Nothing to return.' } },
  RENEWAL_LIMIT: { message: { 'zh-TW': '已達續借上限 {renewals} 次。', en: 'Renewal limit reached ({renewals}).' }, nextStep: { 'zh-TW': '請於到期日前歸還。', en: 'The item must be returned by its due date.' } },
  RENEWAL_OVERDUE: { message: { 'zh-TW': '逾期圖書不能續借。', en: 'Overdue items cannot be renewed.' }, nextStep: { 'zh-TW': '請先歸還並繳清滯還金。', en: 'Return the item and pay the fine.' } },
  UNKNOWN_FINE: { message: { 'zh-TW': '找不到滯還金紀錄 {fineId}。', en: 'Fine {fineId} is unknown.' }, nextStep: { 'zh-TW': '請同步後再試。', en: 'Sync and try again.' } },
  FINE_NOT_OWED: { message: { 'zh-TW': '此筆滯還金狀態為「{state}」。', en: 'This fine is already "{state}".' }, nextStep: { 'zh-TW': '無需處理。', en: 'Nothing to do.' } },
  // desk-side refusals: the scan did not match anything the desk can act on (nothing is recorded)
  INVALID_BARCODE: { message: { 'zh-TW': '條碼「{code}」無效：{detail}。', en: 'Barcode "{code}" is not valid: {detail}.' }, nextStep: { 'zh-TW': '請重新掃描，或手動輸入條碼。', en: 'Scan again, or type the barcode.' } },
  NO_REQUEST_FOR_ITEM: { message: { 'zh-TW': '圖書 {itemBarcode} 不在本館待寄送清單中。', en: 'Item {itemBarcode} is not on this library\'s list to ship.' }, nextStep: { 'zh-TW': '請核對調書單，放回書架或交由主管處理。', en: 'Check the pull slip; reshelve it or give it to a supervisor.' } },
  UNKNOWN_CARD: { message: { 'zh-TW': '找不到讀者證 {card}。', en: 'No patron has card {card}.' }, nextStep: { 'zh-TW': '請確認證號，或同步後再試。', en: 'Check the card number, or sync and try again.' } },
  NO_HOLDS_FOR_PATRON: { message: { 'zh-TW': '{name} 在本館沒有待取的預約書。', en: '{name} has no holds waiting here.' }, nextStep: { 'zh-TW': '請確認讀者的取書館。', en: 'Check which library the patron chose for pickup.' } },
  INVALID_COURIER: { message: { 'zh-TW': '物流業者名稱「{courier}」無效（須為 1–80 字）。', en: 'Courier name "{courier}" is not valid (1–80 characters).' }, nextStep: { 'zh-TW': '請選擇或輸入物流業者。', en: 'Choose or type the courier.' } },
  HOME_SYSTEM_UNKNOWN_PATRON: { message: { 'zh-TW': '本館圖書館系統查無讀者證 {card}。{screenMessage}', en: 'This library\'s own system does not know card {card}. {screenMessage}' }, nextStep: { 'zh-TW': '請先不要借出，並至本館系統確認讀者資料。', en: 'Do not lend yet; check the patron in the library system.' } },
  HOME_SYSTEM_BLOCKED: { message: { 'zh-TW': '本館圖書館系統顯示此讀者不可借閱。{screenMessage}', en: 'This library\'s own system bars the patron from borrowing. {screenMessage}' }, nextStep: { 'zh-TW': '請依本館系統的說明處理後再借出。', en: 'Resolve it in the library system before lending.' } },
  HOME_SYSTEM_WRONG_PIN: { message: { 'zh-TW': '密碼不正確。', en: 'The PIN is not correct.' }, nextStep: { 'zh-TW': '請重新輸入，或至服務櫃台辦理。', en: 'Try again, or go to the service desk.' } },
  HOME_SYSTEM_PIN_UNCHECKED: { message: { 'zh-TW': '圖書館系統暫時無法連線，無法核對密碼。', en: 'The library system cannot be reached, so the PIN cannot be checked.' }, nextStep: { 'zh-TW': '請至服務櫃台辦理。', en: 'Please go to the service desk.' } },
  NO_HOLD_FOR_ITEM: { message: { 'zh-TW': '圖書 {itemBarcode} 不在本館預約書架上。', en: 'Item {itemBarcode} is not on this library\'s hold shelf.' }, nextStep: { 'zh-TW': '請確認圖書，或改用收件功能。', en: 'Check the item, or use Receive.' } },
  NO_ACTIVE_LOAN: { message: { 'zh-TW': '圖書 {itemBarcode} 沒有在本館借出的紀錄。', en: 'Item {itemBarcode} is not on loan from this desk.' }, nextStep: { 'zh-TW': '請改用收件功能，或交由主管處理。', en: 'Use Receive instead, or give it to a supervisor.' } },
  NOT_EXPECTED_PARCEL: { message: { 'zh-TW': '包裹 {parcelId} 不是寄給本館的包裹。', en: 'Parcel {parcelId} is not addressed to this library.' }, nextStep: { 'zh-TW': '請確認包裹標籤，或改寄正確的館。', en: 'Check the label, or send it on to the right library.' } },
  STORAGE_FAILED: { message: { 'zh-TW': '無法儲存在本機（{detail}）。', en: 'Could not save on this desk ({detail}).' }, nextStep: { 'zh-TW': '動作未記錄，請再試一次；持續發生請使用「修復資料庫」。', en: 'Nothing was recorded; try again. If it keeps happening, use "Repair replica".' } },
  ILS_REFUSED: { message: { 'zh-TW': '本館系統拒絕{operationZh}圖書 {itemBarcode}：「{screenMessage}」', en: 'The library system refused to {operationEn} item {itemBarcode}: "{screenMessage}"' }, nextStep: { 'zh-TW': '請在本館系統中手動處理此筆，再按「已處理」。', en: 'Handle it by hand in the library system, then mark it resolved.' } },
  UNKNOWN_EXCEPTION: { message: { 'zh-TW': '找不到待處理事項 {exceptionId}。', en: 'No exception {exceptionId} on this desk.' }, nextStep: { 'zh-TW': '請重新整理待處理清單。', en: 'Refresh the needs-attention list.' } },
  EXCEPTION_NOT_YOURS: { message: { 'zh-TW': '待處理事項 {exceptionId} 屬於其他櫃台或圖書館。', en: 'Exception {exceptionId} belongs to another desk or library.' }, nextStep: { 'zh-TW': '請由原櫃台處理。', en: 'Resolve it at the desk that raised it.' } },
  // virtual library cards (visitor loans, issuing, revocation, signing keys)
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
  NOT_FOR_THIS_DEVICE: { message: { 'zh-TW': '此裝置（{role}）不能辦理「{type}」。', en: 'This device ({role}) cannot record "{type}".' }, nextStep: { 'zh-TW': '請至館員櫃台辦理；沒有任何資料被記錄。', en: 'Do it at a staff desk; nothing was recorded.' } },
  SERVICE_ONLY: { message: { 'zh-TW': '「{type}」只能由聯盟服務建立。', en: '"{type}" can only be made by the consortium service.' }, nextStep: { 'zh-TW': '請透過發證功能或聯盟管理者辦理。', en: 'Use the card-issuing function or ask the consortium administrator.' } },
  ITEM_ALREADY_ON_LOAN: { message: { 'zh-TW': '圖書 {itemBarcode} 已在本館借出中。', en: 'Item {itemBarcode} is already on loan from this library.' }, nextStep: { 'zh-TW': '請先辦理歸還，再借給此讀者。', en: 'Check it in first, then lend it to this holder.' } },
  ITEM_IN_RELAY: { message: { 'zh-TW': '圖書 {itemBarcode} 正在代借代還流程中（申請單 {requestId}）。', en: 'Item {itemBarcode} is part of a borrow-return request ({requestId}).' }, nextStep: { 'zh-TW': '請勿借給訪客，依申請單處理此書。', en: 'Do not lend it to a visitor; handle it for its request.' } },
} as const satisfies Record<string, ReasonText>;

export type ReasonCode = keyof typeof REASONS;
export type ReasonParams = Readonly<Record<string, string | number>>;

function fill(template: string, params: ReasonParams): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function describeReason(code: ReasonCode, params: ReasonParams, lang: Lang): { message: string; nextStep: string } {
  const r = REASONS[code];
  return { message: fill(r.message[lang], params), nextStep: fill(r.nextStep[lang], params) };
}
