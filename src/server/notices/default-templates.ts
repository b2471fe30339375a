// The built-in notice texts, in zh-TW and English, in the words Taiwanese
// libraries use. Each says the service is free; ready_for_pickup and due_soon
// state the loan period and the fine per open day, because the survey found
// patrons did not know fines apply (the portal shows the same rules).
import type { NoticeKind } from '#shared/portal/wire';

export type NoticeLanguage = 'zh-TW' | 'en';

export interface NoticeTemplate {
  subject: string;
  body: string;
}

/** Every placeholder a template may use; anything else in {{…}} is refused when a template is saved. */
export const PLACEHOLDERS = [
  'title', 'library', 'pickupBy', 'shelfSpot', 'dueOn', 'finePerDay', 'maxFine', 'loanDays', 'pickupDays', 'reason', 'fineAmount', 'returnedOn',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const ZH_FREE = '本館際代借代還服務免費，不收任何費用。';
const EN_FREE = 'The borrow-return service is free of charge.';
const ZH_RULES = '借期 {{loanDays}} 天（自書到館之日起算）；逾期每開館日滯還金新臺幣 {{finePerDay}} 元，每冊上限 {{maxFine}} 元。';
const EN_RULES = 'The loan period is {{loanDays}} days, counted from the day the book arrived; overdue fines are NT${{finePerDay}} per open day, at most NT${{maxFine}} per item.';
const ZH_SIGN = '\n\n{{library}} 敬啟\n（本信由系統自動發送，請勿直接回覆）';
const EN_SIGN = '\n\n{{library}}\n(This message was sent automatically; please do not reply.)';

export const DEFAULT_TEMPLATES: Record<NoticeKind, Record<NoticeLanguage, NoticeTemplate>> = {
  request_received: {
    'zh-TW': {
      subject: '【代借代還】已收到您的申請：{{title}}',
      body: `讀者您好：\n\n您申請代借的《{{title}}》已收到，我們將向館藏館提出調閱。書到館後會再通知您到 {{library}} 取書。\n\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Borrow-return] Request received: {{title}}',
      body: `Dear reader,\n\nWe have received your request for "{{title}}" and will ask the holding library for it. We will write again when it is ready to pick up at {{library}}.\n\n${EN_FREE}${EN_SIGN}`,
    },
  },
  cannot_fill: {
    'zh-TW': {
      subject: '【代借代還】申請無法完成：{{title}}',
      body: `讀者您好：\n\n很抱歉，您申請代借的《{{title}}》目前無法借到。\n原因：{{reason}}\n\n接下來您可以：\n・洽 {{library}} 流通櫃台，由館員協助查詢其他來源；或\n・至聯合目錄再次查詢，選擇其他版本或館藏館重新申請。\n\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Borrow-return] We could not get {{title}}',
      body: `Dear reader,\n\nWe are sorry: we could not get "{{title}}" for you.\nReason: {{reason}}\n\nWhat you can do next:\n- ask the circulation desk at {{library}}, who can look for another source; or\n- search the union catalogue again and request another edition or another library's copy.\n\n${EN_FREE}${EN_SIGN}`,
    },
  },
  ready_for_pickup: {
    'zh-TW': {
      subject: '【預約書到館通知】{{title}}',
      body: `讀者您好：\n\n您代借的《{{title}}》已到館，放在 {{library}} 預約書架 {{shelfSpot}}。\n取書期限：{{pickupBy}}（逾期未取，書將退回館藏館）。\n\n${ZH_RULES}\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Ready for pickup] {{title}}',
      body: `Dear reader,\n\n"{{title}}" has arrived and is waiting for you at {{library}}, hold shelf {{shelfSpot}}.\nPick it up by {{pickupBy}}; after that it goes back to the library that lent it.\n\n${EN_RULES}\n${EN_FREE}${EN_SIGN}`,
    },
  },
  pickup_reminder: {
    'zh-TW': {
      subject: '【取書提醒】{{title}} 取書期限 {{pickupBy}}',
      body: `讀者您好：\n\n提醒您，《{{title}}》仍在 {{library}} 預約書架 {{shelfSpot}}，取書期限為 {{pickupBy}}。逾期未取，書將退回館藏館。\n\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Pickup reminder] {{title}}: pick up by {{pickupBy}}',
      body: `Dear reader,\n\n"{{title}}" is still waiting for you at {{library}}, hold shelf {{shelfSpot}}. Please pick it up by {{pickupBy}}; after that it goes back to the library that lent it.\n\n${EN_FREE}${EN_SIGN}`,
    },
  },
  due_soon: {
    'zh-TW': {
      subject: '【到期通知】{{title}} 將於 {{dueOn}} 到期',
      body: `讀者您好：\n\n您借閱的《{{title}}》到期日為 {{dueOn}}，請於到期日前至 {{library}} 歸還或辦理續借。\n\n${ZH_RULES}\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Due soon] {{title}} is due on {{dueOn}}',
      body: `Dear reader,\n\n"{{title}}" is due on {{dueOn}}. Please return or renew it at {{library}} by then.\n\n${EN_RULES}\n${EN_FREE}${EN_SIGN}`,
    },
  },
  overdue: {
    'zh-TW': {
      subject: '【逾期通知】{{title}} 已逾期',
      body: `讀者您好：\n\n您借閱的《{{title}}》已於 {{dueOn}} 到期，目前逾期中。請儘速至 {{library}} 歸還。\n逾期每開館日滯還金新臺幣 {{finePerDay}} 元，每冊上限 {{maxFine}} 元；逾期期間可能暫停借閱權利。\n\n${ZH_SIGN.trimStart()}`,
    },
    en: {
      subject: '[Overdue] {{title}}',
      body: `Dear reader,\n\n"{{title}}" was due on {{dueOn}} and is now overdue. Please return it to {{library}} as soon as you can.\nOverdue fines are NT\${{finePerDay}} per open day, at most NT\${{maxFine}} per item, and borrowing may be suspended while it is overdue.\n\n${EN_SIGN.trimStart()}`,
    },
  },
  returned: {
    'zh-TW': {
      subject: '【還書通知】{{title}} 已歸還',
      body: `讀者您好：\n\n《{{title}}》已於 {{returnedOn}} 在 {{library}} 歸還，謝謝您。\n滯還金：新臺幣 {{fineAmount}} 元。\n\n${ZH_FREE}${ZH_SIGN}`,
    },
    en: {
      subject: '[Returned] {{title}}',
      body: `Dear reader,\n\n"{{title}}" was returned at {{library}} on {{returnedOn}}. Thank you.\nOverdue fine: NT\${{fineAmount}}.\n\n${EN_FREE}${EN_SIGN}`,
    },
  },
  // The cloud e-books' waiting list (src/server/ebooks): pickupBy is until when the offered copy is kept.
  ebook_available: {
    'zh-TW': {
      subject: '【電子書可借閱】{{title}}',
      body: `讀者您好：\n\n您等候的電子書《{{title}}》已有複本為您保留，請於 {{pickupBy}} 前登入讀者服務網頁借閱（借期 {{loanDays}} 天，到期自動歸還）。逾時未借，複本將讓給下一位等候的讀者。\n電子書借閱免費。${ZH_SIGN}`,
    },
    en: {
      subject: '[E-book available] {{title}}',
      body: `Dear reader,\n\nA copy of the e-book "{{title}}" you were waiting for is kept for you until {{pickupBy}}. Sign in to the portal to borrow it (loan period {{loanDays}} days; it returns itself when due). After that, the copy goes to the next reader waiting.\nBorrowing e-books is free of charge.${EN_SIGN}`,
    },
  },
};
