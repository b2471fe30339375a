// Refusals about the library directory.
import type { ReasonText } from '../kit/reason-text';

export const LIBRARY_REASONS = {
  UNKNOWN_LIBRARY: { message: { 'zh-TW': '找不到館別 {libraryId}。', en: 'Library {libraryId} is not in the directory.' }, nextStep: { 'zh-TW': '請確認館別代碼，或請聯盟管理者新增。', en: 'Check the library code, or ask the consortium administrator to add it.' } },
  LIBRARY_INACTIVE: { message: { 'zh-TW': '{libraryId} 目前未參與代借代還。', en: '{libraryId} does not currently take part in borrow-return.' }, nextStep: { 'zh-TW': '請改向其他館申請。', en: 'Request the item from another library.' } },
} as const satisfies Record<string, ReasonText>;
