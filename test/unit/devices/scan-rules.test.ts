// Per-library barcode rules: Codabar 14 with check digit, Code 39, Code 128,
// patron vs item, and bilingual messages for staff.
import { describe, expect, it } from 'vitest';
import { classifyBarcode } from '#shared/scan/barcode-rules';
import type { LibraryScanRules } from '#shared/scan/barcode-rules';
import { itemBarcode } from '#main/simulators/tag-fixtures';
import { luhnCheckDigit } from '#shared/codecs/barcode';

const library: LibraryScanRules = {
  rules: [
    { symbology: 'codabar14', check: 'luhn', institutions: ['0123'] },
    { symbology: 'code39', minLength: 6, maxLength: 12 },
    { symbology: 'code128', minLength: 4 },
  ],
  patronPrefixes: ['P'],
  itemPrefixes: ['B', 'T'],
};

describe('library barcode rules', () => {
  it('classifies 14-digit Codabar items and patrons by their first digit, with or without start/stop characters', () => {
    const item = itemBarcode(42);
    expect(classifyBarcode(item, library)).toEqual({ ok: true, value: { kind: 'item', value: item, symbology: 'codabar14', institution: '0123' } });
    const patron = `2${item.slice(1, 13)}`;
    const withCheck = patron + String(luhnCheckDigit(patron));
    expect(classifyBarcode(`A${withCheck}B`, library, 'codabar')).toMatchObject({ ok: true, value: { kind: 'patron', value: withCheck } });
  });

  it('explains a bad check digit in zh-TW and English, with the expected digit', () => {
    const good = itemBarcode(7);
    const bad = good.slice(0, 13) + String((Number(good[13]) + 1) % 10);
    const result = classifyBarcode(bad, library);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CHECK_DIGIT_MISMATCH');
    expect(result.error.text['zh-TW']).toContain('檢查碼錯誤');
    expect(result.error.text['zh-TW']).toContain(`應為 ${good[13]}`);
    expect(result.error.text.en).toContain(`should be ${good[13]}`);
  });

  it('uses prefixes for Code 39 / Code 128 labels and the symbology hint to narrow the rules', () => {
    expect(classifyBarcode('P012345', library, 'code39')).toMatchObject({ ok: true, value: { kind: 'patron', symbology: 'code39' } });
    expect(classifyBarcode('B0099', library, 'code128')).toMatchObject({ ok: true, value: { kind: 'item', symbology: 'code128' } });
    expect(classifyBarcode('x', library, 'code39')).toMatchObject({ ok: false, error: { code: 'BAD_CHARACTER' } });
    expect(classifyBarcode('9781234567897', library, 'ean-upc')).toMatchObject({ ok: false, error: { code: 'NO_MATCHING_RULE' } });
    const unknown = classifyBarcode('39999000000011', { rules: [{ symbology: 'codabar14', check: 'luhn', institutions: ['0123'] }] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_INSTITUTION' } });
    const empty = classifyBarcode('  ', library);
    expect(!empty.ok && empty.error.text['zh-TW']).toBe('沒有讀到條碼內容。');
  });
});
