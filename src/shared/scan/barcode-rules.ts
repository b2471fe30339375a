// Per-library barcode rules: which symbologies a library prints, how its
// check digit works, and which codes are patron cards and which items. A
// scan is classified against the library's rules (data, kept with the
// library's settings) and a refusal comes with a message in zh-TW and
// English that tells staff what is wrong.

import { luhnCheckDigit, validateLibraryBarcode } from '../codecs/barcode';
import type { BarcodeErrorCode, CheckDigitRule, LibraryBarcodeRule } from '../codecs/barcode';
import { ok } from '../codecs/result';
import type { Result } from '../codecs/result';
import type { Symbology } from './symbology';

export type BilingualText = Readonly<Record<'zh-TW' | 'en', string>>;

export interface LibraryScanRules {
  /** Tried in order; the first that accepts the code classifies it. */
  readonly rules: readonly LibraryBarcodeRule[];
  /** For Code 39 / Code 128 labels: prefixes that mark patron cards and items. */
  readonly patronPrefixes?: readonly string[];
  readonly itemPrefixes?: readonly string[];
}

export interface ClassifiedBarcode {
  readonly kind: 'patron' | 'item' | 'unknown';
  readonly value: string;
  readonly symbology: LibraryBarcodeRule['symbology'];
  readonly institution: string | null;
}

export type BarcodeRuleErrorCode = BarcodeErrorCode | 'NO_MATCHING_RULE';

export interface BarcodeRuleError {
  readonly code: BarcodeRuleErrorCode;
  /** Shown to staff. */
  readonly text: BilingualText;
  /** The codec's own wording (logs). */
  readonly message: string;
}

const RULE_SYMBOLOGY: Readonly<Record<LibraryBarcodeRule['symbology'], Symbology>> = { codabar14: 'codabar', code39: 'code39', code128: 'code128' };

/** How strongly a failure says "this is the library's barcode, but wrong": the deepest one is reported. */
const DEPTH: Readonly<Record<BarcodeErrorCode, number>> = {
  CHECK_DIGIT_MISMATCH: 6,
  UNKNOWN_INSTITUTION: 5,
  BAD_KIND_DIGIT: 4,
  BAD_LENGTH: 3,
  NOT_DIGITS: 2,
  BAD_CHARACTER: 2,
  EMPTY: 1,
};

function expectedDigit(check: CheckDigitRule, body: string): number | null {
  if (check === 'none') return null;
  if (check === 'luhn') return luhnCheckDigit(body);
  return check.compute(body);
}

function stripCodabar(value: string): string {
  return /^[A-Da-d].*[A-Da-d]$/.test(value) && value.length >= 2 ? value.slice(1, -1) : value;
}

function describe(code: BarcodeErrorCode, value: string, rule: LibraryBarcodeRule, detail: string): BilingualText {
  switch (code) {
    case 'CHECK_DIGIT_MISMATCH': {
      const digits = stripCodabar(value);
      const expected = rule.symbology === 'codabar14' ? expectedDigit(rule.check, digits.slice(0, 13)) : null;
      const actual = digits.slice(-1);
      return {
        'zh-TW': `條碼 ${digits} 的檢查碼錯誤（應為 ${expected ?? '?'}，掃到 ${actual}）：可能是標籤污損或掃描不完整，請重新掃描或手動輸入。`,
        en: `Barcode ${digits} has a wrong check digit (should be ${expected ?? '?'}, read ${actual}): the label may be damaged or the scan incomplete. Scan it again or type it in.`,
      };
    }
    case 'UNKNOWN_INSTITUTION':
      return { 'zh-TW': `條碼 ${value} 的館別代碼不屬於本館設定。`, en: `Barcode ${value} carries an institution code this library does not use.` };
    case 'BAD_KIND_DIGIT':
      return { 'zh-TW': `條碼 ${value} 的第一碼無法判斷是讀者證或館藏。`, en: `The first digit of ${value} marks neither a patron card nor an item.` };
    case 'BAD_LENGTH':
      return { 'zh-TW': `條碼 ${value} 長度不符本館規則（${detail}）。`, en: `Barcode ${value} has the wrong length for this library (${detail}).` };
    case 'NOT_DIGITS':
    case 'BAD_CHARACTER':
      return { 'zh-TW': `條碼 ${value} 含有不允許的字元（${detail}）。`, en: `Barcode ${value} contains a character that is not allowed (${detail}).` };
    case 'EMPTY':
      return { 'zh-TW': '沒有讀到條碼內容。', en: 'No barcode was read.' };
  }
}

function kindByPrefix(value: string, rules: LibraryScanRules): ClassifiedBarcode['kind'] {
  if (rules.patronPrefixes?.some((p) => value.startsWith(p))) return 'patron';
  if (rules.itemPrefixes?.some((p) => value.startsWith(p))) return 'item';
  return 'unknown';
}

/**
 * Classifies a scanned code. `symbology` (from an AIM identifier or HID POS
 * report) narrows the rules tried; without it every rule is tried.
 */
export function classifyBarcode(raw: string, rules: LibraryScanRules, symbology: Symbology | null = null): Result<ClassifiedBarcode, BarcodeRuleError> {
  const value = raw.trim();
  const candidates = rules.rules.filter((r) => symbology === null || RULE_SYMBOLOGY[r.symbology] === symbology);
  let worst: { code: BarcodeErrorCode; message: string; rule: LibraryBarcodeRule } | null = null;
  for (const rule of candidates) {
    const result = validateLibraryBarcode(value, rule);
    if (result.ok) {
      const v = result.value;
      const kind = v.kind === 'unknown' ? kindByPrefix(v.value, rules) : v.kind;
      return ok({ kind, value: v.value, symbology: v.symbology, institution: v.institution ?? null });
    }
    if (!worst || DEPTH[result.error.code] > DEPTH[worst.code]) worst = { code: result.error.code, message: result.error.message, rule };
    // The code has this rule's shape, kind digit and institution: it is the library's own barcode,
    // misread or misprinted. A looser rule (Code 128 takes any ASCII) must not accept it.
    if (DEPTH[result.error.code] >= DEPTH.UNKNOWN_INSTITUTION) break;
  }
  if (!worst) {
    const known = rules.rules.map((r) => r.symbology).join(', ') || 'none';
    return {
      ok: false,
      error: {
        code: 'NO_MATCHING_RULE',
        text: { 'zh-TW': `本館未設定 ${symbology ?? '此'} 條碼規則（已設定：${known}）。`, en: `This library has no rule for ${symbology ?? 'this'} barcodes (configured: ${known}).` },
        message: `no rule for symbology ${symbology ?? 'unknown'}`,
      },
    };
  }
  return { ok: false, error: { code: worst.code, text: describe(worst.code, value, worst.rule, worst.message), message: worst.message } };
}
