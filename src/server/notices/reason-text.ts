// Why a request could not be filled, in the patron's language. The service's
// own reasons are codes (title.ts); a lender's or reviewer's reason is their
// own words and is passed on as written.
import type { NoticeLanguage } from './default-templates';

const CODES: Record<string, Record<NoticeLanguage, string>> = {
  ROTA_EMPTY: { 'zh-TW': '聯合目錄中沒有可外借此書的館藏館。', en: 'No member library has a copy it can lend.' },
  ROTA_EXHAUSTED: { 'zh-TW': '所有可外借此書的館藏館都無法提供。', en: 'None of the libraries with a copy could supply it.' },
};

export function reasonText(reason: string, language: NoticeLanguage): string {
  return CODES[reason]?.[language] ?? reason;
}
