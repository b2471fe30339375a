// Reasons any feature may give: the event itself, storage on the desk, the device's role.
import type { ReasonText } from './reason-text';

export const COMMON_REASONS = {
  INVALID_EVENT_TIME: { message: { 'zh-TW': '事件時間「{at}」無效。', en: 'The event time "{at}" is not a valid date.' }, nextStep: { 'zh-TW': '請檢查此工作站的系統時鐘。', en: 'Check this workstation\'s clock.' } },
  UNPROCESSABLE_EVENT: { message: { 'zh-TW': '系統無法處理此事件（{detail}）。', en: 'The service could not apply this event ({detail}).' }, nextStep: { 'zh-TW': '請將此項目回報聯盟系統管理者。', en: 'Report this item to the consortium\'s administrator.' } },
  DUPLICATE_ID: { message: { 'zh-TW': '紀錄 {id} 已存在。', en: 'Record {id} already exists.' }, nextStep: { 'zh-TW': '此動作已完成，無需重做。', en: 'The action was already recorded; nothing to redo.' } },
  INVALID_BARCODE: { message: { 'zh-TW': '條碼「{code}」無效：{detail}。', en: 'Barcode "{code}" is not valid: {detail}.' }, nextStep: { 'zh-TW': '請重新掃描，或手動輸入條碼。', en: 'Scan again, or type the barcode.' } },
  STORAGE_FAILED: { message: { 'zh-TW': '無法儲存在本機（{detail}）。', en: 'Could not save on this desk ({detail}).' }, nextStep: { 'zh-TW': '動作未記錄，請再試一次；持續發生請使用「修復資料庫」。', en: 'Nothing was recorded; try again. If it keeps happening, use "Repair replica".' } },
  NOT_FOR_THIS_DEVICE: { message: { 'zh-TW': '此裝置（{role}）不能辦理「{type}」。', en: 'This device ({role}) cannot record "{type}".' }, nextStep: { 'zh-TW': '請至館員櫃台辦理；沒有任何資料被記錄。', en: 'Do it at a staff desk; nothing was recorded.' } },
  SERVICE_ONLY: { message: { 'zh-TW': '「{type}」只能由聯盟服務建立。', en: '"{type}" can only be made by the consortium service.' }, nextStep: { 'zh-TW': '請透過發證功能或聯盟管理者辦理。', en: 'Use the card-issuing function or ask the consortium administrator.' } },
} as const satisfies Record<string, ReasonText>;
