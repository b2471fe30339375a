import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSipDate, parseSipDate, sipDateToDate } from '#shared/sip2';

describe('formatSipDate', () => {
  it('writes UTC with a Z in the zone field', () => {
    expect(formatSipDate(new Date(Date.UTC(2024, 0, 31, 10, 15, 30)), 'utc')).toBe('20240131   Z101530');
  });

  it('writes local time with a blank zone field by default', () => {
    expect(formatSipDate(new Date(2024, 6, 4, 9, 5, 7))).toBe('20240704    090507');
  });

  it('pads years below 1000 and rejects invalid dates', () => {
    const early = new Date(0);
    early.setUTCFullYear(812, 1, 3);
    early.setUTCHours(4, 5, 6, 0);
    expect(formatSipDate(early, 'utc')).toBe('08120203   Z040506');
    expect(() => formatSipDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseSipDate', () => {
  it('splits the 18 characters into parts', () => {
    expect(parseSipDate('20240131    101530')).toEqual({
      ok: true,
      value: { year: 2024, month: 1, day: 31, hour: 10, minute: 15, second: 30, zone: '    ' },
    });
  });

  it('turns blank-zone dates into local instants and Z dates into UTC instants', () => {
    const local = parseSipDate('20240131    101530');
    const utc = parseSipDate('20240131   Z101530');
    if (!local.ok || !utc.ok) throw new Error('expected both to parse');
    expect(sipDateToDate(local.value)?.getTime()).toBe(new Date(2024, 0, 31, 10, 15, 30).getTime());
    expect(sipDateToDate(utc.value)?.toISOString()).toBe('2024-01-31T10:15:30.000Z');
  });

  it('keeps an unknown zone but cannot place it in time', () => {
    const est = parseSipDate('20240131EST 101530');
    expect(est.ok && est.value.zone).toBe('EST ');
    expect(est.ok && sipDateToDate(est.value)).toBeNull();
  });

  it.each([
    ['2024013    101530', 'SIP2 date must be 18 characters, got 17'],
    ['2024AB31    101530', "SIP2 date: YYYYMMDD must be digits, got '2024AB31'"],
    ['20240131    1015x0', "SIP2 date: HHMMSS must be digits, got '1015x0'"],
    ['20241331    101530', 'SIP2 date: month 13 is not 01–12'],
    ['20240230    101530', 'SIP2 date: day 30 is not 01–29 for 2024-02'],
    ['20230229    101530', 'SIP2 date: day 29 is not 01–28 for 2023-02'],
    ['19000229    101530', 'SIP2 date: day 29 is not 01–28 for 1900-02'],
    ['20240131    241530', 'SIP2 date: hour 24 is not 00–23'],
    ['20240131    106030', 'SIP2 date: minute 60 is not 00–59'],
  ])('rejects %j', (text, message) => {
    const result = parseSipDate(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_DATE');
      expect(result.error.message).toBe(message);
    }
  });

  it('accepts 29 February in leap years', () => {
    expect(parseSipDate('20000229    000000').ok).toBe(true);
    expect(parseSipDate('20240229    235959').ok).toBe(true);
  });

  it('round-trips any UTC instant to the second', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const parsed = parseSipDate(formatSipDate(date, 'utc'));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(sipDateToDate(parsed.value)?.getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const result = parseSipDate(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
