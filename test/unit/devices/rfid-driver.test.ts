// FEIG and 3M drivers against the simulators' byte streams in memory (no
// reader loop): the exact request bytes, continuation, typed status errors,
// timeouts with late replies, noise, and properties over arbitrary input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFeigResponse } from '#main/devices/rfid/feig/frame';
import { encodeBibliothecaReply } from '#main/devices/rfid/bibliotheca/frame';
import { bytesToHex } from '#main/devices/bytes/hex';
import { BibliothecaDriver } from '#main/devices/rfid/bibliotheca/driver';
import { parseInventoryReply, parseReadReply, wireUid } from '#main/devices/rfid/bibliotheca/protocol';
import { FeigDriver } from '#main/devices/rfid/feig/driver';
import { decodeTagMemory } from '#main/devices/rfid/tag-data/tag-decode';
import { setCompleteness } from '#main/devices/rfid/set-completeness';
import { BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import { FeigPadSimulator } from '#main/simulators/feig-pad';
import { bookStack, bookTag } from '#main/simulators/tag-fixtures';

/** Wires a driver straight to a simulator's respond(): what the driver writes, the simulator answers on the next tick. */
function feigPair(sim: FeigPadSimulator, options: ConstructorParameters<typeof FeigDriver>[1] = {}) {
  const sent: string[] = [];
  let deliver: (bytes: Uint8Array) => void = () => undefined;
  const driver = new FeigDriver(async (bytes) => {
    sent.push(bytesToHex(bytes, ' '));
    const replies = sim.respond(bytes);
    setImmediate(() => replies.forEach((r) => deliver(r)));
  }, options);
  deliver = (bytes) => driver.receive(bytes);
  return { driver, sent };
}

describe('FEIG driver', () => {
  it('sends the documented inventory frame and follows "more data" until the last page', async () => {
    const sim = new FeigPadSimulator({ maxTagsPerReply: 3 });
    const stack = bookStack(7);
    stack.forEach((t) => sim.addTag(t));
    const { driver, sent } = feigPair(sim);
    const result = await driver.inventory();
    expect(result.ok && result.value.map((t) => t.uid)).toEqual(stack.map((t) => t.uid));
    expect(sent[0]).toBe('07 FF B0 01 00 1C 56');
    // MODE bit 7 (MORE) on the continuations.
    expect(sent.slice(1).every((f) => f.startsWith('07 FF B0 01 80'))).toBe(true);
    expect(sent).toHaveLength(3);
  });

  it('uses advanced frames when configured (02 ALEN … as in the worked example)', async () => {
    const sim = new FeigPadSimulator();
    sim.addTag(bookTag({ itemId: '31234000000019' }));
    const { driver, sent } = feigPair(sim, { frame: 'advanced' });
    const result = await driver.inventory();
    expect(result.ok && result.value).toHaveLength(1);
    expect(sent[0]).toBe('02 00 09 FF B0 01 00 18 43');
  });

  it('reads a tag, writes blocks and AFI, and maps reader status to typed errors', async () => {
    const sim = new FeigPadSimulator();
    const tag = bookTag({ itemId: '31234000000019', title: '紅樓夢' });
    sim.addTag(tag);
    const { driver } = feigPair(sim);
    const memory = await driver.readTag({ uid: tag.uid, dsfid: null });
    expect(memory.ok && bytesToHex(memory.value.bytes)).toBe(bytesToHex(tag.memory));
    expect(memory.ok && memory.value.dsfid).toBe(0x3e);
    expect(memory.ok && memory.value.afi).toBe(0x07);

    const write = await driver.writeBlocks(tag.uid, 27, Uint8Array.of(1, 2, 3, 4));
    expect(write).toEqual({ ok: true, value: true });
    expect([...tag.memory.subarray(108, 112)]).toEqual([1, 2, 3, 4]);

    tag.lockedBlocks.add(27);
    const locked = await driver.writeBlocks(tag.uid, 27, Uint8Array.of(9, 9, 9, 9));
    expect(!locked.ok && locked.error).toMatchObject({ code: 'TAG_LOCKED', status: 0x95, isoError: 0x12 });

    const beyond = await driver.writeBlocks(tag.uid, 28, Uint8Array.of(0, 0, 0, 0));
    expect(!beyond.ok && beyond.error.code).toBe('READER_STATUS');
    expect(!beyond.ok && beyond.error.isoError).toBe(0x10);

    const absent = await driver.readAfi('E004019999999999');
    expect(!absent.ok && absent.error).toMatchObject({ code: 'NO_TRANSPONDER', status: 0x01 });

    expect(await driver.writeAfi(tag.uid, 0xc2)).toEqual({ ok: true, value: true });
    expect(await driver.readAfi(tag.uid)).toEqual({ ok: true, value: 0xc2 });

    const badUid = await driver.writeAfi('not-a-uid', 0x07);
    expect(!badUid.ok && badUid.error.code).toBe('BAD_REQUEST');
  });

  it('reads a tag larger than 128 bytes in several calls', async () => {
    const sim = new FeigPadSimulator();
    const tag = bookTag({ itemId: '31234000000019', title: '一本很長的書名'.repeat(6), blockCount: 64 });
    sim.addTag(tag);
    const { driver, sent } = feigPair(sim);
    const memory = await driver.readTag({ uid: tag.uid, dsfid: null });
    expect(memory.ok && memory.value.bytes.length).toBe(256);
    expect(sent.filter((f) => / B0 23 01 /.test(f))).toHaveLength(2);
    expect(memory.ok && decodeTagMemory(memory.value)).toMatchObject({ ok: true, value: { title: '一本很長的書名'.repeat(6) } });
  });

  it('discards the late reply to a timed-out request instead of taking it for the next answer', async () => {
    // A hand-driven pad: each request waits for the test to answer it.
    const requests: Uint8Array[] = [];
    const driver = new FeigDriver(async (bytes) => void requests.push(bytes), { timeoutMs: 30, settleMs: 15 });
    const staleReply = encodeFeigResponse({ comAdr: 0, cmd: 0xb0, status: 0x00, data: Uint8Array.of(1, 0x03, 0x3e, 0xe0, 4, 1, 0, 0, 0, 0, 0x99) });
    const goodReply = encodeFeigResponse({ comAdr: 0, cmd: 0xb0, status: 0x01, data: new Uint8Array(0) });
    if (!staleReply.ok || !goodReply.ok) throw new Error('fixture');

    const first = await driver.inventory();
    expect(!first.ok && first.error.code).toBe('TIMEOUT');
    // The first reply arrives now, late; the second request must not see it.
    const second = driver.inventory();
    driver.receive(staleReply.value);
    await new Promise((r) => setTimeout(r, 5));
    driver.receive(staleReply.value.subarray(0, 4)); // and a fragment of noise
    await new Promise<void>((resolve) => {
      const wait = () => (requests.length >= 2 ? resolve() : setTimeout(wait, 2));
      wait();
    });
    driver.receive(goodReply.value);
    const result = await second;
    expect(result).toEqual({ ok: true, value: [] });
    expect(driver.stats.timeouts).toBe(1);
    expect(driver.stats.discardedFrames).toBeGreaterThanOrEqual(1);
  });

  it('resynchronises after line noise before a reply', async () => {
    const sim = new FeigPadSimulator();
    sim.addTag(bookTag({ itemId: '31234000000019' }));
    let deliver: (b: Uint8Array) => void = () => undefined;
    const driver = new FeigDriver(async (bytes) => {
      const replies = sim.respond(bytes);
      setImmediate(() => {
        deliver(Uint8Array.of(0x02, 0xff, 0x13, 0x00, 0x77));
        replies.forEach((r) => deliver(r));
      });
    });
    deliver = (b) => driver.receive(b);
    const result = await driver.inventory();
    expect(result.ok && result.value).toHaveLength(1);
  });

  it('fails every outstanding request with DISCONNECTED when the link is lost', async () => {
    const driver = new FeigDriver(async () => undefined, { timeoutMs: 5000 });
    const pending = driver.inventory();
    driver.linkLost('cable pulled');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    expect(await driver.readAfi('E004010000000001')).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
  });

  it('never throws on arbitrary bytes from the line, and an outstanding request still ends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), async (chunks) => {
        const driver = new FeigDriver(async () => undefined, { timeoutMs: 5, settleMs: 1 });
        const pending = driver.inventory();
        for (const c of chunks) driver.receive(c);
        const result = await pending;
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 60 },
    );
  });
});

describe('3M / Bibliotheca driver', () => {
  it('speaks the captured frames: inventory D6 00 05 FE 00 05 + check, UIDs either way round', async () => {
    for (const uidOrder of ['msb-first', 'lsb-first'] as const) {
      const sim = new BibliothecaPadSimulator({ uidOrder });
      const tag = bookTag({ itemId: '31234000000019', title: '小王子', afi: 0xd7 });
      sim.addTag(tag);
      const sent: string[] = [];
      let deliver: (b: Uint8Array) => void = () => undefined;
      const driver = new BibliothecaDriver(async (bytes) => {
        sent.push(bytesToHex(bytes, ' '));
        const replies = sim.respond(bytes);
        setImmediate(() => replies.forEach((r) => deliver(r)));
      });
      deliver = (b) => driver.receive(b);
      const inventory = await driver.inventory();
      expect(inventory.ok && inventory.value.map((t) => t.uid)).toEqual([tag.uid]);
      expect(sent[0]!.startsWith('D6 00 05 FE 00 05')).toBe(true);
      const memory = await driver.readTag({ uid: tag.uid, dsfid: null });
      expect(memory.ok && memory.value.afi).toBe(0xd7);
      expect(memory.ok && decodeTagMemory(memory.value)).toMatchObject({ ok: true, value: { title: '小王子', security: 'secured' } });
      expect(await driver.writeAfi(tag.uid, 0xda)).toEqual({ ok: true, value: true });
      expect(tag.afi).toBe(0xda);
      const absent = await driver.readAfi('E004019999999999');
      expect(!absent.ok && absent.error.code).toBe('NO_TRANSPONDER');
    }
  });

  it('reply parsers return typed errors, never throw, on arbitrary fields', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 255 }), (fields, error) => {
        const reply = { cmd: 0xfe, error, fields };
        expect(typeof parseInventoryReply(reply).ok).toBe('boolean');
        expect(typeof parseReadReply({ ...reply, cmd: 0x02 }, fields.slice(0, 8), 0, 2).ok).toBe('boolean');
      }),
    );
    expect(wireUid(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))).toMatchObject({ ok: false, error: { code: 'BAD_REPLY' } });
  });

  it('discards garbage and replies to other commands', async () => {
    let deliver: (b: Uint8Array) => void = () => undefined;
    const driver = new BibliothecaDriver(async () => {
      const other = encodeBibliothecaReply({ cmd: 0x11, error: 0, fields: Uint8Array.of(1) });
      const right = encodeBibliothecaReply({ cmd: 0xfe, error: 0, fields: Uint8Array.of(0, 5, 0) });
      if (!other.ok || !right.ok) throw new Error('fixture');
      setImmediate(() => {
        deliver(Uint8Array.of(0xd6, 0x00));
        deliver(other.value);
        deliver(right.value);
      });
    });
    deliver = (b) => driver.receive(b);
    expect(await driver.inventory()).toEqual({ ok: true, value: [] });
  });
});

describe('tag data decoding', () => {
  it('never throws on arbitrary tag memory and always answers with data or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160 }), fc.constantFrom(null, 0, 0x06, 0x3e, 0x99), fc.constantFrom(4, 8), (bytes, dsfid, blockSize) => {
        const result = decodeTagMemory({ uid: 'E004010000000001', dsfid, afi: null, blockSize, bytes });
        if (!result.ok) expect(['BLANK', 'CRC_MISMATCH', 'CORRUPT_DATA', 'UNKNOWN_FORMAT']).toContain(result.error.code);
      }),
      { numRuns: 500 },
    );
  });

  it('reads part 3 with DSFID 00 in either block order, and part 2 with bytes reversed per block', () => {
    for (const spec of [
      { format: 'iso28560-3', blockOrder: 'reversed-per-block', dsfid: 0 },
      { format: 'iso28560-2', blockOrder: 'reversed-per-block', dsfid: 0 },
      { format: 'iso28560-2', blockOrder: 'as-read', dsfid: 0 },
    ] as const) {
      const tag = bookTag({ itemId: '31234000000019', title: '三國演義', partsInItem: 2, partNumber: 2, ...spec });
      const result = decodeTagMemory({ uid: tag.uid, dsfid: tag.dsfid, afi: 0x07, blockSize: 4, bytes: tag.memory });
      expect(result).toMatchObject({ ok: true, value: { format: spec.format, blockOrder: spec.blockOrder, title: '三國演義', set: { partsInItem: 2, partNumber: 2 } } });
    }
  });

  it('set completeness lists present, missing and duplicated parts', () => {
    const part = (uid: string, partNumber: number, partsInItem = 3) => ({ uid, primaryItemId: 'X1', owner: 'TW-A', set: { partsInItem, partNumber } });
    const [report] = setCompleteness([part('a', 1), part('b', 3), part('c', 3), { ...part('d', 1, 1), primaryItemId: 'single' }]);
    expect(report).toMatchObject({ primaryItemId: 'X1', present: [1, 3], missing: [2], duplicates: [3], complete: false, inconsistent: false });
    expect(setCompleteness([part('a', 1, 2), part('b', 2, 2)])[0]!.complete).toBe(true);
  });
});
