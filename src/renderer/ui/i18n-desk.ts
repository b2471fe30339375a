// Words for the desk's receiving guards, repeat-scan notices, the bridge
// state in the header and the page landmarks (issue 17). Kept apart from
// i18n.ts so two engineers adding words do not edit one table; i18n.ts
// spreads this table into its own, so keys are checked the same way.
import type { Lang } from '../../shared/domain/reasons';

export const DESK_WORDS = {
  confirmBack: { 'zh-TW': '返回繼續收件', en: 'Back to receiving' },
  confirmBackGeneric: { 'zh-TW': '返回', en: 'Back' },
  confirmKeyHint: { 'zh-TW': '掃描圖書即記為已收；要結束請用滑鼠或 Tab 鍵選擇紅色按鈕。', en: 'Scanning a book receives it; to go ahead, click the red button or reach it with Tab.' },
  creditedElsewhere: { 'zh-TW': '注意：此書不在本包裹清單，已記入 {from} 寄來的包裹 {parcel}', en: 'Note: this item is not on this parcel; it was credited to parcel {parcel} from {from}' },
  creditedLoose: { 'zh-TW': '已記入 {from} 寄來的包裹 {parcel}', en: 'Credited to parcel {parcel} from {from}' },
  foundLate: { 'zh-TW': '此書原記為短少（包裹 {parcel}），已改為收到，短少紀錄已清除', en: 'This item was recorded missing from parcel {parcel}; it is now received and the shortage is cleared' },
  stateRepeat: { 'zh-TW': '重複掃描', en: 'Already done' },
  repeatReceived: { 'zh-TW': '{time} 已收件', en: 'Received at {time}' },
  repeatPacked: { 'zh-TW': '{time} 已裝入包裹 {parcel}', en: 'Packed into parcel {parcel} at {time}' },
  repeatReturned: { 'zh-TW': '{time} 已歸還', en: 'Returned at {time}' },
  repeatCheckedOut: { 'zh-TW': '{time} 已借出給 {patron}', en: 'Checked out to {patron} at {time}' },
  repeatNothingToDo: { 'zh-TW': '無需再次處理。', en: 'Nothing more to do.' },
  bridgeUp: { 'zh-TW': '裝置連線正常', en: 'Devices connected' },
  bridgeDown: { 'zh-TW': '裝置主程式未連線：無法列印、無法使用掃描器與 RFID', en: 'Device host not connected: no printing, scanner or RFID' },
  printNotSent: { 'zh-TW': '列印失敗：{message}', en: 'Printing failed: {message}' },
  deskHeading: { 'zh-TW': '{tab}（{library}）', en: '{tab} ({library})' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
