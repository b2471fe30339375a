// Closing needs-attention items.
import type { ReasonText } from '../kit/reason-text';

export const EXCEPTION_REASONS = {
  UNKNOWN_EXCEPTION: { message: { 'zh-TW': '找不到待處理事項 {exceptionId}。', en: 'No exception {exceptionId} on this desk.' }, nextStep: { 'zh-TW': '請重新整理待處理清單。', en: 'Refresh the needs-attention list.' } },
  EXCEPTION_NOT_YOURS: { message: { 'zh-TW': '待處理事項 {exceptionId} 屬於其他櫃台或圖書館。', en: 'Exception {exceptionId} belongs to another desk or library.' }, nextStep: { 'zh-TW': '請由原櫃台處理。', en: 'Resolve it at the desk that raised it.' } },
} as const satisfies Record<string, ReasonText>;
