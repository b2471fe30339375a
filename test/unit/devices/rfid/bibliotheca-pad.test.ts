// 3M / Bibliotheca: the read reply's block records (number, lock byte, 4
// data bytes), locked blocks, and the 810's D5 hardware probe with D6 for
// every other command — against the captured frames and the simulator.
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '#main/devices/bytes/hex';
import { BibliothecaDriver } from '#main/devices/rfid/bibliotheca/driver';
import { encodeBibliothecaRequest } from '#main/devices/rfid/bibliotheca/frame';
import { parseReadReply } from '#main/devices/rfid/bibliotheca/protocol';
import { decodeTagMemory } from '#main/devices/rfid/tag-data/tag-decode';
import { BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import type { BibliothecaPadOptions } from '#main/simulators/bibliotheca-pad';
import { bookTag } from '#main/simulators/tag-fixtures';
import { expectError, hex, toHex, unwrap } from '#test/unit/codecs/helpers';

const WIRE = hex('E0 04 01 00 00 00 10 01');

function pair(simOptions: BibliothecaPadOptions, model: '210' | '810' = '210') {
  const sim = new BibliothecaPadSimulator(simOptions);
  const sent: string[] = [];
  let deliver: (b: Uint8Array) => void = () => undefined;
  const driver = new BibliothecaDriver(
    async (bytes) => {
      sent.push(bytesToHex(bytes, ' '));
      const replies = sim.respond(bytes);
      setImmediate(() => replies.forEach((r) => deliver(r)));
    },
    { model, timeoutMs: 200 },
  );
  deliver = (b) => driver.receive(b);
  return { sim, driver, sent };
}

describe('3M read reply records', () => {
  it('block number, lock byte, 4 data bytes: a locked block 0 is block 0, locked', () => {
    const fields = Uint8Array.from([...WIRE, 2, 0x00, 0x01, 0x11, 0x01, 0x01, 0x33, 0x01, 0x00, 0x31, 0x32, 0x33, 0x34]);
    const r = unwrap(parseReadReply({ cmd: 0x02, error: 0, fields }, WIRE, 0, 2));
    expect(toHex(r.data)).toBe('11 01 01 33 31 32 33 34');
    expect(r.locked).toEqual([true, false]);
  });
  it('names a wrong block number and a per-block error', () => {
    const wrong = Uint8Array.from([...WIRE, 1, 0x05, 0x00, 1, 2, 3, 4]);
    expect(expectError(parseReadReply({ cmd: 0x02, error: 0, fields: wrong }, WIRE, 0, 1), 'BAD_REPLY').message).toBe('read reply record 0 is block 5, expected 0');
    const failed = Uint8Array.from([...WIRE, 1, 0x00, 0x80, 1, 2, 3, 4]);
    expect(expectError(parseReadReply({ cmd: 0x02, error: 0, fields: failed }, WIRE, 0, 1), 'READ_FAILED').message).toContain('0x80');
  });
});

describe('3M 810: D5 only for the hardware probe', () => {
  it('the probe is D5 00 05 04 00 11 8C 66 and the 810 answers D5 00 09 04 00 11 0A 05 00 02 72 50', () => {
    const probe = unwrap(encodeBibliothecaRequest({ cmd: 0x04, fields: hex('00 11') }, { startByte: 0xd5 }));
    expect(toHex(probe)).toBe('D5 00 05 04 00 11 8C 66');
    const sim = new BibliothecaPadSimulator({ profile: 'model-810' });
    expect(sim.respond(probe).map((b) => toHex(b))).toEqual(['D5 00 09 04 00 11 0A 05 00 02 72 50']);
    expect(new BibliothecaPadSimulator({ profile: 'model-210' }).respond(probe)).toEqual([]);
  });
  it('the 810 driver probes once with D5, then frames every command with D6', async () => {
    const { sim, driver, sent } = pair({ profile: 'model-810' }, '810');
    const tag = bookTag({ itemId: '31234000000019' });
    sim.addTag(tag);
    const tags = unwrap(await driver.inventory());
    expect(tags.map((t) => t.uid)).toEqual([tag.uid]);
    unwrap(await driver.readTag(tags[0]!));
    expect(sent[0]).toBe('D5 00 05 04 00 11 8C 66');
    expect(sent.slice(1).every((f) => f.startsWith('D6'))).toBe(true);
    expect(sent.filter((f) => f.startsWith('D5'))).toHaveLength(1);
    expect(driver.hardwareVersion).toBe('10.5.0.2');
  });
  it('a command framed with D5 goes unanswered (the old "810 mode")', () => {
    const sim = new BibliothecaPadSimulator({ profile: 'model-810' });
    sim.addTag(bookTag({ itemId: '31234000000019' }));
    const inventoryD5 = unwrap(encodeBibliothecaRequest({ cmd: 0xfe, fields: hex('00 05') }, { startByte: 0xd5 }));
    expect(sim.respond(inventoryD5)).toEqual([]);
    expect(sim.probes).toBe(1);
  });
});

describe('3M locked blocks', () => {
  for (const profile of ['model-210', 'model-810'] as const) {
    it(`${profile}: a tag with its item id blocks locked reads; writing them fails TAG_LOCKED`, async () => {
      const { sim, driver } = pair({ profile }, profile === 'model-810' ? '810' : '210');
      const tag = bookTag({ itemId: '31234000000019', title: '小王子' });
      [0, 1, 2, 3, 4].forEach((b) => tag.lockedBlocks.add(b));
      sim.addTag(tag);
      const memory = unwrap(await driver.readTag({ uid: tag.uid, dsfid: null }));
      expect(toHex(memory.bytes)).toBe(toHex(tag.memory));
      expect(unwrap(decodeTagMemory(memory)).primaryItemId).toBe('31234000000019');
      const write = await driver.writeBlocks(tag.uid, 0, hex('00 00 00 00'));
      expect(!write.ok && write.error.code).toBe('TAG_LOCKED');
      unwrap(await driver.writeBlocks(tag.uid, 20, hex('01 02 03 04')));
      expect(toHex(tag.memory.subarray(80, 84))).toBe('01 02 03 04');
    });
  }
});
