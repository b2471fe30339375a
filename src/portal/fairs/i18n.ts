// The swap fair screen's words (曬書祭, 預約, 預約單, 展示櫃), added to the
// portal's resources as their own bundle so the portal's table is not edited.
import i18next from '../i18n';

const zh = {
  nav: { fairs: '曬書祭' },
  fairs: {
    title: '曬書祭', intro: '各館曬書祭的展示書可在這裡預約。預約保留 {{days}} 天，憑預約單入場領取；逾期未領取，預約自動失效。',
    none: '目前沒有舉行中或即將舉行的曬書祭。', open: '查看書單並預約', back: '回到曬書祭', dates: '{{from}} 至 {{to}}', place: '地點：{{place}}',
    library: '主辦館：{{library}}', rules: '規則', perPatron: '每人最多預約 {{count}} 本。', books: '展示書單', shelf: '櫃位 {{mark}}',
    reserve: '預約這本', reserving: '預約中…', taken: '已被預約', gone: '已領取', reserved: '已預約「{{title}}」。請記下預約單號，入場時出示預約單。',
    mine: '我的預約', mineNone: '你目前沒有曬書祭預約。', slip: '預約單號', holdUntil: '保留至 {{time}}', handedOver: '已於 {{time}} 領取',
    qrAlt: '預約單號 {{code}} 的 QR 碼', barsAlt: '預約單號 {{code}} 的條碼', slipHint: '入場時請出示此條碼或預約單號（也可至服務台列印預約單）。',
    state: { reserved: '預約中', handed_over: '已領取', lapsed: '逾期失效', cancelled: '已取消', withdrawn: '已由他人領取' },
    cancel: '取消預約', cancelled: '已取消預約。',
    confirm: { title: '取消這筆預約？', body: '取消「{{title}}」的預約後，這本書會開放給其他讀者預約。', keep: '不，保留預約', yes: '是，取消預約', hint: '按 Esc 或「不」關閉。' },
    error: {
      FAIR_ITEM_TAKEN: '這本書剛被其他讀者預約了，請另選一本。', FAIR_PATRON_LIMIT: '你在此曬書祭的預約已達上限，領取或取消後才能再預約。',
      FAIR_CLOSED: '這個曬書祭已結束，不能再預約。', FAIR_UNKNOWN: '找不到這個曬書祭。', FAIR_ITEM_UNKNOWN: '找不到這本書，請重新整理書單。',
      FAIR_SLIP_UNKNOWN: '找不到這筆預約。', FAIR_SLIP_LAPSED: '這筆預約已逾期失效。', FAIR_SLIP_CANCELLED: '這筆預約已取消。', FAIR_SLIP_WITHDRAWN: '這筆預約的書已由他人領取。',
    },
  },
};

const en = {
  nav: { fairs: 'Swap fairs' },
  fairs: {
    title: 'Swap fairs (曬書祭)', intro: 'Reserve books on show at member libraries\' swap fairs. A reservation is held {{days}} days; collect it at the fair with your slip. Not collected in time, it lapses.',
    none: 'No swap fair is on or coming up.', open: 'See the books and reserve', back: 'Back to swap fairs', dates: '{{from}} to {{to}}', place: 'Place: {{place}}',
    library: 'Held by: {{library}}', rules: 'Rules', perPatron: 'Up to {{count}} reservations per patron.', books: 'Books on show', shelf: 'Spot {{mark}}',
    reserve: 'Reserve', reserving: 'Reserving…', taken: 'Reserved', gone: 'Collected', reserved: 'Reserved “{{title}}”. Note the slip number and show the slip at the entry.',
    mine: 'My reservations', mineNone: 'You have no swap fair reservations.', slip: 'Slip number', holdUntil: 'Held until {{time}}', handedOver: 'Collected {{time}}',
    qrAlt: 'QR code of slip {{code}}', barsAlt: 'Barcode of slip {{code}}', slipHint: 'Show this barcode or slip number at the entry (the service desk can also print the slip).',
    state: { reserved: 'Reserved', handed_over: 'Collected', lapsed: 'Lapsed', cancelled: 'Cancelled', withdrawn: 'Taken by another reservation' },
    cancel: 'Cancel reservation', cancelled: 'The reservation is cancelled.',
    confirm: { title: 'Cancel this reservation?', body: 'Cancelling your reservation of “{{title}}” offers the book to other patrons.', keep: 'No, keep it', yes: 'Yes, cancel it', hint: 'Press Esc or “No” to close.' },
    error: {
      FAIR_ITEM_TAKEN: 'Another patron has just reserved this book: choose another.', FAIR_PATRON_LIMIT: 'You hold as many reservations at this fair as allowed: collect or cancel one first.',
      FAIR_CLOSED: 'This fair is over: its books can no longer be reserved.', FAIR_UNKNOWN: 'No such swap fair.', FAIR_ITEM_UNKNOWN: 'No such book: reload the list.',
      FAIR_SLIP_UNKNOWN: 'No such reservation.', FAIR_SLIP_LAPSED: 'This reservation has lapsed.', FAIR_SLIP_CANCELLED: 'This reservation is cancelled.', FAIR_SLIP_WITHDRAWN: 'The book on this reservation went to another patron.',
    },
  },
};

i18next.addResourceBundle('zh-TW', 'translation', zh, true, false);
i18next.addResourceBundle('en', 'translation', en, true, false);

export const FAIR_ERROR_CODES = new Set(Object.keys(zh.fairs.error));
