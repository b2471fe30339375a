// What real servers send that SIP2 2.00 does not quite say, read by the codec
// (issue 19): checksums over characters, other character sets, blank counts,
// Y/N where 0/1 is specified and the reverse, empty fields, another
// delimiter, an LF inside a field; and dates in the system's zone.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildSip2Message, characterChecksum, decodeFrame, formatSipDateIn, parseSip2Message, parseSipDate, sip2Checksum, sipDateToDateIn } from '#shared/sip2';
import type { PatronInformationResponse } from '#shared/sip2';
import { LineFramer } from '#node/line-framer';
import { sip2Codec } from '#node/sip2/charset';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('checksums', () => {
  const head = '64              00020240131    101530000000000000000000000000AOX|AAP1|AE王小明|AY0AZ';

  it('a character-summed checksum fails in byte mode and passes in tolerant mode, saying which', () => {
    const line = utf8(head + characterChecksum(head));
    const strict = decodeFrame(line);
    expect(strict).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });
    expect(decodeFrame(line, { checksum: 'tolerant' })).toMatchObject({ ok: true, value: { checksumStyle: 'characters', sequence: 0 } });
    expect(decodeFrame(utf8(head + sip2Checksum(utf8(head))), { checksum: 'tolerant' })).toMatchObject({ ok: true, value: { checksumStyle: 'bytes' } });
  });

  it('Big5: the checksum is over the Big5 bytes, and the text decodes with the connection codec', () => {
    const big5 = sip2Codec('big5');
    const line = buildSip2Message(
      { type: 'patronStatus', language: '000', transactionDate: '20240131    101530', institutionId: 'X', patronId: '王小明', terminalPassword: '', patronPassword: '' },
      { errorDetection: true, seq: 3, encode: big5.encode },
    );
    const bytes = big5.encode(line);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(line, 'utf8'));
    const parsed = parseSip2Message(bytes, { decode: big5.decode });
    expect(parsed).toMatchObject({ ok: true, value: { message: { patronId: '王小明' }, checksumStyle: 'bytes' } });
    // The same bytes read as UTF-8 are not the name.
    expect(parseSip2Message(bytes)).toMatchObject({ ok: true });
    const garbled = parseSip2Message(bytes);
    if (garbled.ok) expect((garbled.value.message as { patronId: string }).patronId).not.toBe('王小明');
    expect(iconv.decode(Buffer.from(bytes), 'big5')).toContain('王小明');
  });
});

describe('lenient reading of fixed and variable fields', () => {
  it('blank counts are 0 and named in blankFields; a build writes them blank again', () => {
    const text = '64              00020240131    101530    000000010000        AOX|AAP1|AEA|';
    const parsed = parseSip2Message(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const info = parsed.value.message as PatronInformationResponse;
    expect(info).toMatchObject({ holdItemsCount: 0, chargedItemsCount: 1, blankFields: ['holdItemsCount', 'recallItemsCount', 'unavailableHoldsCount'] });
    expect(buildSip2Message(info, { terminator: '' })).toBe(text);
  });

  it('Y/N where 0/1 is specified, 1/0 where Y/N is, blanks for no, lower case', () => {
    expect(parseSip2Message('94Y')).toMatchObject({ ok: true, value: { message: { ok: true } } });
    expect(parseSip2Message('12Y1yn20240131    101530AOX|AAP|ABI|AJ|AH|')).toMatchObject({ ok: true, value: { message: { ok: true, renewalOk: true, magneticMedia: 'Y', desensitize: 'N' } } });
    expect(parseSip2Message('10 N Y20240131    101530AOX|ABI|AQ|')).toMatchObject({ ok: true, value: { message: { ok: false, magneticMedia: 'U', alert: true } } });
  });

  it('empty fields: "||" is skipped, an empty BL or count field is left unset', () => {
    const parsed = parseSip2Message('24              00020240131    101530AOX||AAP1|AEA|BL|CQ|');
    expect(parsed).toMatchObject({ ok: true, value: { message: { patronId: 'P1', personalName: 'A' } } });
    if (parsed.ok) expect((parsed.value.message as { validPatron?: boolean }).validPatron).toBeUndefined();
  });

  it('another field delimiter, both ways', () => {
    const line = buildSip2Message({ type: 'loginResponse', ok: true, extraFields: [{ id: 'AF', value: 'ab' }] }, { fieldDelimiter: '^', terminator: '' });
    expect(line).toBe('941AFab^');
    expect(() => buildSip2Message({ type: 'loginResponse', ok: true, extraFields: [{ id: 'AF', value: 'a^b' }] }, { fieldDelimiter: '^' })).toThrow(/'\^'/);
    expect(parseSip2Message('24              00020240131    101530AOX^AAP1^AE王^', { fieldDelimiter: '^' })).toMatchObject({ ok: true, value: { message: { personalName: '王' } } });
  });
});

describe('an LF inside a field', () => {
  const head = '64              00020240131    101530000000000000000000000000AOX|AAP1|AEA|AFline 1\nline 2|AY1AZ';
  const line = head + sip2Checksum(utf8(head)) + '\r';

  it('is data for the SIP2 framer: one line, checksum verified, the note whole', () => {
    const framer = new LineFramer(4096, { lfEndsLine: (bytes) => /AZ[0-9A-F]{4}$/.test(Buffer.from(bytes).toString('latin1')) });
    const events = framer.push(utf8(line));
    expect(events).toHaveLength(1);
    const event = events[0]!;
    if (event.kind !== 'line') throw new Error('not a line');
    const parsed = parseSip2Message(event.bytes);
    expect(parsed).toMatchObject({ ok: true, value: { sequence: 1, message: { screenMessage: ['line 1\nline 2'] } } });
  });

  it('a bare LF after a whole frame still ends it (servers that end lines with LF)', () => {
    const framer = new LineFramer(4096, { lfEndsLine: (bytes) => /AZ[0-9A-F]{4}$/.test(Buffer.from(bytes).toString('latin1')) });
    expect(framer.push(utf8('941AY1AZFDFC\n941AY2AZFDFB\r\n'))).toHaveLength(2);
  });
});

describe('dates in the system zone', () => {
  const instant = new Date(Date.UTC(2024, 0, 31, 2, 15, 30));

  it('go out as the zone wall-clock with a blank zone, UTC with Z', () => {
    expect(formatSipDateIn(instant, 'Asia/Taipei')).toBe('20240131    101530');
    expect(formatSipDateIn(instant, 'UTC')).toBe('20240131   Z021530');
    expect(formatSipDateIn(instant, 'Europe/Berlin')).toBe('20240131    031530');
  });

  it('come back to the same instant when read in that zone', () => {
    const parsed = parseSipDate('20240131    101530');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(sipDateToDateIn(parsed.value, 'Asia/Taipei')?.toISOString()).toBe(instant.toISOString());
    const summer = parseSipDate('20240701    120000');
    if (!summer.ok) throw new Error(summer.error.message);
    expect(sipDateToDateIn(summer.value, 'Europe/Berlin')?.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });
});
