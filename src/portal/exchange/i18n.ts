// The exchange's words (二手書服務) in Traditional Chinese and English, in
// their own i18next namespace 'exchange' so the portal's shared file stays
// small; the nav entry is merged into the portal's namespace.
import i18next from 'i18next';
// The portal's i18next instance must be initialised before bundles are added to it.
import '../i18n';

const zh = {
  title: '二手書交換', tabs: { label: '二手書功能', browse: '找書', new: '刊登', mine: '我的刊登與保留', messages: '訊息' },
  kind: { sell: '賣書', wanted: '買書', give: '贈書', swap: '交換書', fair: '書展' },
  condition: { new: '全新', like_new: '近全新', good: '良好', fair: '普通', worn: '有明顯使用痕跡' },
  state: { open: '可保留', reserved: '已被保留', matched: '已面交', withdrawn: '已下架', expired: '已過期' },
  reservationState: { active: '保留中', lapsed: '保留已逾期', released: '已取消', matched: '已面交' },
  browse: {
    query: '書名、作者、ISBN', kind: '類型', subject: '主題', school: '學校', any: '全部', submit: '搜尋', total: '共 {{count}} 筆',
    none: '沒有符合的二手書。換個關鍵字，或自己刊登一本「買書」。', prev: '上一頁', next: '下一頁', page: '第 {{page}} 頁', open: '查看',
  },
  listing: {
    price: 'NT${{price}}', free: '免費', campus: '面交地點：{{campus}}', school: '刊登學校：{{school}}', isbn: 'ISBN {{isbn}}', expires: '刊登至 {{date}}',
    photos: '書況照片', photoAlt: '{{title}} 的照片 {{n}}', reserve: '保留這本書', reserveHint: '保留 {{days}} 天，逾期自動釋出；每人同時最多保留 {{limit}} 本。',
    reserved: '你已保留這本書，請在 {{date}} 前完成面交。', cancel: '取消保留', ask: '傳訊息給刊登者', askLabel: '訊息內容', askHint: '請勿留電子郵件、電話或 LINE；在這裡約面交時間地點即可。',
    send: '送出訊息', sent: '已送出訊息，回覆會出現在「訊息」。', mine: '這是你刊登的書。', heldBy: '有讀者保留中，保留到 {{date}}。', notHeld: '目前沒有人保留。',
    handOver: '已完成面交', handOverFree: '已面交（沒有透過保留）', withdraw: '下架', withdrawConfirm: '確定下架「{{title}}」？下架後無法復原。',
    handedOver: '已記錄面交，謝謝你讓書找到新主人。', withdrawn: '已下架。', hidden: '這筆刊登已被圖書館管理員隱藏，原因：{{reason}}', back: '回到找書',
    messages: '與保留者的訊息', confirm: '確定', dismiss: '取消',
  },
  form: {
    title: '刊登二手書', isbn: 'ISBN（選填）', lookup: '從聯合目錄帶入', lookupFound: '已帶入聯合目錄的書目：{{title}}', lookupNone: '聯合目錄查無此 ISBN，請手動填寫。',
    bookTitle: '書名', author: '作者（選填）', kind: '類型', subject: '主題', condition: '書況', price: '價格（新臺幣，0 為免費）', campus: '可面交的校區／地點',
    description: '說明（選填）', photos: '照片（JPEG、PNG 或 WebP，每張 {{kb}} KB 以內，最多 {{count}} 張）', submit: '刊登', done: '已刊登。', see: '查看刊登',
    photoFailed: '照片「{{name}}」沒有上傳：{{why}}', required: '請填寫書名與面交地點。',
  },
  mine: { title: '我的刊登與保留', listings: '我刊登的書', reservations: '我保留的書', noneListed: '你還沒有刊登二手書。', noneReserved: '你沒有保留任何二手書。', until: '保留到 {{date}}' },
  messages: { title: '訊息', none: '還沒有訊息。', about: '關於《{{title}}》', with: '對方：{{name}}', lister: '（你是刊登者）', reply: '回覆', replyLabel: '回覆 {{name}}', you: '你', them: '{{name}}' },
  error: {
    ISBN_INVALID: 'ISBN 檢查碼不正確，請再核對一次（10 或 13 碼）。', FORBIDDEN_WORDS: '內容含有聯盟不允許的字詞，請修改後再送出。',
    CONTACT_DETAILS_REFUSED: '請勿留下電子郵件、電話或 LINE 帳號；請在站內訊息約定面交。', NOT_FOUND: '找不到這筆刊登，可能已下架、過期或被隱藏。',
    OWN_LISTING: '這是你自己刊登的書。', NOT_AVAILABLE: '這本書已被其他讀者保留，請稍後再看看。', RESERVATION_LIMIT: '你同時保留的書已達上限（{{limit}} 本），請先完成面交或取消一筆。',
    RESERVATION_LAPSED: '這筆保留已經逾期自動釋出；如果書還在，可以重新保留。', NOT_YOURS: '只有刊登者可以這麼做。', NOT_OPEN: '這筆刊登或保留已經結束。',
    PHOTO_TOO_LARGE: '照片太大，請縮小後再上傳。', PHOTO_TYPE: '只接受 JPEG、PNG 或 WebP 照片。', PHOTO_MALFORMED: '照片檔案不完整或已損壞，請重新拍攝或儲存後再上傳。', PHOTO_LIMIT: '照片數量已達上限。',
    VALIDATION_FAILED: '有欄位格式不正確：{{message}}',
  },
};

type Words = typeof zh;

const en: Words = {
  title: 'Used-book exchange', tabs: { label: 'Exchange', browse: 'Find books', new: 'List a book', mine: 'My listings & holds', messages: 'Messages' },
  kind: { sell: 'For sale', wanted: 'Wanted', give: 'Free to a good home', swap: 'Swap', fair: 'Swap fair' },
  condition: { new: 'New', like_new: 'Like new', good: 'Good', fair: 'Fair', worn: 'Well used' },
  state: { open: 'Available', reserved: 'Reserved', matched: 'Handed over', withdrawn: 'Withdrawn', expired: 'Expired' },
  reservationState: { active: 'Held', lapsed: 'Hold lapsed', released: 'Cancelled', matched: 'Handed over' },
  browse: {
    query: 'Title, author, ISBN', kind: 'Kind', subject: 'Subject', school: 'School', any: 'All', submit: 'Search', total: '{{count}} listings',
    none: 'No matching books. Try other words, or list a "wanted" book yourself.', prev: 'Previous', next: 'Next', page: 'Page {{page}}', open: 'View',
  },
  listing: {
    price: 'NT${{price}}', free: 'Free', campus: 'Hand-over at: {{campus}}', school: 'Listed at: {{school}}', isbn: 'ISBN {{isbn}}', expires: 'Listed until {{date}}',
    photos: 'Photos', photoAlt: 'Photo {{n}} of {{title}}', reserve: 'Reserve this book', reserveHint: 'Held for {{days}} days, then released automatically; at most {{limit}} holds at a time.',
    reserved: 'You hold this book: hand it over before {{date}}.', cancel: 'Cancel my hold', ask: 'Message the lister', askLabel: 'Your message', askHint: 'No email, phone or LINE: arrange the time and place here.',
    send: 'Send', sent: 'Sent. Replies appear under Messages.', mine: 'You listed this book.', heldBy: 'A patron holds it until {{date}}.', notHeld: 'Nobody holds it now.',
    handOver: 'Handed over', handOverFree: 'Handed over (without a hold)', withdraw: 'Withdraw', withdrawConfirm: 'Withdraw "{{title}}"? This cannot be undone.',
    handedOver: 'Hand-over recorded. Thank you for finding the book a new reader.', withdrawn: 'Withdrawn.', hidden: 'A library administrator hid this listing. Reason: {{reason}}', back: 'Back to the books',
    messages: 'Messages with the patron holding it', confirm: 'Confirm', dismiss: 'Cancel',
  },
  form: {
    title: 'List a used book', isbn: 'ISBN (optional)', lookup: 'Fill from the union catalogue', lookupFound: 'Filled from the union catalogue: {{title}}', lookupNone: 'The union catalogue has no such ISBN: fill in by hand.',
    bookTitle: 'Title', author: 'Author (optional)', kind: 'Kind', subject: 'Subject', condition: 'Condition', price: 'Price (NT$, 0 for free)', campus: 'Campus or place to hand over',
    description: 'Notes (optional)', photos: 'Photos (JPEG, PNG or WebP, up to {{kb}} KB each, at most {{count}})', submit: 'List it', done: 'Listed.', see: 'See the listing',
    photoFailed: 'Photo "{{name}}" was not uploaded: {{why}}', required: 'Fill in the title and the hand-over place.',
  },
  mine: { title: 'My listings & holds', listings: 'Books I listed', reservations: 'Books I hold', noneListed: 'You have not listed a book yet.', noneReserved: 'You hold no books.', until: 'Held until {{date}}' },
  messages: { title: 'Messages', none: 'No messages yet.', about: 'About “{{title}}”', with: 'With: {{name}}', lister: '(you listed it)', reply: 'Reply', replyLabel: 'Reply to {{name}}', you: 'You', them: '{{name}}' },
  error: {
    ISBN_INVALID: 'The ISBN\'s check digit is wrong: check it again (10 or 13 digits).', FORBIDDEN_WORDS: 'The text has a word the consortium does not allow: change it and send again.',
    CONTACT_DETAILS_REFUSED: 'No email, phone or LINE ids, please: arrange the hand-over in the exchange\'s messages.', NOT_FOUND: 'No such listing: it may have been withdrawn, expired or hidden.',
    OWN_LISTING: 'This is your own listing.', NOT_AVAILABLE: 'Another patron holds this book now. Look again later.', RESERVATION_LIMIT: 'You already hold the most books allowed ({{limit}}): finish or cancel one first.',
    RESERVATION_LAPSED: 'This hold lapsed and was released. If the book is still there, reserve it again.', NOT_YOURS: 'Only the patron who listed it can do that.', NOT_OPEN: 'This listing or hold has already ended.',
    PHOTO_TOO_LARGE: 'The photo is too large: make it smaller.', PHOTO_TYPE: 'Only JPEG, PNG or WebP photos.', PHOTO_MALFORMED: 'The photo file is damaged or incomplete: take or save it again.', PHOTO_LIMIT: 'The listing has the most photos allowed.',
    VALIDATION_FAILED: 'A field is not right: {{message}}',
  },
};

i18next.addResourceBundle('zh-TW', 'exchange', zh, true, true);
i18next.addResourceBundle('en', 'exchange', en, true, true);
// The nav entry lives in the portal's own namespace (App.tsx reads nav.<route>).
i18next.addResourceBundle('zh-TW', 'translation', { nav: { exchange: '二手書' } }, true, false);
i18next.addResourceBundle('en', 'translation', { nav: { exchange: 'Used books' } }, true, false);

export const EXCHANGE_NS = 'exchange';
