// Why a card was refused, in words staff at a desk (and patrons at a kiosk)
// can act on, in zh-TW and English. Same shape as domain/reasons.ts so the UI
// shows both kinds of refusal alike.
import type { Lang } from '../domain/reasons';

type Text = Readonly<Record<Lang, string>>;

interface CardErrorText {
  readonly message: Text;
  readonly nextStep: Text;
}

export const CARD_ERRORS = {
  UNREADABLE: {
    message: { 'zh-TW': '這個 QR 碼不是聯盟的虛擬借書證。', en: 'This QR code is not a consortium library card.' },
    nextStep: { 'zh-TW': '請讀者在手機上開啟借書證的 QR 碼再掃描一次（螢幕調亮、避免反光）。', en: 'Ask the patron to open the card\'s QR code on their phone and scan again (screen bright, no glare).' },
  },
  UNSUPPORTED_VERSION: {
    message: { 'zh-TW': '此借書證是較新的格式（第 {version} 版），本櫃台的軟體還無法讀取。', en: 'This card uses a newer format (version {version}) that this desk\'s software cannot read yet.' },
    nextStep: { 'zh-TW': '請更新本櫃台的軟體；在那之前請以讀者的證件查詢後人工處理。', en: 'Update this desk\'s software; until then, look the patron up by their ID and handle it by hand.' },
  },
  MALFORMED: {
    message: { 'zh-TW': '借書證的 QR 碼內容不完整或已損毀。', en: 'The card\'s QR code is incomplete or damaged.' },
    nextStep: { 'zh-TW': '請讀者在 App 中重新開啟借書證後再掃描；仍然失敗請向發證單位重新申請。', en: 'Ask the patron to reopen the card in the app and scan again; if it still fails, they should ask the issuer for a new card.' },
  },
  UNKNOWN_KEY: {
    message: { 'zh-TW': '本櫃台不認得此借書證的簽章金鑰（{keyId}）。', en: 'This desk does not know the key ({keyId}) that signed this card.' },
    nextStep: { 'zh-TW': '請先同步本櫃台再掃描；仍然失敗請聯絡聯盟系統管理者。', en: 'Sync this desk and scan again; if it still fails, contact the consortium administrator.' },
  },
  BAD_SIGNATURE: {
    message: { 'zh-TW': '借書證的簽章不符，內容可能遭到竄改。', en: 'The card\'s signature does not match; its content may have been altered.' },
    nextStep: { 'zh-TW': '請勿借出。請讀者向發證館確認，必要時通報主管。', en: 'Do not lend. Ask the patron to check with the issuing library, and tell a supervisor if needed.' },
  },
  KEY_RETIRED: {
    message: { 'zh-TW': '此借書證於 {issuedAt} 以金鑰 {keyId} 簽發，但該金鑰當時不在有效期間（已停用或尚未啟用）。', en: 'This card was signed on {issuedAt} with key {keyId}, which was not in service then (retired or not yet active).' },
    nextStep: { 'zh-TW': '請勿借出。請讀者向發證館重新申請借書證。', en: 'Do not lend. Ask the patron to get a new card from the issuing library.' },
  },
  NOT_YET_VALID: {
    message: { 'zh-TW': '此借書證自 {date} 起才生效。', en: 'This card is valid from {date}.' },
    nextStep: { 'zh-TW': '請於生效日起再使用；若日期已到，請檢查本櫃台的日期設定。', en: 'It can be used from that day; if that day has come, check this desk\'s date setting.' },
  },
  EXPIRED: {
    message: { 'zh-TW': '此借書證已於 {date} 到期。', en: 'This card expired on {date}.' },
    nextStep: { 'zh-TW': '請讀者向所屬圖書館（或合作單位的窗口）申請新的借書證。', en: 'Ask the patron to get a new card from their home library (or their organisation\'s contact).' },
  },
  REVOKED: {
    message: { 'zh-TW': '此借書證已被註銷。', en: 'This card has been revoked.' },
    nextStep: { 'zh-TW': '請勿借出。請讀者洽詢發證館（可能已掛失或已換發新證）。', en: 'Do not lend. Ask the patron to contact the issuing library (the card may have been reported lost or replaced).' },
  },
  WRONG_LIBRARY: {
    message: { 'zh-TW': '此借書證限在 {hostLibraryId} 使用，不適用於本館（{libraryId}）。', en: 'This card is for use at {hostLibraryId}, not at this library ({libraryId}).' },
    nextStep: { 'zh-TW': '請讀者到 {hostLibraryId} 借閱，或向所屬館申請可在本館使用的借書證。', en: 'The patron can borrow at {hostLibraryId}, or ask their home library for a card for this library.' },
  },
  VERIFIER_UNAVAILABLE: {
    message: { 'zh-TW': '本櫃台無法驗證借書證簽章：瀏覽器未提供加密功能（須以 HTTPS 或本機網址開啟）。', en: 'This desk cannot check card signatures: the browser offers no cryptography here (open the desk over HTTPS or on this computer).' },
    nextStep: { 'zh-TW': '請聯絡系統管理者；在那之前請以讀者的證件查詢後人工處理。', en: 'Contact the system administrator; until then, look the patron up by their ID and handle it by hand.' },
  },
  DESK_CLOCK_INVALID: {
    message: { 'zh-TW': '本櫃台的日期時間無效，無法檢查借書證的效期。', en: 'This desk\'s date and time are not valid, so the card\'s dates cannot be checked.' },
    nextStep: { 'zh-TW': '請檢查此工作站的系統時鐘後再掃描。', en: 'Check this workstation\'s clock, then scan again.' },
  },
} as const satisfies Record<string, CardErrorText>;

export type CardErrorCode = keyof typeof CARD_ERRORS;
export type CardErrorParams = Readonly<Record<string, string | number>>;

function fill(template: string, params: CardErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (Object.hasOwn(params, k) ? String(params[k]) : `{${k}}`));
}

export function describeCardError(code: CardErrorCode, params: CardErrorParams, lang: Lang): { message: string; nextStep: string } {
  const t = CARD_ERRORS[code];
  return { message: fill(t.message[lang], params), nextStep: fill(t.nextStep[lang], params) };
}
