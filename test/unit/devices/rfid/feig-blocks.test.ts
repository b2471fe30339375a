// FEIG host mode block order (MSB first), block locking and block security
// status: request bytes per the FEIG system manuals' layouts, and the driver
// against the simulator so what is written through a reader is stored in the
// tag's memory order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '#main/devices/bytes/hex';
import { FeigDriver } from '#main/devices/rfid/feig/driver';
import {
  fromHostBlockOrder,
  getMultipleBlockSecurityStatusRequest,
  lockMultipleBlocksRequest,
  parseAcknowledgement,
  parseBlockSecurityStatusResponse,
  readMultipleBlocksRequest,
  toHostBlockOrder,
} from '#main/devices/rfid/feig/protocol';
import { encodeFeigRequest } from '#main/devices/rfid/feig/frame';
import type { FeigResponseFrame } from '#main/devices/rfid/feig/frame';
import { decodeTagMemory } from '#main/devices/rfid/tag-data/tag-decode';
import { FeigPadSimulator } from '#main/simulators/feig-pad';
import { bookTag } from '#main/simulators/tag-fixtures';
import { expectError, FC_RUNS, hex, toHex, unwrap } from '#test/unit/codecs/helpers';

const UID = 'E004015012345678';
const frame = (status: number, data: string): FeigResponseFrame => ({ comAdr: 0, cmd: 0xb0, status, data: hex(data) });

function feigPair(sim: FeigPadSimulator) {
  const sent: string[] = [];
  let deliver: (bytes: Uint8Array) => void = () => undefined;
  const driver = new FeigDriver(async (bytes) => {
    sent.push(bytesToHex(bytes, ' '));
    const replies = sim.respond(bytes);
    setImmediate(() => replies.forEach((r) => deliver(r)));
  });
  deliver = (bytes) => driver.receive(bytes);
  return { driver, sent };
}

describe('FEIG requests for locking and security status', () => {
  it('[0x22] Lock Multiple Blocks: 22 MODE UID DB-ADR DB-N', () => {
    expect(toHex(unwrap(lockMultipleBlocksRequest({ mode: 'addressed', uid: UID }, 0, 4)).data)).toBe('22 01 E0 04 01 50 12 34 56 78 00 04');
  });
  it('[0x2C] Get Multiple Block Security Status: 2C MODE UID DB-ADR DB-N', () => {
    expect(toHex(unwrap(getMultipleBlockSecurityStatusRequest({ mode: 'addressed', uid: UID }, 2, 3)).data)).toBe('2C 01 E0 04 01 50 12 34 56 78 02 03');
  });
  it('[0x23] with the SEC bit: MODE 09', () => {
    expect(toHex(unwrap(readMultipleBlocksRequest({ mode: 'addressed', uid: UID }, 0, 1, { securityStatus: true })).data).slice(0, 5)).toBe('23 09');
  });
  it('parses the security status reply and its errors', () => {
    expect(unwrap(parseBlockSecurityStatusResponse(frame(0x00, '03 01 00 01')))).toEqual([1, 0, 1]);
    expectError(parseBlockSecurityStatusResponse(frame(0x00, '03 01')), 'BAD_LENGTH');
    expectError(parseBlockSecurityStatusResponse(frame(0x00, '')), 'BAD_LENGTH');
  });
  it('a failed lock or write names the block (DB-ADR-E) after STATUS 0x95 and 0x03', () => {
    const iso = expectError(parseAcknowledgement(frame(0x95, '11 02')), 'ISO_ERROR');
    expect([iso.isoError, iso.failedBlock]).toEqual([0x11, 2]);
    expect(iso.message).toContain('already locked at block 2');
    const write = expectError(parseAcknowledgement(frame(0x03, '05')), 'READER_STATUS');
    expect(write.failedBlock).toBe(5);
  });
  it('host order is each block reversed, and its own inverse', () => {
    expect(toHex(toHostBlockOrder(hex('11 01 01 31 32 33 34 35'), 4))).toBe('31 01 01 11 35 34 33 32');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.uint8Array({ maxLength: 64 }), (size, bytes) => {
        expect(toHex(fromHostBlockOrder(toHostBlockOrder(bytes, size), size))).toBe(toHex(bytes));
      }),
      FC_RUNS,
    );
  });
});

describe('FEIG driver and simulator: MSB-first blocks, locks', () => {
  it('the reader sends blocks MSB first; the driver hands the codecs memory order', async () => {
    const sim = new FeigPadSimulator();
    const tag = bookTag({ itemId: '31234000000019' });
    sim.addTag(tag);
    const { driver, sent } = feigPair(sim);
    const wire = sim.respond(unwrap(readMultipleBlocksRequestBytes(tag.uid)))[0]!;
    // STATUS 00, DB-N 01, DB-SIZE 04, SEC 00, then block 0 (11 01 01 33 in memory) as 33 01 01 11.
    expect(toHex(wire.subarray(3, 11))).toBe('00 01 04 00 33 01 01 11');
    const memory = unwrap(await driver.readTag({ uid: tag.uid, dsfid: null }));
    expect(toHex(memory.bytes)).toBe(toHex(tag.memory));
    expect(unwrap(decodeTagMemory(memory)).blockOrder).toBe('as-read');
    expect(sent.length).toBeGreaterThan(1);
  });
  it('blocks written through the reader are stored in memory order', async () => {
    const sim = new FeigPadSimulator();
    const tag = bookTag({ itemId: '31234000000019' });
    sim.addTag(tag);
    const { driver, sent } = feigPair(sim);
    unwrap(await driver.readTag({ uid: tag.uid, dsfid: null }));
    unwrap(await driver.writeBlocks(tag.uid, 1, hex('41 42 43 44')));
    expect(sent.at(-1)).toContain('24 01 ' + tag.uid.match(/../g)!.join(' ') + ' 01 01 04 44 43 42 41');
    expect(toHex(tag.memory.subarray(4, 8))).toBe('41 42 43 44');
  });
  it('locks blocks, reports their state, and a later write to them fails as TAG_LOCKED', async () => {
    const sim = new FeigPadSimulator();
    const tag = bookTag({ itemId: '31234000000019' });
    sim.addTag(tag);
    const { driver } = feigPair(sim);
    unwrap(await driver.lockBlocks(tag.uid, 0, 2));
    expect(unwrap(await driver.blockLocks(tag.uid, 0, 3))).toEqual([true, true, false]);
    const again = await driver.lockBlocks(tag.uid, 1, 1);
    expect(!again.ok && again.error.code).toBe('TAG_LOCKED');
    const write = await driver.writeBlocks(tag.uid, 0, hex('00 00 00 00'));
    expect(!write.ok && write.error.code).toBe('TAG_LOCKED');
    expect(!write.ok && write.error.message).toContain('block 0');
    unwrap(await driver.writeBlocks(tag.uid, 2, hex('00 00 00 00')));
  });
});

describe('FEIG write and read back, any data', () => {
  it('what the driver writes through the simulated reader reads back identically and sits in memory order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 27 }), fc.uint8Array({ minLength: 4, maxLength: 32 }), async (first, raw) => {
        const data = raw.subarray(0, Math.min(raw.length - (raw.length % 4), (28 - first) * 4));
        fc.pre(data.length > 0);
        const sim = new FeigPadSimulator();
        const tag = bookTag({ itemId: '31234000000019' });
        sim.addTag(tag);
        const { driver } = feigPair(sim);
        unwrap(await driver.readTag({ uid: tag.uid, dsfid: null }));
        unwrap(await driver.writeBlocks(tag.uid, first, data));
        expect(toHex(tag.memory.subarray(first * 4, first * 4 + data.length))).toBe(toHex(data));
        const back = unwrap(await driver.readTag({ uid: tag.uid, dsfid: null }));
        expect(toHex(back.bytes)).toBe(toHex(tag.memory));
      }),
      { numRuns: 40 },
    );
  });
});

function readMultipleBlocksRequestBytes(uid: string) {
  return encodeFeigRequest(unwrap(readMultipleBlocksRequest({ mode: 'addressed', uid }, 0, 1)));
}
