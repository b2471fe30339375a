import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFeigResponse, encodeFeigRequest } from '#main/devices/rfid/feig/frame';
import type { FeigResponseFrame } from '#main/devices/rfid/feig/frame';
import {
  describeFeigStatus,
  FEIG_STATUS,
  getSystemInformationRequest,
  inventoryRequest,
  joinBlocks,
  parseAcknowledgement,
  parseInventoryResponse,
  parseReadMultipleBlocksResponse,
  parseSoftwareVersionResponse,
  parseSystemInformationResponse,
  planBlockReads,
  readMultipleBlocksRequest,
  softwareVersionRequest,
  writeAfiRequest,
  writeMultipleBlocksRequest,
} from '#main/devices/rfid/feig/protocol';
import { expectError, FC_RUNS, hex, toHex, unwrap } from '#test/unit/codecs/helpers';

const UID = 'E004015012345678';
const frame = (cmd: number, status: number, data: string): FeigResponseFrame => ({ comAdr: 0, cmd, status, data: hex(data) });
const bytesOf = (r: Parameters<typeof encodeFeigRequest>[0]) => toHex(unwrap(encodeFeigRequest(r)));

describe('FEIG request builders', () => {
  it('inventory gives the worked frame 07 FF B0 01 00 1C 56', () => {
    expect(bytesOf(unwrap(inventoryRequest()))).toBe('07 FF B0 01 00 1C 56');
  });
  it('inventory with MORE sets MODE bit 7', () => {
    expect(toHex(unwrap(inventoryRequest({ more: true, comAdr: 3 })).data)).toBe('01 80');
  });
  it('software version gives the worked frame 05 FF 65 E5 CB', () => {
    expect(bytesOf(unwrap(softwareVersionRequest()))).toBe('05 FF 65 E5 CB');
  });
  it('read multiple blocks, addressed: MODE 01 then the UID MSB first', () => {
    const r = unwrap(readMultipleBlocksRequest({ mode: 'addressed', uid: UID }, 0, 8));
    expect(r.cmd).toBe(0xb0);
    expect(toHex(r.data)).toBe('23 01 E0 04 01 50 12 34 56 78 00 08');
  });
  it('read multiple blocks, non-addressed and selected', () => {
    expect(toHex(unwrap(readMultipleBlocksRequest({ mode: 'non-addressed' }, 2, 4)).data)).toBe('23 00 02 04');
    expect(toHex(unwrap(readMultipleBlocksRequest({ mode: 'selected' }, 2, 4)).data)).toBe('23 02 02 04');
  });
  it('write multiple blocks carries DB-ADR DB-N DB-SIZE DATA', () => {
    const r = unwrap(writeMultipleBlocksRequest({ mode: 'addressed', uid: UID }, 1, 4, hex('11 22 33 44 55 66 77 88')));
    expect(toHex(r.data)).toBe('24 01 E0 04 01 50 12 34 56 78 01 02 04 11 22 33 44 55 66 77 88');
  });
  it('write AFI and get system information', () => {
    expect(toHex(unwrap(writeAfiRequest({ mode: 'addressed', uid: UID }, 0xc2)).data)).toBe('27 01 E0 04 01 50 12 34 56 78 C2');
    expect(toHex(unwrap(getSystemInformationRequest({ mode: 'non-addressed' })).data)).toBe('2B 00');
  });
  it('rejects bad arguments with specific errors', () => {
    expectError(readMultipleBlocksRequest({ mode: 'addressed', uid: 'E00401' }, 0, 1), 'BAD_UID');
    expectError(readMultipleBlocksRequest({ mode: 'non-addressed' }, 0, 0), 'BAD_FIELD');
    expectError(writeMultipleBlocksRequest({ mode: 'non-addressed' }, 0, 4, hex('01 02 03')), 'BAD_FIELD');
    expectError(writeAfiRequest({ mode: 'non-addressed' }, 256), 'BAD_FIELD');
    expectError(inventoryRequest({ comAdr: -1 }), 'BAD_FIELD');
  });
  it('plans reads of at most 128 data bytes', () => {
    expect(planBlockReads(0, 28, 4)).toEqual([{ firstBlock: 0, blockCount: 28 }]);
    expect(planBlockReads(0, 70, 4)).toEqual([
      { firstBlock: 0, blockCount: 32 },
      { firstBlock: 32, blockCount: 32 },
      { firstBlock: 64, blockCount: 6 },
    ]);
  });
});

describe('FEIG status table', () => {
  it.each([
    [0x00, 'OK'],
    [0x01, 'NO_TRANSPONDER'],
    [0x02, 'DATA_FALSE'],
    [0x03, 'WRITE_ERROR'],
    [0x04, 'ADDRESS_ERROR'],
    [0x05, 'WRONG_TRANSPONDER_TYPE'],
    [0x0e, 'GENERAL_ERROR'],
    [0x11, 'PARAMETER_RANGE'],
    [0x80, 'UNKNOWN_COMMAND'],
    [0x81, 'LENGTH_ERROR'],
    [0x82, 'NOT_AVAILABLE'],
    [0x83, 'RF_COMMUNICATION_ERROR'],
    [0x93, 'BUFFER_OVERFLOW'],
    [0x94, 'MORE_DATA'],
    [0x95, 'ISO_ERROR'],
  ])('0x%s is %s', (code, name) => {
    const info = describeFeigStatus(code);
    expect(info.name).toBe(name);
    expect(info.message.length).toBeGreaterThan(1);
  });
  it('names an unknown status', () => {
    expect(describeFeigStatus(0x42)).toEqual({ status: 0x42, name: 'UNKNOWN_STATUS', message: 'unknown reader status 0x42' });
  });
});

describe('FEIG response parsers', () => {
  it('parses an inventory reply from the wire', () => {
    const f = unwrap(decodeFeigResponse(hex('11 00 B0 00 01 03 00 E0 04 01 50 12 34 56 78 BA 40')));
    expect(unwrap(parseInventoryResponse(f))).toEqual({ tags: [{ trType: 3, dsfid: 0, uid: UID }], more: false });
  });
  it('flags STATUS 0x94 as more tags waiting', () => {
    const r = unwrap(parseInventoryResponse(frame(0xb0, 0x94, '02 03 06 E0 04 01 50 12 34 56 78 03 3E E0 07 00 00 01 02 03 04')));
    expect(r.more).toBe(true);
    expect(r.tags).toEqual([
      { trType: 3, dsfid: 0x06, uid: UID },
      { trType: 3, dsfid: 0x3e, uid: 'E007000001020304' },
    ]);
  });
  it('treats "no transponder" as an empty inventory', () => {
    expect(unwrap(parseInventoryResponse(frame(0xb0, 0x01, '')))).toEqual({ tags: [], more: false });
  });
  it('reports a DATA-SETS count that does not match the bytes', () => {
    const e = expectError(parseInventoryResponse(frame(0xb0, 0, '02 03 00 E0 04 01 50 12 34 56 78')), 'BAD_LENGTH');
    expect(e.message).toBe('inventory reply announces 2 tags (21 bytes) but carries 11 bytes');
  });
  it('reports a read reply whose size does not match DB-N × DB-SIZE', () => {
    const e = expectError(parseReadMultipleBlocksResponse(frame(0xb0, 0, '02 04 00 11 01 01 31')), 'BAD_LENGTH');
    expect(e.message).toBe('read reply announces 2 blocks of 4 bytes (12 bytes) but carries 7');
  });
  it('parses a well-formed read reply exactly', () => {
    const r = unwrap(parseReadMultipleBlocksResponse(frame(0xb0, 0, '02 04 00 11 01 01 31 01 31 32 32 33')));
    expect(r).toEqual({ blockSize: 4, blocks: [{ securityStatus: 0, data: hex('11 01 01 31') }, { securityStatus: 1, data: hex('31 32 32 33') }] });
    expect(toHex(joinBlocks(r.blocks))).toBe('11 01 01 31 31 32 32 33');
  });
  it('reports an ISO error with its code and meaning', () => {
    const e = expectError(parseAcknowledgement(frame(0xb0, 0x95, '12')), 'ISO_ERROR');
    expect(e.status).toBe(0x95);
    expect(e.isoError).toBe(0x12);
    expect(e.message).toBe('the transponder returned an ISO 15693 error: 0x12 the block is locked and cannot be changed');
  });
  it('reports reader statuses by name', () => {
    const e = expectError(parseReadMultipleBlocksResponse(frame(0xb0, 0x01, '')), 'READER_STATUS');
    expect(e.message).toBe('reader status 0x01 NO_TRANSPONDER: no transponder in the reader field');
    expect(unwrap(parseAcknowledgement(frame(0xb0, 0, '')))).toBe(true);
    expectError(parseAcknowledgement(frame(0x65, 0, '')), 'UNEXPECTED_COMMAND');
  });
  it('parses system information', () => {
    expect(unwrap(parseSystemInformationResponse(frame(0xb0, 0, '3E E0 04 01 50 12 34 56 78 07 03 1B 01')))).toEqual({
      dsfid: 0x3e,
      uid: UID,
      afi: 0x07,
      memSize: 0x031b,
      blockSize: 4,
      blockCount: 28,
      icReference: 1,
    });
    expectError(parseSystemInformationResponse(frame(0xb0, 0, '3E E0')), 'BAD_LENGTH');
  });
  it('parses the software version', () => {
    const f = unwrap(decodeFeigResponse(hex('0D 00 65 00 03 06 00 71 24 00 08 7F 3E')));
    expect(unwrap(parseSoftwareVersionResponse(f))).toEqual({
      softwareRevision: 0x0306,
      developmentRevision: 0x00,
      hardwareType: 0x71,
      softwareType: 0x24,
      transponderTypes: 0x0008,
      raw: hex('03 06 00 71 24 00 08'),
    });
    expectError(parseSoftwareVersionResponse(frame(0x65, 0, '03')), 'BAD_LENGTH');
  });
  it('never throws on arbitrary response frames', () => {
    const parsers = [parseInventoryResponse, parseReadMultipleBlocksResponse, parseAcknowledgement, parseSystemInformationResponse, parseSoftwareVersionResponse];
    fc.assert(
      fc.property(
        fc.record({ comAdr: fc.nat(255), cmd: fc.constantFrom(0xb0, 0x65, 0x00), status: fc.constantFrom(0, 1, 0x83, 0x94, 0x95, 0xff), data: fc.uint8Array({ maxLength: 40 }) }),
        (f) => {
          for (const parse of parsers) {
            const r = parse(f);
            if (!r.ok) expect(r.error.message.length).toBeGreaterThan(5);
          }
        },
      ),
      FC_RUNS,
    );
  });
  it('inventory parse round-trips generated tags', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ trType: fc.nat(255), dsfid: fc.nat(255), uid: fc.uint8Array({ minLength: 8, maxLength: 8 }) }), { maxLength: 20 }), (tags) => {
        const data = Uint8Array.from([tags.length, ...tags.flatMap((t) => [t.trType, t.dsfid, ...t.uid])]);
        const r = unwrap(parseInventoryResponse({ comAdr: 0, cmd: 0xb0, status: FEIG_STATUS.OK, data }));
        expect(r.tags).toEqual(tags.map((t) => ({ trType: t.trType, dsfid: t.dsfid, uid: toHex(t.uid).replace(/ /g, '') })));
      }),
      FC_RUNS,
    );
  });
});
