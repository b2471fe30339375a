// Packing, dispatching and receiving courier parcels.
import type { ReasonText } from '../kit/reason-text';

export const PARCEL_REASONS = {
  ITEM_ALREADY_PACKED: { message: { 'zh-TW': '圖書 {itemBarcode} 已在包裹 {parcelId} 中。', en: 'Item {itemBarcode} is already in parcel {parcelId}.' }, nextStep: { 'zh-TW': '無需重複裝箱。', en: 'No need to pack it again.' } },
  UNKNOWN_PARCEL: { message: { 'zh-TW': '找不到包裹 {parcelId}。', en: 'Parcel {parcelId} is unknown.' }, nextStep: { 'zh-TW': '請掃描包裹標籤或從預期包裹中選取。', en: 'Scan the parcel label or pick it from the expected parcels.' } },
  PARCEL_NOT_YOURS: { message: { 'zh-TW': '包裹 {parcelId} 不屬於本館。', en: 'Parcel {parcelId} does not belong to this library.' }, nextStep: { 'zh-TW': '請確認包裹標籤上的館別。', en: 'Check the library codes on the parcel label.' } },
  PARCEL_STATE: { message: { 'zh-TW': '包裹狀態為「{state}」，無法執行此動作。', en: 'The parcel is "{state}"; this action is not possible now.' }, nextStep: { 'zh-TW': '請查看包裹狀態。', en: 'Check the parcel\'s state.' } },
  PARCEL_WRONG_DESTINATION: { message: { 'zh-TW': '此書應寄往 {expected}，但包裹寄往 {actual}。', en: 'This item goes to {expected}, but the parcel goes to {actual}.' }, nextStep: { 'zh-TW': '請放入寄往 {expected} 的包裹。', en: 'Put it in the parcel for {expected}.' } },
  PARCEL_EMPTY: { message: { 'zh-TW': '包裹是空的。', en: 'The parcel is empty.' }, nextStep: { 'zh-TW': '請先裝入圖書再封箱。', en: 'Pack items before sealing.' } },
  ITEM_NOT_IN_PARCEL: { message: { 'zh-TW': '圖書 {itemBarcode} 不在包裹 {parcelId} 中。', en: 'Item {itemBarcode} is not in parcel {parcelId}.' }, nextStep: { 'zh-TW': '請確認圖書條碼。', en: 'Check the item barcode.' } },
  ITEM_NOT_EXPECTED: { message: { 'zh-TW': '圖書 {itemBarcode} 沒有進行中的代借代還申請。', en: 'Item {itemBarcode} has no open borrow-return request.' }, nextStep: { 'zh-TW': '請放置待處理區，並聯絡擁有館。', en: 'Set it aside and contact the owning library.' } },
  AMBIGUOUS_ITEM: { message: { 'zh-TW': '條碼 {itemBarcode} 對應多館館藏。', en: 'Barcode {itemBarcode} matches items of several libraries.' }, nextStep: { 'zh-TW': '請從包裹中收件，或以 RFID 讀取擁有館。', en: 'Receive it from its parcel, or read the owner from its RFID tag.' } },
  INVALID_COURIER: { message: { 'zh-TW': '物流業者名稱「{courier}」無效（須為 1–80 字）。', en: 'Courier name "{courier}" is not valid (1–80 characters).' }, nextStep: { 'zh-TW': '請選擇或輸入物流業者。', en: 'Choose or type the courier.' } },
  NOT_EXPECTED_PARCEL: { message: { 'zh-TW': '包裹 {parcelId} 不是寄給本館的包裹。', en: 'Parcel {parcelId} is not addressed to this library.' }, nextStep: { 'zh-TW': '請確認包裹標籤，或改寄正確的館。', en: 'Check the label, or send it on to the right library.' } },
} as const satisfies Record<string, ReasonText>;
