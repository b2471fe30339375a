// 17 Item Information / 18 response: the text the client frames and the simulator answers.
import { describe, expect, it } from 'vitest';
import {
  CIRCULATION_STATUS,
  isChargedStatus,
  itemInformationResponseText,
  itemInformationText,
  parseItemInformationResponseText,
  parseItemInformationText,
} from '#main/ils/sip2-item-information';
import { encodeFrame, parseSip2Message } from '#shared/sip2';

const DATE = '20240131    101530';

describe('17 Item Information', () => {
  it('writes the standard layout: date, AO, AB, optional AC', () => {
    expect(itemInformationText({ transactionDate: DATE, institutionId: 'SIMLIB', itemId: 'I001' })).toEqual({
      ok: true,
      value: '1720240131    101530AOSIMLIB|ABI001|',
    });
    expect(itemInformationText({ transactionDate: DATE, institutionId: 'SIMLIB', itemId: 'I001', terminalPassword: 'tp' })).toEqual({
      ok: true,
      value: '1720240131    101530AOSIMLIB|ABI001|ACtp|',
    });
  });

  it('refuses values that would break the message, and bad dates, without throwing', () => {
    expect(itemInformationText({ transactionDate: DATE, institutionId: 'SIMLIB', itemId: 'I|1' })).toMatchObject({ ok: false, error: { field: 'itemId' } });
    expect(itemInformationText({ transactionDate: 'today', institutionId: 'SIMLIB', itemId: 'I1' })).toMatchObject({ ok: false, error: { field: 'transactionDate' } });
  });

  it('reads back what it wrote; with a checksum it frames like any other message', () => {
    const text = itemInformationText({ transactionDate: DATE, institutionId: 'SIMLIB', itemId: 'I001', terminalPassword: 'tp' });
    if (!text.ok) throw new Error('build failed');
    expect(parseItemInformationText(text.value)).toEqual({ ok: true, value: { transactionDate: DATE, institutionId: 'SIMLIB', itemId: 'I001', terminalPassword: 'tp' } });
    const line = encodeFrame(text.value, { errorDetection: true, seq: 4 });
    expect(line).toMatch(/^1720240131 {4}101530AOSIMLIB\|ABI001\|ACtp\|AY4AZ[0-9A-F]{4}\r$/);
    // The shared codec knows the frame but not the message: that is why this module exists.
    expect(parseSip2Message(line)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
    expect(parseItemInformationText('17short')).toMatchObject({ ok: false, error: { code: 'TOO_SHORT' } });
    expect(parseItemInformationText('99x')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
  });
});

describe('18 Item Information Response', () => {
  it('round-trips fixed fields, known fields, repeated AF and unknown fields', () => {
    const text = itemInformationResponseText({
      circulationStatus: CIRCULATION_STATUS.charged,
      securityMarker: '02',
      feeType: '01',
      transactionDate: DATE,
      dueDate: '20240214    235959',
      itemId: 'I001',
      titleId: '百年孤寂',
      permanentLocation: 'Main stacks',
      holdQueueLength: 2,
      screenMessage: ['one', 'two'],
      printLine: [],
      extraFields: [{ id: 'CS', value: 'QA76.73' }],
    });
    if (!text.ok) throw new Error(text.error.message);
    expect(text.value).toBe('1804020120240131    101530CF2|AH20240214    235959|ABI001|AJ百年孤寂|AQMain stacks|AFone|AFtwo|CSQA76.73|');
    expect(parseItemInformationResponseText(text.value)).toEqual({
      ok: true,
      value: {
        circulationStatus: '04',
        securityMarker: '02',
        feeType: '01',
        transactionDate: DATE,
        holdQueueLength: 2,
        dueDate: '20240214    235959',
        itemId: 'I001',
        titleId: '百年孤寂',
        permanentLocation: 'Main stacks',
        screenMessage: ['one', 'two'],
        printLine: [],
        extraFields: [{ id: 'CS', value: 'QA76.73' }],
      },
    });
  });

  it('reads an Evergreen-style reply for an unknown barcode', () => {
    const parsed = parseItemInformationResponseText('1801010120100609    162510ABno_such_barcode|AJ|');
    expect(parsed).toMatchObject({ ok: true, value: { circulationStatus: '01', itemId: 'no_such_barcode', titleId: '' } });
  });

  it('returns typed errors for malformed replies', () => {
    expect(parseItemInformationResponseText('18')).toMatchObject({ ok: false, error: { code: 'TOO_SHORT' } });
    expect(parseItemInformationResponseText('18XX0101' + DATE)).toMatchObject({ ok: false, error: { code: 'BAD_FIXED_FIELD' } });
    expect(parseItemInformationResponseText('1803010120100609    162510AB1||X|')).toMatchObject({ ok: false, error: { code: 'BAD_FIELD' } });
    expect(parseItemInformationResponseText('1803010120100609    162510CFmany|')).toMatchObject({ ok: true, value: { extraFields: [{ id: 'CF', value: 'many' }] } });
  });

  it('charged means 04, 05 or 07', () => {
    expect(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'].filter(isChargedStatus)).toEqual(['04', '05', '07']);
  });
});
