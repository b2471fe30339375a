// Words for the short codes on pull slips and parcel labels (issue 17): what
// a scanned code did at Dispatch and Receive, and why one was refused. Kept
// apart from i18n.ts like i18n-desk.ts; i18n.ts spreads this table in.
import type { Lang } from '#shared/domain/reasons';
import type { CodeProblem } from '#desk-core/short-codes';

export const CODE_WORDS = {
  scanDispatchLabel: { 'zh-TW': '掃描圖書條碼、調閱單或包裹標籤', en: 'Scan an item, a pull slip or a parcel label' },
  scanDispatchHint: { 'zh-TW': '調閱單：裝箱；包裹標籤：封箱，已封箱則輸入貨運單號後按 Enter 寄出', en: 'Pull slip: packs it. Parcel label: seals it; once sealed, type the tracking number and press Enter to dispatch' },
  shortCode: { 'zh-TW': '編號', en: 'Code' },
  sealConfirm: { 'zh-TW': '封箱包裹 {code}（寄往 {to}，{n} 件）？封箱後不能再放入或取出圖書，收件館會看到此包裹即將寄達。', en: 'Seal parcel {code} (for {to}, {n} items)? Once sealed nothing can be packed or taken out, and the receiving library sees it coming.' },
  sealConfirmHint: { 'zh-TW': '掃描不會封箱；要封箱請用滑鼠或 Tab 鍵選擇紅色按鈕。', en: 'A scan does not seal; to seal, click the red button or reach it with Tab.' },
  sealedNext: { 'zh-TW': '包裹 {code} 已封箱：請輸入貨運單號，按 Enter 寄出', en: 'Parcel {code} is sealed: type the tracking number and press Enter to dispatch' },
  sealedAgain: { 'zh-TW': '包裹 {code} 已於 {time} 封箱', en: 'Parcel {code} was sealed at {time}' },
  sentAgain: { 'zh-TW': '包裹 {code} 已於 {time} 寄出', en: 'Parcel {code} was dispatched at {time}' },
  sentDetail: { 'zh-TW': '{courier} 貨運單號 {tracking}', en: '{courier}, tracking number {tracking}' },
  trackingScanned: { 'zh-TW': '已掃入貨運單號 {tracking}；確認物流業者後按 Enter 寄出。', en: 'Tracking number {tracking} scanned; check the courier, then press Enter to dispatch.' },
  trackingHint: { 'zh-TW': '按 Enter 寄出；Esc 回到掃描欄', en: 'Enter dispatches; Esc goes back to the scan field' },
  codeCheckDigit: { 'zh-TW': '編號 {code} 的檢查碼不符：可能打錯或掃描不完整。', en: 'The check digit of {code} does not match: mistyped or misread.' },
  codeCheckDigitNext: { 'zh-TW': '請重新掃描，或對照單據再輸入一次。', en: 'Scan it again, or type it again from the paper.' },
  codeAmbiguous: { 'zh-TW': '編號 {code} 同時對應兩筆紀錄，系統不會擅自選擇。', en: 'Code {code} matches two records; the desk will not guess which.' },
  codeAmbiguousNext: { 'zh-TW': '請改掃圖書條碼，或在清單中點選該包裹。', en: 'Scan the item barcode instead, or pick the parcel from the list.' },
  codeUnknown: { 'zh-TW': '找不到編號 {code} 的{kind}。', en: 'No {kind} with code {code} is known here.' },
  codeUnknownNext: { 'zh-TW': '請確認單據屬於本館；若剛建立，請稍候同步後再掃描。', en: 'Check the paper belongs to this library; if it is new, wait for the sync and scan again.' },
  codeWrongKind: { 'zh-TW': '這是{kind}的編號，不是包裹標籤。', en: 'This is a {kind} code, not a parcel label.' },
  codeWrongKindNext: { 'zh-TW': '請掃描包裹標籤或圖書條碼。', en: 'Scan the parcel label or an item.' },
  codeTitleNeedsCopy: { 'zh-TW': '「{title}」為不指定複本的申請：請掃描所取那一冊的條碼。', en: '"{title}" is a request for any copy: scan the barcode of the copy you pulled.' },
  codeTitleNeedsCopyNext: { 'zh-TW': '掃描的複本即為寄出的那一冊。', en: 'The copy you scan is the one that is sent.' },
  codeNotOurParcel: { 'zh-TW': '包裹 {code} 是 {from} 寄來的包裹，不是本館寄出的。', en: 'Parcel {code} comes from {from}; it is not one this library sends.' },
  codeNotOurParcelNext: { 'zh-TW': '請到「收件」頁掃描此標籤。', en: 'Scan this label on the Receive tab.' },
  codeKind_request: { 'zh-TW': '調閱單', en: 'pull slip' },
  codeKind_parcel: { 'zh-TW': '包裹', en: 'parcel' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

type CodeKey = keyof typeof CODE_WORDS;

/** The message and next step of each refusal (the screen fills in params). */
export const CODE_PROBLEM_WORDS: Readonly<Record<CodeProblem, readonly [CodeKey, CodeKey]>> = {
  check_digit: ['codeCheckDigit', 'codeCheckDigitNext'],
  ambiguous: ['codeAmbiguous', 'codeAmbiguousNext'],
  unknown: ['codeUnknown', 'codeUnknownNext'],
  wrong_kind: ['codeWrongKind', 'codeWrongKindNext'],
  title_needs_copy: ['codeTitleNeedsCopy', 'codeTitleNeedsCopyNext'],
  not_our_parcel: ['codeNotOurParcel', 'codeNotOurParcelNext'],
};
