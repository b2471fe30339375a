// Every word the kiosk shows, in Traditional Chinese (the default) and
// English. A kiosk talks to patrons, not staff: refusals say what happened
// in plain words and end with "please see the desk", never with a staff
// procedure. Keys are checked at compile time.
import { describeReason, type Lang, type ReasonCode, type ReasonParams } from '#shared/domain/reasons';
import { describeCardError, type CardErrorCode, type CardErrorParams } from '#shared/cards';

export type { Lang };
type Text = Readonly<Record<Lang, string>>;

const STRINGS = {
  title: { 'zh-TW': '自助取書・還書', en: 'Self-service pickup and return' },
  loading: { 'zh-TW': '自助借書機啟動中…', en: 'The kiosk is starting…' },
  startFailed: { 'zh-TW': '自助借書機暫停服務，請洽服務台。', en: 'This kiosk is out of service. Please see the desk.' },
  notPaired: { 'zh-TW': '此自助借書機尚未設定完成，請洽服務台。', en: 'This kiosk is not set up yet. Please see the desk.' },
  language: { 'zh-TW': '語言', en: 'Language' },
  welcome: { 'zh-TW': '歡迎使用自助取書', en: 'Welcome' },
  welcomeHint: { 'zh-TW': '請將借書證放在感應區，或掃描借書證條碼', en: 'Place your library card on the pad or scan its barcode' },
  cardField: { 'zh-TW': '借書證號', en: 'Card number' },
  cardGo: { 'zh-TW': '確定', en: 'OK' },
  virtualCardHint: { 'zh-TW': '也可以掃描手機上的電子借書證 QR code', en: 'You can also scan the QR code of your virtual card' },
  startReturn: { 'zh-TW': '還書', en: 'Return books' },
  startReturnHint: { 'zh-TW': '不需借書證', en: 'No card needed' },
  offlineBanner: { 'zh-TW': '網路中斷中：預約書仍可借出（每人最多 {n} 冊），資料將於連線後送出。', en: 'Offline: holds can still be picked up (up to {n} per person); everything is sent when the network is back.' },
  offlineClosed: { 'zh-TW': '網路中斷已超過 {hours} 小時，暫停自助借書；仍可還書。', en: 'Offline for more than {hours} hours: pickups are paused; returns still work.' },
  staffNotice: { 'zh-TW': '館員請注意：{n} 筆自助借還需要處理', en: 'Staff: {n} kiosk transactions need attention' },
  // identified
  hello: { 'zh-TW': '{name} 您好', en: 'Hello, {name}' },
  loansOf: { 'zh-TW': '目前借閱 {n} / {limit} 冊', en: '{n} of {limit} items on loan' },
  finesOwed: { 'zh-TW': '未繳罰款 NT${amount}', en: 'Fines owed NT${amount}' },
  noFines: { 'zh-TW': '無未繳罰款', en: 'No fines owed' },
  yourHolds: { 'zh-TW': '您的預約書', en: 'Your holds' },
  noHolds: { 'zh-TW': '本館目前沒有您的待取預約書。', en: 'You have no holds waiting here.' },
  pickupBy: { 'zh-TW': '取書期限 {date}', en: 'Pick up by {date}' },
  parts: { 'zh-TW': '共 {n} 件', en: '{n} parts' },
  placeBooks: { 'zh-TW': '請將預約書放在感應區', en: 'Place your holds on the pad' },
  placeReturns: { 'zh-TW': '請將要歸還的書放在感應區', en: 'Place the books you are returning on the pad' },
  working: { 'zh-TW': '處理中，請勿移動書本…', en: 'Working — please do not move the books…' },
  thisVisit: { 'zh-TW': '本次借還', en: 'This visit' },
  finish: { 'zh-TW': '完成', en: 'Finish' },
  cancel: { 'zh-TW': '取消', en: 'Cancel' },
  reprint: { 'zh-TW': '補印上次收據', en: 'Reprint last receipt' },
  reprinted: { 'zh-TW': '已補印收據', en: 'Receipt reprinted' },
  // lines
  lineCheckedOut: { 'zh-TW': '已借出，到期日 {date}', en: 'Checked out, due {date}' },
  lineAlready: { 'zh-TW': '已借給您，到期日 {date}', en: 'Already on loan to you, due {date}' },
  lineReturned: { 'zh-TW': '已歸還', en: 'Returned' },
  lineReturnedFine: { 'zh-TW': '已歸還，逾期 {days} 天，罰款 NT${amount}', en: 'Returned, {days} days late, fine NT${amount}' },
  lineWaitingParts: { 'zh-TW': '此書共 {parts} 件，請將全部附件放上感應區（尚缺第 {missing} 件）', en: 'This item has {parts} parts: place all of them on the pad (missing: part {missing})' },
  staffShelving: { 'zh-TW': '館員：寄回 {library}，放入寄回包裹', en: 'Staff: goes back to {library}, into the return parcel' },
  staffShelvingUnknown: { 'zh-TW': '館員：放入寄回包裹，寄回擁有館', en: 'Staff: into the return parcel to its owning library' },
  seeDesk: { 'zh-TW': '請洽服務台。', en: 'Please see the desk.' },
  limitAfter: { 'zh-TW': '您現在借閱 {n} / {limit} 冊', en: 'You now have {n} of {limit} items' },
  // PIN
  pinTitle: { 'zh-TW': '請輸入密碼', en: 'Enter your PIN' },
  pinOk: { 'zh-TW': '確定', en: 'OK' },
  pinClear: { 'zh-TW': '清除', en: 'Clear' },
  pinChecking: { 'zh-TW': '確認中…', en: 'Checking…' },
  // blocked
  blockedTitle: { 'zh-TW': '無法在此借書', en: 'You cannot borrow here now' },
  // receipt and goodbye
  askReceipt: { 'zh-TW': '需要列印收據嗎？', en: 'Would you like a receipt?' },
  yes: { 'zh-TW': '列印', en: 'Print' },
  no: { 'zh-TW': '不用', en: 'No, thanks' },
  goodbye: { 'zh-TW': '謝謝您，再見！', en: 'Thank you, goodbye!' },
  receiptPrinted: { 'zh-TW': '請取收據', en: 'Please take your receipt' },
  receiptNone: { 'zh-TW': '未列印收據', en: 'No receipt printed' },
  receiptFailed: { 'zh-TW': '收據未能列印（{message}），請洽服務台補印。', en: 'The receipt could not be printed ({message}). The desk can print it for you.' },
  dueReminder: { 'zh-TW': '請於到期日前歸還；逾期每冊每日罰款 NT${fine}。', en: 'Please return by the due date; overdue items cost NT${fine} per item per day.' },
  hours: { 'zh-TW': '開放時間：{hours}', en: 'Opening hours: {hours}' },
  contact: { 'zh-TW': '聯絡：{contact}', en: 'Contact: {contact}' },
} as const satisfies Record<string, Text>;

export type KioskMsgKey = keyof typeof STRINGS;
export type Params = Readonly<Record<string, string | number>>;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function kt(lang: Lang, key: KioskMsgKey, params: Params = {}): string {
  return fill(STRINGS[key][lang], params);
}

/** Why the kiosk itself said no (the rules' own reasons are in src/shared/domain/reasons.ts). */
export type KioskRefusalCode =
  | 'NOT_YOUR_HOLD' | 'NOT_A_HOLD' | 'TAG_UNREADABLE' | 'OFFLINE_TOO_LONG' | 'OFFLINE_LIMIT' | 'SECURITY_FAILED'
  | 'NOT_ON_LOAN_HERE' | 'RETURN_AT_DESK' | 'NOT_RECORDED' | 'UNKNOWN_CARD' | 'VIRTUAL_CARD_VISITOR'
  | 'PIN_WRONG' | 'PIN_LOCKED' | 'PIN_UNCHECKED' | 'HOME_REFUSED' | 'CARD_ON_PAD_IN_RETURN' | 'PLACE_ON_PAD';

const KIOSK_REFUSALS: Readonly<Record<KioskRefusalCode, Text>> = {
  NOT_YOUR_HOLD: { 'zh-TW': '《{title}》是其他讀者的預約書，不能借出，請勿帶走。', en: '"{title}" is on hold for someone else and cannot be borrowed. Please leave it here.' },
  NOT_A_HOLD: { 'zh-TW': '條碼 {barcode} 不是本館待取的預約書，無法在此借出。', en: 'Item {barcode} is not a hold waiting here and cannot be borrowed at this kiosk.' },
  TAG_UNREADABLE: { 'zh-TW': '有 {n} 個標籤無法讀取，請將書本重新放好。', en: '{n} tag(s) could not be read. Please place the books again.' },
  OFFLINE_TOO_LONG: { 'zh-TW': '網路已中斷超過 {hours} 小時，暫停自助借書。', en: 'The network has been down for more than {hours} hours, so pickups are paused.' },
  OFFLINE_LIMIT: { 'zh-TW': '網路中斷期間每人最多借 {limit} 冊，《{title}》未借出。', en: 'While the network is down each person may take {limit} items; "{title}" was not checked out.' },
  SECURITY_FAILED: { 'zh-TW': '《{title}》已借出，但防盜標籤未能解除。', en: '"{title}" is checked out, but its security tag could not be released.' },
  NOT_ON_LOAN_HERE: { 'zh-TW': '條碼 {barcode} 沒有在本館借出的紀錄，無法在此歸還。', en: 'Item {barcode} is not on loan from this library and cannot be returned here.' },
  RETURN_AT_DESK: { 'zh-TW': '《{title}》請至服務台歸還。', en: 'Please return "{title}" at the desk.' },
  NOT_RECORDED: { 'zh-TW': '系統暫時無法處理《{title}》，沒有借出也沒有歸還。', en: 'The kiosk could not process "{title}": nothing was checked out or returned.' },
  UNKNOWN_CARD: { 'zh-TW': '找不到這張借書證。', en: 'This card is not known here.' },
  VIRTUAL_CARD_VISITOR: {
    'zh-TW': '{name}，您的電子借書證有效（至 {until}）。自助機只辦理本館讀者的預約書取書與還書；持電子借書證借書請至服務台。',
    en: '{name}, your virtual card is valid (until {until}). This kiosk serves pickups of this library\'s own patrons and returns; to borrow with your virtual card, please see the desk.',
  },
  PIN_WRONG: { 'zh-TW': '密碼不正確，請再試一次（還可試 {left} 次）。', en: 'Wrong PIN. Please try again ({left} tries left).' },
  PIN_LOCKED: { 'zh-TW': '密碼錯誤次數過多。', en: 'Too many wrong PINs.' },
  PIN_UNCHECKED: { 'zh-TW': '目前無法向圖書館系統確認密碼。', en: 'Your PIN cannot be checked with the library system right now.' },
  HOME_REFUSED: { 'zh-TW': '圖書館系統不允許借閱：{message}', en: 'The library system does not allow borrowing: {message}' },
  PLACE_ON_PAD: { 'zh-TW': '請將書本放在感應區，不用掃描條碼。', en: 'Put the books on the pad; there is no need to scan them.' },
  CARD_ON_PAD_IN_RETURN: { 'zh-TW': '還書不需要借書證，請將借書證取回。', en: 'No card is needed to return books; please take your card back.' },
};

/** Plain words for the rules' refusals a patron meets at a kiosk; the rest use the rules' own message. */
const PATRON_WORDS: Partial<Record<ReasonCode, Text>> = {
  PATRON_BARRED: { 'zh-TW': '您的借閱權目前暫停。', en: 'Your borrowing rights are suspended.' },
  PATRON_EXPIRED: { 'zh-TW': '您的借書證已於 {expiresOn} 到期。', en: 'Your library card expired on {expiresOn}.' },
  PATRON_BLOCKED: { 'zh-TW': '您的帳號有借閱限制：{block}。', en: 'Your account has a block: {block}.' },
  FINES_OVER_LIMIT: { 'zh-TW': '您有未繳罰款 NT${owed}，超過 NT${threshold} 時暫停借閱。', en: 'You owe NT${owed} in fines; borrowing stops above NT${threshold}.' },
  LOAN_LIMIT_REACHED: { 'zh-TW': '您已借 {count} 冊，已達借閱上限 {limit} 冊。', en: 'You have {count} items out, the limit of {limit}.' },
  HOLD_FOR_ANOTHER_PATRON: { 'zh-TW': '這本書是其他讀者的預約書，不能借出。', en: 'This book is on hold for someone else and cannot be borrowed.' },
  HOLD_NOT_WAITING: { 'zh-TW': '這本預約書目前不能借出。', en: 'This hold cannot be checked out now.' },
  UNKNOWN_HOLD: { 'zh-TW': '這本預約書的資料還沒同步到本機。', en: 'This hold has not reached the kiosk yet.' },
  STORAGE_FAILED: { 'zh-TW': '系統暫時無法儲存，沒有借出也沒有歸還。', en: 'The kiosk could not save: nothing was checked out or returned.' },
  LOAN_NOT_ACTIVE: { 'zh-TW': '這本書已經歸還過了。', en: 'This book has already been returned.' },
};

const BLOCK_WORDS: Readonly<Record<string, Text>> = {
  lost_item: { 'zh-TW': '遺失圖書未處理', en: 'a lost item' },
  fines: { 'zh-TW': '罰款未繳', en: 'unpaid fines' },
  manual: { 'zh-TW': '館員設定的限制', en: 'a block set by staff' },
  expired_card: { 'zh-TW': '借書證過期', en: 'an expired card' },
};

export function blockWords(lang: Lang, code: string): string {
  return BLOCK_WORDS[code]?.[lang] ?? code;
}

export type KioskProblem =
  | { readonly source: 'kiosk'; readonly code: KioskRefusalCode; readonly params: Params }
  | { readonly source: 'rules'; readonly code: ReasonCode; readonly params: ReasonParams }
  /** A virtual card the verifier refused: its own words (the staff next step is not for patrons; the screen adds "see the desk"). */
  | { readonly source: 'card'; readonly code: CardErrorCode; readonly params: CardErrorParams };

/** One refusal in the patron's words; `seeDesk` is always the next step. */
export function describeProblem(lang: Lang, p: KioskProblem): string {
  if (p.source === 'kiosk') return fill(KIOSK_REFUSALS[p.code][lang], p.params);
  if (p.source === 'card') return describeCardError(p.code, p.params, lang).message;
  const params = patronFacingParams(lang, p.code, p.params);
  const own = PATRON_WORDS[p.code];
  if (own) return fill(own[lang], params);
  return describeReason(p.code, params, lang).message;
}

/** The rules put the first block's note (or code) into {block}; a patron reads words, not codes. */
export function patronFacingParams(lang: Lang, code: ReasonCode, params: ReasonParams): ReasonParams {
  if (code !== 'PATRON_BLOCKED' || typeof params['block'] !== 'string') return params;
  const b = params['block'];
  return { ...params, block: BLOCK_WORDS[b] ? blockWords(lang, b) : b };
}
