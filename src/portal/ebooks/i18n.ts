// The e-book screen's words in Traditional Chinese (default) and English,
// added to the portal's i18next resources (deep-merged, so the portal's own
// file stays as it is): the screen, its nav entry, the ebook_available notice
// kind on the preferences screen, and the e-book error codes.
import i18next from 'i18next';

const zh = {
  nav: { ebooks: '雲端電子書' },
  prefs: { kind: { ebook_available: '等候的電子書可借閱' } },
  ebooks: {
    title: '雲端電子書', intro: '聯盟共購的電子書，每本有固定的同時借閱份數。借期內可隨時線上閱讀，到期自動歸還，不會逾期。',
    mine: '我的電子書', none: '目前沒有借閱或等候中的電子書。', loanLimit: '最多可同時借 {{count}} 本電子書。',
    due: '借到 {{date}}（到期自動歸還）', read: '閱讀', readLink: '開啟閱讀（{{time}} 前有效）', giveBack: '提前歸還', returned: '已歸還《{{title}}》。',
    offered: '已為你保留一本，請在 {{time}} 前借閱', take: '借閱保留的書', decline: '放棄保留', waiting: '等候中：第 {{position}} 位', leave: '取消等候', left: '已取消等候。', declined: '已放棄保留，將讓給下一位。',
    search: '查詢電子書', query: '書名、作者或 ISBN', submit: '查詢', total: '共 {{count}} 種', noResults: '找不到符合的電子書。',
    copies: '可借 {{free}} 本／共 {{copies}} 本', allOut: '全部借出', queue: '{{count}} 人等候中', loanDays: '借期 {{days}} 天',
    borrow: '借閱', hold: '加入等候名單', borrowed: '已借閱《{{title}}》，借到 {{date}}。', held: '已加入等候名單：第 {{position}} 位。有書時會寄電子郵件通知你。',
    prev: '上一頁', next: '下一頁', page: '第 {{page}} 頁',
    error: {
      EBOOK_ALL_OUT: '所有複本都已借出。你可以加入等候名單，有書時我們會通知你。', EBOOK_ALREADY_ON_LOAN: '你已借閱這本電子書。', EBOOK_ALREADY_WAITING: '你已在這本書的等候名單上。',
      EBOOK_LOAN_LIMIT: '你已達電子書同時借閱上限，請先歸還一本。', EBOOK_COPY_FREE: '現在就有可借的複本，請直接借閱。', PATRON_BLOCKED: '你的借閱權目前暫停，請洽本校圖書館。',
    },
  },
};

const en: typeof zh = {
  nav: { ebooks: 'E-books' },
  prefs: { kind: { ebook_available: 'An e-book you wait for is available' } },
  ebooks: {
    title: 'Cloud e-books (雲端電子書)', intro: 'E-books the consortium bought, each with a set number of copies that can be on loan at once. Read online any time during the loan; it returns itself when due, so it is never overdue.',
    mine: 'My e-books', none: 'No e-books on loan or waited for.', loanLimit: 'You can have up to {{count}} e-books at a time.',
    due: 'On loan until {{date}} (returns itself)', read: 'Read', readLink: 'Open to read (valid until {{time}})', giveBack: 'Return early', returned: 'Returned “{{title}}”.',
    offered: 'A copy is kept for you: borrow it by {{time}}', take: 'Borrow the kept copy', decline: 'Give it up', waiting: 'Waiting: number {{position}} in line', leave: 'Leave the waiting list', left: 'You left the waiting list.', declined: 'Given up: it goes to the next in line.',
    search: 'Search e-books', query: 'Title, author or ISBN', submit: 'Search', total: '{{count}} titles', noResults: 'No e-books match.',
    copies: '{{free}} of {{copies}} copies free', allOut: 'All on loan', queue: '{{count}} waiting', loanDays: 'Loan period {{days}} days',
    borrow: 'Borrow', hold: 'Join the waiting list', borrowed: 'Borrowed “{{title}}” until {{date}}.', held: 'You are on the waiting list: number {{position}}. We will email you when a copy is free.',
    prev: 'Previous', next: 'Next', page: 'Page {{page}}',
    error: {
      EBOOK_ALL_OUT: 'Every copy is on loan. Join the waiting list and we will tell you when one is free.', EBOOK_ALREADY_ON_LOAN: 'You already have this e-book.', EBOOK_ALREADY_WAITING: 'You are already waiting for this e-book.',
      EBOOK_LOAN_LIMIT: 'You have as many e-books as you can have at once: return one first.', EBOOK_COPY_FREE: 'A copy is free now: borrow it instead.', PATRON_BLOCKED: 'Your borrowing is suspended: please ask your library.',
    },
  },
};

export const EBOOK_ERROR_CODES = Object.keys(zh.ebooks.error);

export function addEbookWords(): void {
  i18next.addResourceBundle('zh-TW', 'translation', zh, true, false);
  i18next.addResourceBundle('en', 'translation', en, true, false);
}

// Added when this module loads (the portal's i18n.ts has initialised i18next by then: App imports it first).
addEbookWords();
