// The console's words in Traditional Chinese (the default) and English.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const zh = {
  app: '聯盟管理台', signIn: '登入', signOut: '登出', username: '帳號', password: '密碼', totp: '驗證碼（6 位數）', language: 'English',
  nav: { dashboard: '統計總覽', libraries: '圖書館', devices: '裝置與配對碼', audit: '稽核紀錄' },
  from: '起', to: '迄', school: '學校', consortium: '全聯盟', groupBy: '分組', month: '每月', year: '每年', all: '合計', show: '查詢',
  requests: '申請與滿足', trading: '借出與借入', times: '作業時間', routes: '各路線運送時間', activity: '取書、虛擬證、自助與罰款',
  exportCsv: '匯出 CSV', exportXlsx: '匯出 XLSX', tableOf: '{{name}}（表格）', chartOf: '{{name}}（圖表）',
  save: '儲存', saved: '已儲存', nameZh: '中文名稱', nameEn: '英文名稱', hours: '開放時間', contact: '聯絡方式',
  policy: '借閱規則', loanDays: '借期（天）', pickupDays: '取書期限（天）', loanLimit: '可借冊數', closedWeekdays: '每週休館日', courierWeekdays: '物流收送日', closedDates: '休館日期（每行一個 YYYY-MM-DD）',
  weekdays: ['日', '一', '二', '三', '四', '五', '六'],
  pairing: '新增配對碼', role: '用途', staff: '館員櫃台', kiosk: '自助借還機', makeCode: '產生配對碼', codeIs: '在新櫃台輸入此配對碼（30 分鐘內有效）：',
  device: '裝置', revoke: '停用', revoked: '已停用', active: '使用中',
  when: '時間', who: '人員', action: '動作', target: '對象', change: '變更內容',
  cols: {
    group: '期間', placed: '申請', filled: '已供應', unfilled: '未供應', fillRate: '滿足率', requested: '受理申請', lent: '借出', borrowed: '借入', net: '淨借出',
    cannotSupply: '無法供應', libraryId: '學校', metric: '項目', count: '件數', averageHours: '平均（時）', medianHours: '中位數（時）', p90Hours: 'P90（時）',
    under48h: '48 小時內', from48to72h: '48–72 小時', over72h: '超過 72 小時', holdsExpired: '逾期未取', cardsIssued: '虛擬證核發', visitorLoans: '虛擬證借閱',
    booksPerCard: '每證冊數', route: '路線', loans: '借出冊數', kioskLoans: '自助借書', returns: '歸還', selfReturns: '自助還書', finesChargedAmount: '罰款開立', finesPaidAmount: '罰款繳納', finesWaivedAmount: '罰款免除',
  },
};

const en: typeof zh = {
  app: 'Consortium console', signIn: 'Sign in', signOut: 'Sign out', username: 'Username', password: 'Password', totp: 'Code (6 digits)', language: '中文',
  nav: { dashboard: 'Statistics', libraries: 'Libraries', devices: 'Devices and pairing', audit: 'Audit log' },
  from: 'From', to: 'To', school: 'School', consortium: 'Whole consortium', groupBy: 'Group by', month: 'Month', year: 'Year', all: 'Total', show: 'Show',
  requests: 'Requests and fill', trading: 'Lent and borrowed', times: 'Turnaround times', routes: 'Time in transit per route', activity: 'Holds, cards, kiosks and fines',
  exportCsv: 'Export CSV', exportXlsx: 'Export XLSX', tableOf: '{{name}} (table)', chartOf: '{{name}} (chart)',
  save: 'Save', saved: 'Saved', nameZh: 'Chinese name', nameEn: 'English name', hours: 'Opening hours', contact: 'Contact',
  policy: 'Lending policy', loanDays: 'Loan period (days)', pickupDays: 'Days to pick up', loanLimit: 'Items per patron', closedWeekdays: 'Closed every week on', courierWeekdays: 'Courier pickup days', closedDates: 'Closed dates (one YYYY-MM-DD per line)',
  weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  pairing: 'New pairing code', role: 'For', staff: 'Staff desk', kiosk: 'Kiosk', makeCode: 'Make a pairing code', codeIs: 'Type this code on the new desk (valid 30 minutes):',
  device: 'Device', revoke: 'Revoke', revoked: 'Revoked', active: 'Active',
  when: 'When', who: 'Who', action: 'Action', target: 'Target', change: 'Change',
  cols: {
    group: 'Period', placed: 'Placed', filled: 'Filled', unfilled: 'Unfilled', fillRate: 'Fill rate', requested: 'Requests received', lent: 'Lent', borrowed: 'Borrowed', net: 'Net',
    cannotSupply: 'Cannot supply', libraryId: 'School', metric: 'Measure', count: 'Count', averageHours: 'Average (h)', medianHours: 'Median (h)', p90Hours: 'P90 (h)',
    under48h: 'Under 48 h', from48to72h: '48–72 h', over72h: 'Over 72 h', holdsExpired: 'Holds expired', cardsIssued: 'Cards issued', visitorLoans: 'Visitor loans',
    booksPerCard: 'Books per card', route: 'Route', loans: 'Loans', kioskLoans: 'Kiosk loans', returns: 'Returns', selfReturns: 'Self-returns', finesChargedAmount: 'Fines charged', finesPaidAmount: 'Fines paid', finesWaivedAmount: 'Fines waived',
  },
};

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('relay-console-lang') : null;

void i18next.use(initReactI18next).init({
  resources: { 'zh-TW': { translation: zh }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'zh-TW',
  fallbackLng: 'zh-TW',
  interpolation: { escapeValue: false },
  returnObjects: true,
});

export function toggleLanguage(): void {
  const next = i18next.language === 'en' ? 'zh-TW' : 'en';
  localStorage.setItem('relay-console-lang', next);
  void i18next.changeLanguage(next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-Hant-TW';
}

export default i18next;
