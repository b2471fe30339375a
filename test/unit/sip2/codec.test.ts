import { describe, expect, it } from 'vitest';
import {
  BLANK_SIP_DATE,
  buildSip2Message,
  emptyPatronStatus,
  emptySupportedMessages,
  parseSip2Message,
  Sip2BuildError,
} from '#shared/sip2';
import type { ParsedSip2Message, Sip2Message, Sip2ParseErrorCode } from '#shared/sip2';

const DATE = '20240131    101530';

function parsed(line: string | Uint8Array): ParsedSip2Message {
  const result = parseSip2Message(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to parse: ${result.error.code} ${result.error.message}`);
  return result.value;
}

function parseError(line: string): { code: Sip2ParseErrorCode; message: string } {
  const result = parseSip2Message(line);
  if (result.ok) throw new Error(`expected ${JSON.stringify(line)} to fail`);
  return { code: result.error.code, message: result.error.message };
}

describe('building messages', () => {
  it('93 Login: the standard example, byte for byte', () => {
    const line = buildSip2Message(
      { type: 'login', uidAlgorithm: '0', pwdAlgorithm: '0', loginUserId: 'scclient', loginPassword: 'clientpwd', locationCode: 'LOC1' },
      { errorDetection: true, seq: 0, terminator: '' },
    );
    expect(line).toBe('9300CNscclient|COclientpwd|CPLOC1|AY0AZF277');
  });

  it('terminates with CR by default, CRLF on request, and omits AY/AZ without error detection', () => {
    const login: Sip2Message = { type: 'loginResponse', ok: true };
    expect(buildSip2Message(login)).toBe('941\r');
    expect(buildSip2Message(login, { terminator: '\r\n' })).toBe('941\r\n');
    expect(buildSip2Message(login, { errorDetection: true, seq: 3 })).toBe('941AY3AZFDFA\r');
  });

  it('99 SC Status', () => {
    expect(buildSip2Message({ type: 'scStatus', statusCode: 0, maxPrintWidth: 40, protocolVersion: '1.00' }, { errorDetection: true, seq: 1, terminator: '' })).toBe(
      '9900401.00AY1AZFCA5',
    );
  });

  it('96 and 97 carry a checksum but no sequence number', () => {
    expect(buildSip2Message({ type: 'requestAcsResend' }, { errorDetection: true, seq: 5 })).toBe('97AZFEF5\r');
    expect(buildSip2Message({ type: 'requestScResend' }, { errorDetection: true, seq: 5 })).toBe('96AZFEF6\r');
    expect(buildSip2Message({ type: 'requestAcsResend' })).toBe('97\r');
  });

  it('11 Checkout: fixed fields, required fields in order, optional AD', () => {
    const line = buildSip2Message(
      {
        type: 'checkout',
        scRenewalPolicy: false,
        noBlock: false,
        transactionDate: DATE,
        nbDueDate: BLANK_SIP_DATE,
        institutionId: 'SIMLIB',
        patronId: 'P001',
        itemId: 'I001',
        terminalPassword: '',
        patronPassword: 'secret',
      },
      { errorDetection: true, seq: 4, terminator: '' },
    );
    expect(line).toBe('11NN20240131    101530                  AOSIMLIB|AAP001|ABI001|AC|ADsecret|AY4AZED17');
  });

  it('63 Patron Information: summary position and optional fields', () => {
    const line = buildSip2Message(
      {
        type: 'patronInformation',
        language: '001',
        transactionDate: DATE,
        summary: 'chargedItems',
        institutionId: 'SIMLIB',
        patronId: 'P001',
        patronPassword: '1234',
        startItem: 1,
        endItem: 5,
      },
      { terminator: '' },
    );
    expect(line).toBe('6300120240131    101530  Y       AOSIMLIB|AAP001|AD1234|BP1|BQ5|');
  });

  it('98 ACS Status: flags, 3-digit numbers and the BX bitmap', () => {
    const supported = { ...emptySupportedMessages(), checkout: true, checkin: true, login: true, renew: true };
    const line = buildSip2Message(
      {
        type: 'acsStatus',
        onlineStatus: true,
        checkinOk: true,
        checkoutOk: true,
        acsRenewalPolicy: false,
        statusUpdateOk: false,
        offlineOk: true,
        timeoutPeriod: 30,
        retriesAllowed: 3,
        dateTimeSync: DATE,
        protocolVersion: '2.00',
        institutionId: 'SIMLIB',
        libraryName: '市立圖書館',
        supportedMessages: supported,
        screenMessage: ['one', 'two'],
      },
      { terminator: '' },
    );
    expect(line).toBe('98YYYNNY03000320240131    1015302.00AOSIMLIB|AM市立圖書館|BXNYYNNNYNNNNNNNYN|AFone|AFtwo|');
  });

  it('computes the checksum over UTF-8 bytes for Chinese names', () => {
    const status = { ...emptyPatronStatus(), recallPrivilegesDenied: true };
    const line = buildSip2Message(
      {
        type: 'patronInformationResponse',
        patronStatus: status,
        language: '000',
        transactionDate: DATE,
        holdItemsCount: 0,
        overdueItemsCount: 1,
        chargedItemsCount: 1,
        fineItemsCount: 1,
        recallItemsCount: 0,
        unavailableHoldsCount: 0,
        institutionId: 'SIMLIB',
        patronId: 'P001',
        personalName: '王小明',
        chargedItemsLimit: 30,
        validPatron: true,
        validPatronPassword: false,
        currencyType: 'TWD',
        feeAmount: '12.50',
        chargedItems: ['I001'],
      },
      { errorDetection: true, seq: 7, terminator: '' },
    );
    expect(line).toBe('64  Y           00020240131    101530000000010001000100000000AOSIMLIB|AAP001|AE王小明|CB0030|BLY|CQN|BHTWD|BV12.50|AUI001|AY7AZDD9A');
  });

  it('refuses values that would corrupt the framing', () => {
    const base = { type: 'loginResponse', ok: true } as const;
    expect(() => buildSip2Message({ ...base, extraFields: [{ id: 'ZZ', value: 'a|b' }] })).toThrow(Sip2BuildError);
    expect(() => buildSip2Message({ ...base, extraFields: [{ id: 'Z', value: 'x' }] })).toThrow("field id 'Z' must be exactly 2 characters");
    expect(() => buildSip2Message({ type: 'scStatus', statusCode: 0, maxPrintWidth: 1000, protocolVersion: '2.00' })).toThrow(
      '99 SC Status: max print width must be an integer 0–999, got 1000',
    );
    expect(() =>
      buildSip2Message({ type: 'patronStatus', language: '0', transactionDate: DATE, institutionId: '', patronId: '', terminalPassword: '', patronPassword: '' }),
    ).toThrow('23 Patron Status Request: language must be 3 printable ASCII characters, got "0"');
    expect(() => buildSip2Message(base, { errorDetection: true, seq: 10 })).toThrow('SIP2 sequence number must be 0-9, got 10');
  });
});

describe('parsing messages', () => {
  it('94 with sequence and checksum, with CR, CRLF or no terminator', () => {
    for (const line of ['940AY3AZFDFB', '940AY3AZFDFB\r', '940AY3AZFDFB\r\n']) {
      expect(parsed(line)).toEqual({ message: { type: 'loginResponse', ok: false }, sequence: 3, checksum: 'FDFB', checksumStyle: 'bytes' });
    }
  });

  it('accepts a lower-case checksum', () => {
    expect(parsed('940AY3AZfdfb').checksum).toBe('FDFB');
  });

  it('12 Checkout Response refused with a screen message', () => {
    expect(parsed('120NUN20240131    101530AOSIMLIB|AAP001|ABI003|AJBook C|AH|AFReserved for another library|AY5AZE38B\r').message).toEqual({
      type: 'checkoutResponse',
      ok: false,
      renewalOk: false,
      magneticMedia: 'U',
      desensitize: 'N',
      transactionDate: DATE,
      institutionId: 'SIMLIB',
      patronId: 'P001',
      itemId: 'I003',
      titleId: 'Book C',
      dueDate: '',
      screenMessage: ['Reserved for another library'],
    });
  });

  it('10 Checkin Response keeps CT and unknown fields, and rebuilds to the same bytes', () => {
    const line = '101YNY20240131    101530AOSIMLIB|ABI002|AQMain stacks|AJBook B|CLB3|CTTPML|AFSend to TPML|ZZkept|AY2AZE159';
    const result = parsed(line);
    expect(result.message).toEqual({
      type: 'checkinResponse',
      ok: true,
      resensitize: true,
      magneticMedia: 'N',
      alert: true,
      transactionDate: DATE,
      institutionId: 'SIMLIB',
      itemId: 'I002',
      permanentLocation: 'Main stacks',
      titleId: 'Book B',
      sortBin: 'B3',
      destination: 'TPML',
      screenMessage: ['Send to TPML'],
      extraFields: [{ id: 'ZZ', value: 'kept' }],
    });
    expect(buildSip2Message(result.message, { errorDetection: true, seq: 2, terminator: '' })).toBe(line);
  });

  it('64 with a Chinese name, from a string and from the raw UTF-8 bytes', () => {
    const line = '64  Y           00020240131    101530000000010001000100000000AOSIMLIB|AAP001|AE王小明|CB0030|BLY|CQN|BHTWD|BV12.50|AUI001|AY7AZDD9A\r';
    const fromString = parsed(line);
    expect(fromString.message).toMatchObject({
      type: 'patronInformationResponse',
      patronStatus: { ...emptyPatronStatus(), recallPrivilegesDenied: true },
      overdueItemsCount: 1,
      chargedItemsCount: 1,
      fineItemsCount: 1,
      personalName: '王小明',
      chargedItemsLimit: 30,
      validPatron: true,
      validPatronPassword: false,
      feeAmount: '12.50',
      chargedItems: ['I001'],
    });
    expect(parsed(new TextEncoder().encode(line))).toEqual(fromString);
  });

  it('98 reads the BX bitmap by position', () => {
    const message = parsed('98YYYNNY03000320240131    1015302.00AOSIMLIB|BXYYYNYYYYYNNNNNYN|').message;
    expect(message.type === 'acsStatus' && message.supportedMessages).toEqual({
      ...emptySupportedMessages(),
      patronStatusRequest: true,
      checkout: true,
      checkin: true,
      scAcsStatus: true,
      requestScAcsResend: true,
      login: true,
      patronInformation: true,
      endPatronSession: true,
      renew: true,
    });
  });

  it('fills missing required fields with empty strings and accepts an unterminated last field', () => {
    expect(parsed('36Y20240131    101530AAP001').message).toEqual({
      type: 'endSessionResponse',
      endSession: true,
      transactionDate: DATE,
      institutionId: '',
      patronId: 'P001',
    });
  });

  it('keeps repeats of single-valued fields as extra fields', () => {
    expect(parsed('36Y20240131    101530AOA|AAP001|AOB|').message.extraFields).toEqual([{ id: 'AO', value: 'B' }]);
  });

  it('reads the 96 and 97 resend requests', () => {
    expect(parsed('96AZFEF6\r')).toEqual({ message: { type: 'requestScResend' }, sequence: null, checksum: 'FEF6', checksumStyle: 'bytes' });
    expect(parsed('97\r')).toEqual({ message: { type: 'requestAcsResend' }, sequence: null, checksum: null, checksumStyle: null });
  });

  it.each<[string, Sip2ParseErrorCode, string]>([
    ['', 'EMPTY', 'empty line: no SIP2 message before the terminator'],
    ['\r\n', 'EMPTY', 'empty line: no SIP2 message before the terminator'],
    ['940AY3AZFDFC', 'BAD_CHECKSUM', 'checksum mismatch: message carries FDFC, bytes sum to FDFB'],
    ['940AY3AZFDFG', 'BAD_ERROR_DETECTION', "AZ must be followed by 4 hex digits, got 'FDFG'"],
    ['940AYXAZFDD6', 'BAD_ERROR_DETECTION', 'AY must be followed by one digit 0-9, got byte 0x58'],
    ['941\r942', 'BAD_CHARACTER', 'CR inside the message at byte 3: two messages were joined'],
    ['9', 'TOO_SHORT', "message '9' is shorter than its 2-character code"],
    ['17001', 'UNKNOWN_MESSAGE', "unsupported SIP2 message code '17'"],
    ['94', 'TOO_SHORT', '94 Login Response needs 3 characters before its variable fields, got 2'],
    ['94X', 'BAD_FIXED_FIELD', "94 Login Response: ok must be 0 or 1, got 'X'"],
    ['98YYYNNY0X000320240131    1015302.00AO|', 'BAD_FIXED_FIELD', "98 ACS Status: timeout period must be 3 digits, got '0X0'"],
    ['120XUN20240131    101530AO|', 'BAD_FIXED_FIELD', "12 Checkout Response: renewal ok must be Y or N, got 'X'"],
    ['24              00020240131    101530AO|AA|AE|BLX|', 'BAD_FIELD', "24 Patron Status Response: BL (valid patron) must be Y or N, got 'X'"],
    ['941A|', 'BAD_FIELD', "field 'A' at character 3 is shorter than its 2-character id"],
  ])('rejects %j with %s', (line, code, message) => {
    expect(parseError(line)).toEqual({ code, message });
  });
});
