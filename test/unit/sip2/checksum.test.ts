import { describe, expect, it } from 'vitest';
import { sip2Checksum } from '#shared/sip2';

describe('sip2Checksum', () => {
  it('matches the standard login example', () => {
    expect(sip2Checksum('9300CNscclient|COclientpwd|CPLOC1|AY0AZ')).toBe('F277');
  });

  it('matches the fixed resend messages other implementations hard-code', () => {
    expect(sip2Checksum('97AZ')).toBe('FEF5');
    expect(sip2Checksum('96AZ')).toBe('FEF6');
    expect(sip2Checksum('9900401.00AY1AZ')).toBe('FCA5');
  });

  it('sums UTF-8 bytes, not UTF-16 code units', () => {
    // 王 is E7 8E 8B in UTF-8: 0xE7 + 0x8E + 0x8B = 0x200; two's complement 0xFE00.
    expect(sip2Checksum('王')).toBe('FE00');
    expect(sip2Checksum(new Uint8Array([0xe7, 0x8e, 0x8b]))).toBe('FE00');
  });

  it('honours an end offset and wraps at 16 bits', () => {
    expect(sip2Checksum(new Uint8Array([1, 2, 3]), 2)).toBe('FFFD');
    expect(sip2Checksum(new Uint8Array(300).fill(0xff))).toBe((-(300 * 0xff) & 0xffff).toString(16).toUpperCase());
    expect(sip2Checksum('')).toBe('0000');
  });
});
