// The portal's words in Traditional Chinese (the default) and English, in the
// terms Taiwanese libraries use (代借代還, 預約, 取書期限, 到期日, 續借,
// 逾期罰款, 借閱證, 虛擬借書證). The chosen language is kept in localStorage.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const zh = {
  app: '代借代還 讀者服務', language: 'English', languageName: '中文', signOut: '登出', loading: '載入中…', sending: '送出中…', retry: '再試一次',
  nav: { label: '主要功能', search: '查詢館藏', requests: '我的申請', account: '我的帳戶', preferences: '通知設定' },
  signIn: {
    title: '登入代借代還', intro: '用你學校圖書館的借閱證號（或帳號）與密碼登入。', school: '學校', schoolFilter: '搜尋學校', schoolPick: '請選擇學校',
    noSchool: '沒有符合的學校', account: '借閱證號／帳號', password: '密碼／PIN', submit: '登入', remembered: '我們只記住你選的學校，不會記住帳號。',
    viaSip2: '以學校圖書館系統驗證', viaPassword: '以聯盟密碼驗證', expired: '登入已逾時，請重新登入。', signedOut: '你已登出。',
    checking: '正在向你的圖書館系統確認帳號…', checkingPassword: '正在確認帳號…',
  },
  rules: {
    title: '借閱規則',
    text: '你可透過代借代還同時借 {{limit}} 冊，目前已用 {{used}} 冊；借期 {{loanDays}} 天，自書到館之日起算；到館後保留 {{pickupDays}} 天；逾期每開館日 NT${{fine}}（每冊上限 NT${{maxFine}}）；本服務免費。',
    renewals: '可續借 {{count}} 次，每次 {{days}} 天。', full: '你已達同時借閱上限，歸還或取消後才能再申請。',
  },
  search: {
    title: '查詢聯合目錄', query: '書名、作者、ISBN 或主題', field: '查詢欄位', submit: '查詢', fields: { any: '全部欄位', title: '書名', author: '作者', subject: '主題', isbn: 'ISBN', callnumber: '索書號' },
    total: '找到 {{count}} 筆', totalCapped: '找到超過 {{count}} 筆，請縮小範圍', none: '找不到符合的書。試試其他關鍵字或只查書名。', holdings: '各館可借冊數',
    copies: '{{count}} 冊可借', noCopies: '目前無可借', request: '申請代借', notRequestable: '目前沒有可借的館', more: '下一頁', prev: '上一頁', page: '第 {{page}} 頁',
    ownLibrary: '（本校）',
  },
  form: {
    title: '申請代借：{{title}}', pickup: '取書館', home: '（本校）', neededBy: '需要的日期（選填）', note: '給館員的備註（選填）', confirm: '確認送出申請', cancel: '返回查詢',
    check: '送出前請確認上方的借閱規則。', placed: '已送出申請。你可以在「我的申請」看進度。', see: '查看這筆申請', duplicate: '你已經申請過這本書。', seeExisting: '查看先前的申請',
  },
  requests: {
    title: '我的申請', none: '目前沒有申請。到「查詢館藏」找書並申請代借。', placedAt: '申請日 {{date}}', detail: '查看進度', back: '回到我的申請',
    pickup: '取書館：{{library}}', lender: '提供館：{{library}}', neededBy: '需要日期：{{date}}', note: '備註：{{note}}', notified: '已通知你（電子郵件）', notNotified: '尚未寄出通知',
    cancel: '取消申請', cancelled: '已取消這筆申請。', timeline: '進度', now: '目前', refresh: '更新進度',
  },
  step: {
    placed: '已送出申請', reviewed: '館員已審核', sent_to_lender: '已請 {{library}} 提供', sent_to_lender_unknown: '已請提供館提供', shipped: '已寄出',
    arrived: '已到館', on_hold_shelf: '可取書', checked_out: '已借出', returned: '已歸還', complete: '已完成', cancelled: '已取消', unfilled: '無法提供',
    holdDetail: '架位 {{spot}}，取書期限 {{date}}', dueDetail: '到期日 {{date}}',
    unfilledNext: '聯盟各館都無法提供這本書。你可以：向本校圖書館推薦購買、改查其他版本，或洽本校館員協助館際互借。',
  },
  confirm: { title: '確定要取消這筆申請嗎？', body: '「{{title}}」的申請取消後無法復原；若仍需要，須重新申請。', keep: '不取消，保留申請', yes: '確定取消申請', hint: '按 Esc 或「不取消」即可關閉。' },
  account: {
    title: '我的帳戶', loans: '借閱中', holds: '預約到館待取', fines: '逾期罰款', cards: '虛擬借書證', noLoans: '目前沒有借閱。', noHolds: '目前沒有待取的書。', noFines: '沒有逾期罰款。', noCards: '目前沒有虛擬借書證。',
    due: '到期日 {{date}}', overdue: '已逾期 {{count}} 天', renewalsLeft: '可再續借 {{count}} 次', renew: '續借', owner: '{{library}} 的館藏', pickupAt: '取書館 {{library}}',
    shelf: '架位 {{spot}}', pickupBy: '取書期限 {{date}}', total: '合計 NT${{amount}}', amount: 'NT${{amount}}',
    cardFor: '{{library}} 虛擬借書證', validUntil: '有效至 {{date}}', openCard: '開啟借書證頁面', qrAlt: '{{library}} 虛擬借書證的 QR Code',
    renewal: { granted: '續借成功，新的到期日 {{date}}。', refused: '無法續借：{{reason}}', pending: '已送出續借申請，待提供館回覆：{{reason}}' },
  },
  prefs: {
    title: '通知設定', email: '電子郵件', emailHint: '沒有填寫就不會寄送通知。', language: '通知語言', kinds: '要收到哪些通知', save: '儲存設定', saved: '已儲存通知設定。',
    kind: { request_received: '申請已受理', cannot_fill: '無法提供', ready_for_pickup: '書已到館可取書', pickup_reminder: '取書期限提醒', due_soon: '即將到期提醒', overdue: '逾期通知', returned: '已歸還' },
  },
  error: {
    VALIDATION_FAILED: '資料有誤，請檢查後再送出：{{message}}', NOT_SIGNED_IN: '請先登入。', SESSION_EXPIRED: '登入已逾時，請重新登入。',
    SIGN_IN_FAILED: '帳號或密碼不正確，請再試一次。', CSRF_REFUSED: '安全驗證失敗，請重新整理頁面後再試。', UNKNOWN_LIBRARY: '找不到這所學校，請重新選擇。',
    NOT_FOUND: '找不到這筆資料，可能已被移除。', DUPLICATE_REQUEST: '你已經申請過這本書，不需再申請。', LIMIT_REACHED: '你已達代借代還的同時借閱上限，歸還或取消後才能再申請。',
    CANNOT_CANCEL: '這筆申請已寄出，無法取消。書到館後你可以不取書，保留期過後會自動退回。', CANNOT_RENEW: '這本書無法續借：{{message}}',
    NO_LENDER: '目前沒有成員館能借出這本書（館藏都在借出中或不外借）。請稍後再查，或洽本校館員。',
    ACCOUNT_LOCKED: '登入失敗次數過多，帳號暫時鎖定至 {{until}}，屆時再試。', ACCOUNT_LOCKED_NO_TIME: '登入失敗次數過多，帳號暫時鎖定，請稍後再試。',
    RATE_LIMITED: '嘗試次數太多，請稍候一分鐘再試。',
    LIBRARY_SYSTEM_UNREACHABLE: '你的圖書館系統沒有回應，請稍後再試；你的帳號並未被鎖定。',
    NOT_A_MEMBER_PATRON: '你的圖書館系統確認了帳號，但學校尚未將你登記為代借代還讀者。請洽本校圖書館流通櫃台。',
    REQUEST_REFUSED: '這筆申請無法受理：{{message}}',
    NETWORK: '無法連線到服務，請檢查網路後再試。', other: '發生錯誤（{{code}}）：{{message}}',
  },
};

const en: typeof zh = {
  app: 'Borrow-return portal', language: '中文', languageName: 'English', signOut: 'Sign out', loading: 'Loading…', sending: 'Sending…', retry: 'Try again',
  nav: { label: 'Main', search: 'Search', requests: 'My requests', account: 'My account', preferences: 'Notices' },
  signIn: {
    title: 'Sign in to borrow-return (代借代還)', intro: 'Use your library card number (or account) and password from your school library.', school: 'School', schoolFilter: 'Find your school', schoolPick: 'Choose your school',
    noSchool: 'No school matches', account: 'Library card number / account', password: 'Password / PIN', submit: 'Sign in', remembered: 'We remember only the school you chose, never your account.',
    viaSip2: 'Checked by your library\'s system', viaPassword: 'Checked with your consortium password', expired: 'Your session has expired. Please sign in again.', signedOut: 'You have signed out.',
    checking: 'Checking your account with your library\'s system…', checkingPassword: 'Checking your account…',
  },
  rules: {
    title: 'Borrowing rules',
    text: 'You may have {{limit}} items at once through borrow-return (代借代還); you are using {{used}}. Loans last {{loanDays}} days, counted from the day the book arrives at your library. Books wait {{pickupDays}} days on the hold shelf. Overdue fines are NT${{fine}} per open day (at most NT${{maxFine}} per item). The service is free.',
    renewals: 'Renewals allowed: {{count}} ({{days}} days each).', full: 'You have reached the limit: return or cancel something before asking for more.',
  },
  search: {
    title: 'Search the union catalogue', query: 'Title, author, ISBN or subject', field: 'Search in', submit: 'Search', fields: { any: 'All fields', title: 'Title', author: 'Author', subject: 'Subject', isbn: 'ISBN', callnumber: 'Call number' },
    total: '{{count}} found', totalCapped: 'More than {{count}} found: narrow your search', none: 'No books match. Try other words, or search titles only.', holdings: 'Copies you can request, per library',
    copies: '{{count}} to lend', noCopies: 'none to lend now', request: 'Request', notRequestable: 'No library can lend it now', more: 'Next page', prev: 'Previous page', page: 'Page {{page}}',
    ownLibrary: ' (your school)',
  },
  form: {
    title: 'Request: {{title}}', pickup: 'Pick up at', home: ' (your school)', neededBy: 'Needed by (optional)', note: 'Note to staff (optional)', confirm: 'Confirm and send request', cancel: 'Back to search',
    check: 'Please read the borrowing rules above before sending.', placed: 'Request sent. Follow it under “My requests”.', see: 'See this request', duplicate: 'You have already requested this book.', seeExisting: 'See your earlier request',
  },
  requests: {
    title: 'My requests', none: 'No requests yet. Find a book under “Search” and request it.', placedAt: 'Requested {{date}}', detail: 'See progress', back: 'Back to my requests',
    pickup: 'Pick up at: {{library}}', lender: 'Lent by: {{library}}', neededBy: 'Needed by: {{date}}', note: 'Note: {{note}}', notified: 'We have sent you a notice (email)', notNotified: 'No notice sent yet',
    cancel: 'Cancel request', cancelled: 'The request is cancelled.', timeline: 'Progress', now: 'now', refresh: 'Refresh',
  },
  step: {
    placed: 'Request sent', reviewed: 'Checked by staff', sent_to_lender: 'Asked {{library}} to lend it', sent_to_lender_unknown: 'Asked a library to lend it', shipped: 'On its way',
    arrived: 'Arrived at your library', on_hold_shelf: 'Ready to pick up', checked_out: 'Borrowed', returned: 'Returned', complete: 'Complete', cancelled: 'Cancelled', unfilled: 'Could not be supplied',
    holdDetail: 'Shelf {{spot}}, pick up by {{date}}', dueDetail: 'Due {{date}}',
    unfilledNext: 'No library in the consortium could lend this book. You can suggest your library buy it, look for another edition, or ask your library staff about interlibrary loan (館際互借).',
  },
  confirm: { title: 'Cancel this request?', body: 'Cancelling the request for “{{title}}” cannot be undone; you would have to request it again.', keep: 'No, keep the request', yes: 'Yes, cancel the request', hint: 'Press Esc or “No” to close.' },
  account: {
    title: 'My account', loans: 'On loan', holds: 'Ready to pick up', fines: 'Overdue fines', cards: 'Virtual library cards (虛擬借書證)', noLoans: 'Nothing on loan.', noHolds: 'Nothing waiting for you.', noFines: 'No fines.', noCards: 'No virtual library cards.',
    due: 'Due {{date}}', overdue: 'days overdue: {{count}}', renewalsLeft: 'Renewals left: {{count}}', renew: 'Renew', owner: 'From {{library}}', pickupAt: 'Picked up at {{library}}',
    shelf: 'Shelf {{spot}}', pickupBy: 'Pick up by {{date}}', total: 'Total NT${{amount}}', amount: 'NT${{amount}}',
    cardFor: 'Virtual card for {{library}}', validUntil: 'Valid until {{date}}', openCard: 'Open the card page', qrAlt: 'QR code of the virtual card for {{library}}',
    renewal: { granted: 'Renewed: now due {{date}}.', refused: 'Not renewed: {{reason}}', pending: 'Renewal asked; waiting for the lending library: {{reason}}' },
  },
  prefs: {
    title: 'Notice settings', email: 'Email', emailHint: 'Without an email we send no notices.', language: 'Language of notices', kinds: 'Which notices you want', save: 'Save settings', saved: 'Notice settings saved.',
    kind: { request_received: 'Request received', cannot_fill: 'Cannot be supplied', ready_for_pickup: 'Ready to pick up', pickup_reminder: 'Pick-up deadline reminder', due_soon: 'Due soon', overdue: 'Overdue', returned: 'Returned' },
  },
  error: {
    VALIDATION_FAILED: 'Please check what you entered: {{message}}', NOT_SIGNED_IN: 'Please sign in first.', SESSION_EXPIRED: 'Your session has expired. Please sign in again.',
    SIGN_IN_FAILED: 'The account or password is not right. Please try again.', CSRF_REFUSED: 'A security check failed. Reload the page and try again.', UNKNOWN_LIBRARY: 'We do not know that school. Please choose again.',
    NOT_FOUND: 'Not found: it may have been removed.', DUPLICATE_REQUEST: 'You have already requested this book; no need to ask again.', LIMIT_REACHED: 'You have reached the borrow-return limit: return or cancel something before asking for more.',
    CANNOT_CANCEL: 'This request has been shipped and cannot be cancelled. If you do not pick it up, it goes back after the hold period.', CANNOT_RENEW: 'This book cannot be renewed: {{message}}',
    NO_LENDER: 'No member library can lend this book now (its copies are on loan or not for loan). Search again later, or ask your library staff.',
    ACCOUNT_LOCKED: 'Too many failed sign-ins: the account is locked until {{until}}. Try again then.', ACCOUNT_LOCKED_NO_TIME: 'Too many failed sign-ins: the account is locked for a while. Try again later.',
    RATE_LIMITED: 'Too many attempts. Please wait a minute and try again.',
    LIBRARY_SYSTEM_UNREACHABLE: 'Your library\'s system did not answer. Try again later; your account is not locked.',
    NOT_A_MEMBER_PATRON: 'Your library\'s system knows your account, but your library has not registered you for borrow-return (代借代還). Please ask at your library\'s circulation desk.',
    REQUEST_REFUSED: 'This request cannot be accepted: {{message}}',
    NETWORK: 'Cannot reach the service. Check your connection and try again.', other: 'Something went wrong ({{code}}): {{message}}',
  },
};

export type Language = 'zh-TW' | 'en';
const LANG_KEY = 'relay-portal-lang';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(LANG_KEY) : null;
const htmlLang = (l: Language) => (l === 'en' ? 'en' : 'zh-Hant-TW');

void i18next.use(initReactI18next).init({
  resources: { 'zh-TW': { translation: zh }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'zh-TW',
  fallbackLng: 'zh-TW',
  interpolation: { escapeValue: false },
});
if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(i18next.language as Language);

export const currentLanguage = (): Language => (i18next.language === 'en' ? 'en' : 'zh-TW');

export function toggleLanguage(): void {
  const next: Language = currentLanguage() === 'en' ? 'zh-TW' : 'en';
  localStorage.setItem(LANG_KEY, next);
  void i18next.changeLanguage(next);
  document.documentElement.lang = htmlLang(next);
}

export default i18next;
