// Every word the desk UI shows, in Traditional Chinese (the default) and
// English. Reason texts come from src/shared/domain/reasons.ts; slips from
// src/shared/slips. Keys are checked at compile time: a missing translation
// does not build.
import type { Lang } from '../../shared/domain/reasons';

export type { Lang };
export const LANGS: readonly Lang[] = ['zh-TW', 'en'];

const STRINGS = {
  appTitle: { 'zh-TW': '館際代借代還櫃台', en: 'Relay Desk' },
  loading: { 'zh-TW': '正在開啟本機資料庫…', en: 'Opening the local replica…' },
  startFailed: { 'zh-TW': '櫃台無法啟動', en: 'The desk could not start' },
  notPaired: { 'zh-TW': '此櫃台尚未與中央服務配對', en: 'This desk is not paired with the central service' },
  kioskRole: { 'zh-TW': '此裝置設定為自助借書機，請使用自助借書介面。', en: 'This device is set up as a kiosk; use the kiosk screen.' },
  language: { 'zh-TW': '語言', en: 'Language' },
  desk: { 'zh-TW': '櫃台', en: 'Desk' },
  // sync
  syncStarting: { 'zh-TW': '連線中…', en: 'Connecting…' },
  syncOnline: { 'zh-TW': '已連線', en: 'Online' },
  syncSyncing: { 'zh-TW': '同步中', en: 'Syncing' },
  syncOffline: { 'zh-TW': '離線（自 {time} 起）', en: 'Offline since {time}' },
  syncError: { 'zh-TW': '同步錯誤：{message}', en: 'Sync error: {message}' },
  unsent: { 'zh-TW': '未送出 {n} 筆', en: '{n} unsent' },
  lastSync: { 'zh-TW': '上次同步 {time}', en: 'Last sync {time}' },
  neverSynced: { 'zh-TW': '尚未同步', en: 'Not synced yet' },
  clockWarning: { 'zh-TW': '本機時鐘與伺服器相差 {minutes} 分鐘，到期日與滯還金可能有誤，請校正時鐘。', en: 'This desk\'s clock is {minutes} min off the service\'s: due dates and fines may be wrong. Fix the clock.' },
  firstSync: { 'zh-TW': '首次下載資料：{received} / {total} 筆', en: 'First download: {received} / {total} records' },
  firstSyncUnknown: { 'zh-TW': '首次下載資料：{received} 筆', en: 'First download: {received} records' },
  offlineNote: { 'zh-TW': '離線時仍可作業，恢復連線後自動送出。', en: 'Keep working: everything is sent when the service is back.' },
  // tabs
  tabDispatch: { 'zh-TW': '派送', en: 'Dispatch' },
  tabReceive: { 'zh-TW': '收件', en: 'Receive' },
  tabHolds: { 'zh-TW': '預約架', en: 'Hold shelf' },
  tabReturns: { 'zh-TW': '還書', en: 'Returns' },
  tabPickup: { 'zh-TW': '取書', en: 'Pickup' },
  tabAttention: { 'zh-TW': '待處理', en: 'Needs attention' },
  tabSettings: { 'zh-TW': '設定', en: 'Settings' },
  shortcutsHint: { 'zh-TW': '快速鍵：F1–F7 或 Alt+1–7 切換頁面', en: 'Shortcuts: F1–F7 or Alt+1–7 switch pages' },
  // scanning and results
  scanSubmit: { 'zh-TW': '送出', en: 'Enter' },
  scanItemLabel: { 'zh-TW': '掃描圖書條碼', en: 'Scan an item barcode' },
  scanPackLabel: { 'zh-TW': '掃描圖書條碼以裝箱', en: 'Scan an item to pack it' },
  scanReceiveLabel: { 'zh-TW': '掃描包裹標籤或圖書條碼', en: 'Scan a parcel label or an item' },
  scanReturnLabel: { 'zh-TW': '掃描歸還圖書條碼', en: 'Scan the returned item' },
  scanPickupLabel: { 'zh-TW': '掃描讀者證，再掃描圖書', en: 'Scan the patron card, then the items' },
  scanHoldLabel: { 'zh-TW': '掃描圖書以查詢預約架位', en: 'Scan an item to find its hold' },
  scanHint: { 'zh-TW': '掃描器或鍵盤輸入後按 Enter', en: 'Scanner or keyboard, then Enter' },
  rfidArrived: { 'zh-TW': 'RFID 感應到 {n} 件圖書', en: 'RFID pad: {n} items' },
  resultReady: { 'zh-TW': '準備掃描', en: 'Ready to scan' },
  stateOk: { 'zh-TW': '完成', en: 'Done' },
  stateRoute: { 'zh-TW': '轉送他館', en: 'Route elsewhere' },
  stateProblem: { 'zh-TW': '需要處理', en: 'Problem' },
  nextStep: { 'zh-TW': '下一步', en: 'Next step' },
  // common
  select: { 'zh-TW': '選取', en: 'Select' },
  selectAll: { 'zh-TW': '全選', en: 'Select all' },
  item: { 'zh-TW': '圖書', en: 'Item' },
  title: { 'zh-TW': '書名', en: 'Title' },
  barcode: { 'zh-TW': '條碼', en: 'Barcode' },
  callNumber: { 'zh-TW': '索書號', en: 'Call number' },
  location: { 'zh-TW': '館藏地', en: 'Location' },
  neededBy: { 'zh-TW': '需要日期', en: 'Needed by' },
  none: { 'zh-TW': '無', en: 'None' },
  items: { 'zh-TW': '{n} 件', en: '{n} items' },
  cancel: { 'zh-TW': '取消', en: 'Cancel' },
  confirm: { 'zh-TW': '確定', en: 'Confirm' },
  printed: { 'zh-TW': '已送印', en: 'Sent to printer' },
  printFailed: { 'zh-TW': '列印失敗：{message}', en: 'Printing failed: {message}' },
  printUnavailable: { 'zh-TW': '沒有可用的印表機連線', en: 'No printer connection' },
  // dispatch
  pickList: { 'zh-TW': '待調閱清單', en: 'Pick list' },
  pickListEmpty: { 'zh-TW': '沒有待調閱的申請。', en: 'Nothing to pull.' },
  forLibrary: { 'zh-TW': '申請館', en: 'For' },
  slipPrinted: { 'zh-TW': '已印調閱單', en: 'Slip printed' },
  printPullSelected: { 'zh-TW': '列印所選調閱單（{n}）', en: 'Print selected pull slips ({n})' },
  printPullAll: { 'zh-TW': '列印全部未印調閱單（{n}）', en: 'Print all unprinted pull slips ({n})' },
  pullSlipsDone: { 'zh-TW': '已列印 {n} 張調閱單', en: '{n} pull slips printed' },
  cannotSupply: { 'zh-TW': '無法提供', en: 'Cannot supply' },
  cannotSupplyReason: { 'zh-TW': '無法提供的原因', en: 'Why it cannot be supplied' },
  cannotSupplyReasons: { 'zh-TW': '架上找不到|館藏遺失|館藏破損|不外借資料|其他', en: 'Not on shelf|Missing|Damaged|Not for loan|Other' },
  cannotSupplyDone: { 'zh-TW': '已回覆無法提供：{title}', en: 'Marked as cannot supply: {title}' },
  packed: { 'zh-TW': '已裝箱 → 寄往 {to}', en: 'Packed → for {to}' },
  packedDetail: { 'zh-TW': '包裹 {parcel} 內共 {n} 件', en: 'Parcel {parcel} now holds {n} items' },
  returnsToPack: { 'zh-TW': '待裝箱退回的圖書', en: 'Returns waiting to be packed' },
  outgoing: { 'zh-TW': '寄出包裹', en: 'Outgoing parcels' },
  outgoingEmpty: { 'zh-TW': '沒有未寄出的包裹。', en: 'No parcels waiting to go out.' },
  toLibrary: { 'zh-TW': '寄往 {to}', en: 'To {to}' },
  parcelState_open: { 'zh-TW': '裝箱中', en: 'Packing' },
  parcelState_sealed: { 'zh-TW': '已封箱', en: 'Sealed' },
  parcelState_in_transit: { 'zh-TW': '運送中', en: 'In transit' },
  parcelState_received: { 'zh-TW': '已收件', en: 'Received' },
  parcelState_discrepancy: { 'zh-TW': '數量不符', en: 'Discrepancy' },
  kind_outbound: { 'zh-TW': '寄出', en: 'Outbound' },
  kind_return: { 'zh-TW': '歸還', en: 'Return' },
  kind_forward: { 'zh-TW': '轉送', en: 'Forward' },
  unpack: { 'zh-TW': '取出', en: 'Unpack' },
  unpacked: { 'zh-TW': '已從包裹取出 {barcode}', en: 'Took {barcode} out of the parcel' },
  seal: { 'zh-TW': '封箱', en: 'Seal' },
  sealed: { 'zh-TW': '包裹 {parcel} 已封箱', en: 'Parcel {parcel} sealed' },
  courier: { 'zh-TW': '物流業者', en: 'Courier' },
  tracking: { 'zh-TW': '追蹤號碼（可掃描）', en: 'Tracking number (scannable)' },
  dispatch: { 'zh-TW': '交寄', en: 'Dispatch' },
  dispatched: { 'zh-TW': '包裹 {parcel} 已交寄 {courier}', en: 'Parcel {parcel} handed to {courier}' },
  printLabel: { 'zh-TW': '列印轉送標籤', en: 'Print routing label' },
  printManifest: { 'zh-TW': '列印包裹清單', en: 'Print manifest' },
  // receive
  expected: { 'zh-TW': '預期到館包裹', en: 'Expected parcels' },
  expectedEmpty: { 'zh-TW': '沒有運送中的包裹。', en: 'No parcels on their way.' },
  fromLibrary: { 'zh-TW': '來自 {from}', en: 'From {from}' },
  openParcel: { 'zh-TW': '開始收件', en: 'Receive this parcel' },
  receiving: { 'zh-TW': '收件中：{parcel}（來自 {from}）', en: 'Receiving {parcel} (from {from})' },
  noParcel: { 'zh-TW': '未選包裹：掃描包裹標籤，或直接掃描單件圖書', en: 'No parcel: scan its label, or scan loose items' },
  parcelOpened: { 'zh-TW': '包裹 {parcel}：{n} 件，請逐件掃描', en: 'Parcel {parcel}: {n} items, scan each one' },
  manifest: { 'zh-TW': '包裹清單', en: 'Manifest' },
  receivedMark: { 'zh-TW': '已收', en: 'Received' },
  notYet: { 'zh-TW': '未收', en: 'Not yet' },
  receivedCount: { 'zh-TW': '已收 {n} / {total}', en: '{n} of {total} received' },
  extras: { 'zh-TW': '清單外圖書', en: 'Items not on the manifest' },
  routeHoldShelf: { 'zh-TW': '預約架 {spot}', en: 'Hold shelf {spot}' },
  routeHoldDetail: { 'zh-TW': '讀者 {patron}・取書期限 {pickupBy}', en: 'For {patron}, pick up by {pickupBy}' },
  routeHome: { 'zh-TW': '歸架 {callNumber}', en: 'Reshelve {callNumber}' },
  routeHomeDetail: { 'zh-TW': '本館館藏，已歸還完成', en: 'Our own item, back home' },
  routeForward: { 'zh-TW': '轉寄 {to}', en: 'Forward to {to}' },
  routeForwardDetail: { 'zh-TW': '已放入寄往 {to} 的包裹 {parcel}', en: 'Packed into parcel {parcel} for {to}' },
  routeRecorded: { 'zh-TW': '已記錄收件', en: 'Receipt recorded' },
  parts: { 'zh-TW': '共 {n} 件，請確認配件齊全', en: '{n} parts: check they are all there' },
  closeParcel: { 'zh-TW': '完成收件', en: 'Close parcel' },
  closeMissingConfirm: { 'zh-TW': '尚有 {n} 件未收到：{list}。確定結束收件並記錄短少？', en: '{n} items not received: {list}. Close and record them as missing?' },
  parcelClosed: { 'zh-TW': '包裹 {parcel} 收件完成', en: 'Parcel {parcel} closed' },
  parcelClosedMissing: { 'zh-TW': '包裹 {parcel} 短少 {n} 件，已通知雙方', en: 'Parcel {parcel}: {n} missing, both libraries notified' },
  routed: { 'zh-TW': '本次收件', en: 'Routed this session' },
  // hold shelf
  shelfExpired: { 'zh-TW': '已逾期未取', en: 'Expired' },
  shelfExpiring: { 'zh-TW': '即將到期（2 天內）', en: 'Expiring soon (2 days)' },
  shelfWaiting: { 'zh-TW': '待取', en: 'Waiting' },
  shelfEmpty: { 'zh-TW': '（無）', en: '(none)' },
  spot: { 'zh-TW': '架位', en: 'Spot' },
  patron: { 'zh-TW': '讀者', en: 'Patron' },
  pickupBy: { 'zh-TW': '取書期限', en: 'Pick up by' },
  expireSelected: { 'zh-TW': '所選退回原館（{n}）', en: 'Send selected back ({n})' },
  expireAll: { 'zh-TW': '全部逾期退回原館（{n}）', en: 'Send all expired back ({n})' },
  expiredDone: { 'zh-TW': '{n} 件已下架並放入退回包裹', en: '{n} taken off the shelf and packed to go back' },
  holdFound: { 'zh-TW': '預約架 {spot}', en: 'Hold shelf {spot}' },
  holdNotFound: { 'zh-TW': '{barcode} 不在本館預約架上', en: '{barcode} is not on this hold shelf' },
  printHoldSlip: { 'zh-TW': '列印預約單', en: 'Print hold slip' },
  // returns
  returned: { 'zh-TW': '已歸還：{title}', en: 'Returned: {title}' },
  noFine: { 'zh-TW': '無逾期', en: 'On time' },
  fine: { 'zh-TW': '逾期 {days} 天，滯還金 NT${amount}', en: '{days} days late, fine NT${amount}' },
  returnTo: { 'zh-TW': '放入寄回 {to} 的包裹', en: 'Goes into the return parcel to {to}' },
  returnHome: { 'zh-TW': '本館館藏，請歸架', en: 'Our own item: reshelve it' },
  printReceipt: { 'zh-TW': '列印收據', en: 'Print receipt' },
  returnsToday: { 'zh-TW': '本次還書', en: 'Returned this session' },
  // pickup
  patronPanel: { 'zh-TW': '讀者資料', en: 'Patron' },
  noPatron: { 'zh-TW': '請先掃描讀者證', en: 'Scan a patron card first' },
  card: { 'zh-TW': '讀者證', en: 'Card' },
  loansOf: { 'zh-TW': '借閱 {n} / {limit} 冊', en: '{n} of {limit} items out' },
  finesOwed: { 'zh-TW': '未繳滯還金 NT${amount}', en: 'Fines owed NT${amount}' },
  blocks: { 'zh-TW': '借閱限制', en: 'Blocks' },
  status_active: { 'zh-TW': '有效', en: 'Active' },
  status_expired: { 'zh-TW': '已過期', en: 'Expired' },
  status_barred: { 'zh-TW': '停權', en: 'Barred' },
  block_lost_item: { 'zh-TW': '遺失圖書', en: 'Lost item' },
  block_fines: { 'zh-TW': '滯還金', en: 'Fines' },
  block_manual: { 'zh-TW': '館員設定', en: 'Set by staff' },
  block_expired_card: { 'zh-TW': '證件過期', en: 'Expired card' },
  waitingHolds: { 'zh-TW': '待取預約書', en: 'Holds waiting here' },
  noWaitingHolds: { 'zh-TW': '此讀者在本館沒有待取預約書。', en: 'No holds waiting here for this patron.' },
  checkout: { 'zh-TW': '借出', en: 'Check out' },
  checkedOut: { 'zh-TW': '已借出：{title}', en: 'Checked out: {title}' },
  dueOn: { 'zh-TW': '到期日 {date}（借閱 {n} / {limit}）', en: 'Due {date} ({n} of {limit} out)' },
  patronFound: { 'zh-TW': '讀者 {name}：{n} 件待取', en: 'Patron {name}: {n} holds waiting' },
  pickupNotHeldNext: { 'zh-TW': '請確認圖書條碼；若是另一位讀者，請先掃描其讀者證。', en: 'Check the barcode; for another patron, scan their card first.' },
  endVisit: { 'zh-TW': '結束此讀者', en: 'Done with this patron' },
  checkedOutNow: { 'zh-TW': '本次借出', en: 'Checked out this visit' },
  activeLoans: { 'zh-TW': '目前借閱', en: 'On loan' },
  renew: { 'zh-TW': '續借', en: 'Renew' },
  renewed: { 'zh-TW': '已續借，新到期日 {date}', en: 'Renewed, now due {date}' },
  due: { 'zh-TW': '到期', en: 'Due' },
  // needs attention
  attentionEmpty: { 'zh-TW': '目前沒有待處理事項。', en: 'Nothing needs attention.' },
  exception: { 'zh-TW': '伺服器退回的動作', en: 'Refused by the service' },
  discrepancy: { 'zh-TW': '包裹數量不符', en: 'Parcel discrepancy' },
  missing: { 'zh-TW': '短少', en: 'Missing' },
  event: { 'zh-TW': '動作', en: 'Action' },
  at: { 'zh-TW': '時間', en: 'When' },
  // settings
  settings: { 'zh-TW': '設定', en: 'Settings' },
  deskInfo: { 'zh-TW': '櫃台資訊', en: 'This desk' },
  library: { 'zh-TW': '館別', en: 'Library' },
  deviceId: { 'zh-TW': '裝置代碼', en: 'Device id' },
  service: { 'zh-TW': '中央服務', en: 'Central service' },
  simulate: { 'zh-TW': '模擬設備', en: 'Simulated devices' },
  devices: { 'zh-TW': '周邊設備', en: 'Devices' },
  noDevices: { 'zh-TW': '沒有設定任何設備。', en: 'No devices configured.' },
  devState_connected: { 'zh-TW': '已連線', en: 'Connected' },
  devState_connecting: { 'zh-TW': '連線中', en: 'Connecting' },
  devState_disconnected: { 'zh-TW': '未連線', en: 'Disconnected' },
  devState_error: { 'zh-TW': '錯誤', en: 'Error' },
  repair: { 'zh-TW': '修復本機資料庫', en: 'Repair replica' },
  repairExplain: { 'zh-TW': '重新從中央服務下載全部資料。尚未送出的 {n} 筆動作會保留並在之後送出。', en: 'Download everything again from the service. The {n} unsent actions are kept and sent afterwards.' },
  repairConfirm: { 'zh-TW': '確定要修復本機資料庫嗎？', en: 'Repair the local replica now?' },
  repairing: { 'zh-TW': '修復中…', en: 'Repairing…' },
  repaired: { 'zh-TW': '修復完成，保留 {n} 筆未送出動作', en: 'Repaired; {n} unsent actions kept' },
  repairFailed: { 'zh-TW': '修復失敗：{message}', en: 'Repair failed: {message}' },
  printJobs: { 'zh-TW': '列印工作', en: 'Print jobs' },
  bridgeDown: { 'zh-TW': '無法連線到本機設備服務：{message}', en: 'Cannot reach the device bridge: {message}' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

/** State and role names the rules put into reason texts ({state}, {role}), in words. */
const PARAM_WORDS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  new: { 'zh-TW': '新申請', en: 'new' },
  pull_slip_printed: { 'zh-TW': '已印調閱單', en: 'pull slip printed' },
  awaiting_shipping: { 'zh-TW': '待寄出', en: 'awaiting shipping' },
  shipped: { 'zh-TW': '已寄出', en: 'shipped' },
  return_in_transit: { 'zh-TW': '退回運送中', en: 'return in transit' },
  complete: { 'zh-TW': '已完成', en: 'complete' },
  cannot_supply: { 'zh-TW': '無法提供', en: 'cannot supply' },
  cancelled: { 'zh-TW': '已取消', en: 'cancelled' },
  lost: { 'zh-TW': '遺失', en: 'lost' },
  sent: { 'zh-TW': '已送出申請', en: 'sent' },
  expect_to_supply: { 'zh-TW': '借出館處理中', en: 'lender expects to supply' },
  received: { 'zh-TW': '已收件', en: 'received' },
  on_hold_shelf: { 'zh-TW': '在預約架上', en: 'on the hold shelf' },
  checked_out: { 'zh-TW': '已借出', en: 'checked out' },
  awaiting_return_shipping: { 'zh-TW': '待寄回', en: 'awaiting return shipping' },
  shipped_back: { 'zh-TW': '已寄回', en: 'shipped back' },
  unfilled: { 'zh-TW': '未能提供', en: 'unfilled' },
  waiting: { 'zh-TW': '待取', en: 'waiting' },
  picked_up: { 'zh-TW': '已取書', en: 'picked up' },
  expired: { 'zh-TW': '已逾期', en: 'expired' },
  open: { 'zh-TW': '裝箱中', en: 'being packed' },
  sealed: { 'zh-TW': '已封箱', en: 'sealed' },
  in_transit: { 'zh-TW': '運送中', en: 'in transit' },
  discrepancy: { 'zh-TW': '數量不符', en: 'discrepancy' },
  owed: { 'zh-TW': '未繳', en: 'owed' },
  paid: { 'zh-TW': '已繳', en: 'paid' },
  waived: { 'zh-TW': '已免除', en: 'waived' },
  lender: { 'zh-TW': '借出館', en: 'lender' },
  borrower: { 'zh-TW': '申請館', en: 'borrower' },
  'pickup library': { 'zh-TW': '取書館', en: 'pickup library' },
  'lender or borrower': { 'zh-TW': '借出館或申請館', en: 'lender or borrower' },
};

/** Reason parameters with state and role codes put into words (other values unchanged). */
export function localizeParams<P extends Readonly<Record<string, string | number>>>(params: P, lang: Lang): P {
  const out: Record<string, string | number> = { ...params };
  for (const key of ['state', 'role']) {
    const v = out[key];
    const words = typeof v === 'string' ? PARAM_WORDS[v] : undefined;
    if (words) out[key] = words[lang];
  }
  return out as P;
}

export type MsgKey = keyof typeof STRINGS;
export type Params = Readonly<Record<string, string | number>>;

export function translate(lang: Lang, key: MsgKey, params: Params = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (_m, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function isMsgKey(key: string): key is MsgKey {
  return Object.prototype.hasOwnProperty.call(STRINGS, key);
}

/** Key for a dynamic suffix (state names and the like), falling back to the raw value. */
export function translateDynamic(lang: Lang, prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return isMsgKey(key) ? translate(lang, key) : value;
}
