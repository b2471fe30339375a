import { describe, expect, it } from 'vitest';
import { CARD_ERRORS, describeCardError } from '#shared/cards/messages';
import type { CardErrorCode, CardErrorParams } from '#shared/cards/messages';

// The parameters verifyCard sends with each code (see verify.test.ts for where each is produced).
const PARAMS: Record<CardErrorCode, CardErrorParams> = {
  UNREADABLE: {},
  UNSUPPORTED_VERSION: { version: '2' },
  MALFORMED: { detail: 'trailing bytes after the payload' },
  UNKNOWN_KEY: { keyId: 'k2025a' },
  BAD_SIGNATURE: {},
  KEY_RETIRED: { keyId: 'k2025a', issuedAt: '2025-10-02' },
  NOT_YET_VALID: { date: '2025-09-01' },
  EXPIRED: { date: '2026-01-31' },
  REVOKED: { cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXYZ' },
  WRONG_LIBRARY: { hostLibraryId: 'NSYSU', libraryId: 'NKUST' },
  DESK_CLOCK_INVALID: {},
  VERIFIER_UNAVAILABLE: {},
};

describe('card refusal texts', () => {
  it('cover every code in zh-TW and English, with a next step, and no placeholder left unfilled', () => {
    expect(Object.keys(CARD_ERRORS).sort()).toEqual(Object.keys(PARAMS).sort());
    for (const code of Object.keys(PARAMS) as CardErrorCode[]) {
      for (const lang of ['zh-TW', 'en'] as const) {
        const { message, nextStep } = describeCardError(code, PARAMS[code], lang);
        expect(message.length, `${code} ${lang}`).toBeGreaterThan(5);
        expect(nextStep.length, `${code} ${lang}`).toBeGreaterThan(5);
        expect(`${message} ${nextStep}`, `${code} ${lang}`).not.toMatch(/[{}]/);
      }
      expect(describeCardError(code, PARAMS[code], 'zh-TW').message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('fills the parameters in', () => {
    expect(describeCardError('EXPIRED', { date: '2026-01-31' }, 'zh-TW').message).toBe('此借書證已於 2026-01-31 到期。');
    expect(describeCardError('EXPIRED', { date: '2026-01-31' }, 'en').message).toBe('This card expired on 2026-01-31.');
    expect(describeCardError('WRONG_LIBRARY', PARAMS.WRONG_LIBRARY, 'en')).toEqual({
      message: 'This card is for use at NSYSU, not at this library (NKUST).',
      nextStep: 'The patron can borrow at NSYSU, or ask their home library for a card for this library.',
    });
  });

  it('leaves a missing parameter visible rather than inventing one, and ignores inherited keys', () => {
    expect(describeCardError('EXPIRED', {}, 'en').message).toBe('This card expired on {date}.');
    expect(describeCardError('UNKNOWN_KEY', Object.create({ keyId: 'x' }) as CardErrorParams, 'en').message).toContain('{keyId}');
  });
});
