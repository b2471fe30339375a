// Words for the desk's receiving guards, repeat-scan notices, the bridge
// state in the header and the page landmarks (issue 17). Kept apart from
// i18n.ts so two engineers adding words do not edit one table; i18n.ts
// spreads this table into its own, so keys are checked the same way.
import type { Lang } from '#shared/domain/reasons';

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
  hostLinkUp: { 'zh-TW': '裝置主程式已連線', en: 'Device host connected' },
  hostLinkDown: { 'zh-TW': '裝置主程式未連線：無法列印，掃描器與 RFID 無法使用（仍可用鍵盤輸入條碼）。正在重試…', en: 'Device host not connected: no printing, no scanner or RFID (typing barcodes still works). Retrying…' },
  hostLinkRefused: { 'zh-TW': '裝置主程式已重新啟動，此頁的通行碼已失效。請開啟櫃台程式最新印出的網址。', en: 'The device host restarted and this page\'s token is no longer valid. Open the URL the desk host printed last.' },
  printNoHost: { 'zh-TW': '裝置主程式未連線', en: 'the device host is not connected' },
  printTimeout: { 'zh-TW': '印表機沒有回應', en: 'the printer did not answer' },
  printFailedAlert: { 'zh-TW': '列印失敗（{time}）：{message}。請確認印表機與裝置主程式後重印。', en: 'Printing failed ({time}): {message}. Check the printer and the device host, then print again.' },
  dismissPrintFailure: { 'zh-TW': '知道了', en: 'Dismiss' },
  hostRefusedTitle: { 'zh-TW': '此頁無法連上櫃台主程式', en: 'This page cannot reach the desk host' },
  hostRefusedWhat: { 'zh-TW': '櫃台主程式可能已重新啟動，舊網址的通行碼已失效。請回到執行 npm run start:web 的終端機，開啟它最新印出的網址；在櫃台電腦上則請重新開啟櫃台程式。', en: 'The desk host has probably restarted, so the old URL\'s token no longer works. Go to the terminal running npm run start:web and open the URL it printed last; on a desk PC, restart the desk app.' },
  deskHeading: { 'zh-TW': '{tab}（{library}）', en: '{tab} ({library})' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
