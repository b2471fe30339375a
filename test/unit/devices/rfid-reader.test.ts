// The pad reader against the FEIG and 3M simulators over an in-memory link:
// the simulators speak the real bytes, the link delivers them asynchronously
// and (in some tests) in random chunks.
import { afterEach, describe, expect, it } from 'vitest';
import { BIBLIOTHECA_AFI, LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { bibliothecaDriverFactory } from '#main/devices/rfid/bibliotheca/driver';
import { feigDriverFactory } from '#main/devices/rfid/feig/driver';
import { MemoryLink } from '#main/link/memory-transport';
import { PadReader } from '#main/devices/rfid/pad-reader';
import type { TagDataEvent } from '#main/devices/rfid/pad-reader';
import { BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import { FeigPadSimulator } from '#main/simulators/feig-pad';
import { bookStack, bookTag, corruptTag, patronCardTag, setTags, blankTag } from '#main/simulators/tag-fixtures';

const readers: PadReader[] = [];

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.stop()));
});

function collect(reader: PadReader) {
  const data = new Map<string, TagDataEvent>();
  const errors = new Map<string, string>();
  const arrived: string[] = [];
  const left: string[] = [];
  reader.on('tagData', (e) => data.set(e.uid, e));
  reader.on('tagError', (e) => errors.set(e.uid, e.error.code));
  reader.on('tagArrived', (e) => arrived.push(e.uid));
  reader.on('tagLeft', (e) => left.push(e.uid));
  return { data, errors, arrived, left };
}

/** Resolves once `predicate` holds, checked after every reader event. */
function until(reader: PadReader, predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: Array<() => void> = [];
    const timer = setTimeout(() => {
      offs.forEach((off) => off());
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      offs.forEach((off) => off());
      resolve();
    };
    for (const type of ['tagData', 'tagError', 'tagArrived', 'tagLeft', 'status', 'security', 'readerError', 'inventory'] as const) offs.push(reader.on(type, check));
    check();
  });
}

function randomChunker(seed: number) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return (bytes: Uint8Array) => {
    const out: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; ) {
      const n = 1 + Math.floor(rand() * 7);
      out.push(bytes.slice(at, at + n));
      at += n;
    }
    return out;
  };
}

async function feigSetup(options: { chunked?: boolean; missesBeforeLeft?: number; timeoutMs?: number } = {}) {
  const link = new MemoryLink({ chunker: options.chunked ? randomChunker(7) : undefined });
  const sim = new FeigPadSimulator({ maxTagsPerReply: 4 });
  await sim.attach(link);
  const reader = new PadReader({
    kind: 'feig',
    opener: link.opener,
    driver: feigDriverFactory({ timeoutMs: options.timeoutMs ?? 300, settleMs: 20 }),
    pollIntervalMs: 5,
    missesBeforeLeft: options.missesBeforeLeft ?? 3,
    backoff: { initialMs: 10, maxMs: 80 },
  });
  readers.push(reader);
  return { link, sim, reader, seen: collect(reader) };
}

describe('pad reader over the FEIG simulator', () => {
  it('reads a mixed stack of 10 (part 3 and part 2, both block orders, Chinese titles) through inventory continuations', async () => {
    const { sim, reader, seen } = await feigSetup({ chunked: true });
    const stack = bookStack(10, { mixed: true });
    stack.forEach((t) => sim.addTag(t));
    reader.start();
    await until(reader, () => seen.data.size === 10, '10 tags decoded');
    expect(seen.arrived).toHaveLength(10);
    expect(seen.errors.size).toBe(0);
    const infos = stack.map((t) => seen.data.get(t.uid)!.info);
    expect(new Set(infos.map((i) => i.format))).toEqual(new Set(['iso28560-3', 'iso28560-2']));
    expect(new Set(infos.map((i) => i.blockOrder))).toEqual(new Set(['as-read', 'reversed-per-block']));
    expect(infos[0]!.title).toBe('臺灣通史');
    expect(infos[3]!.title).toBe('台東縣志：卑南族篇');
    expect(infos.every((i) => i.kind === 'item' && i.security === 'secured' && /^30123\d{9}$/.test(i.primaryItemId))).toBe(true);
    expect(infos[0]!.owner).toBe('TW-NTTU');
    // 10 tags, 4 per reply: every full inventory takes three frames (0x94, 0x94, 0x00).
    expect(sim.count(0xb0, 0x01)).toBeGreaterThanOrEqual(3);
  });

  it('tells patron cards from items and reports corrupt and blank tags as per-tag errors', async () => {
    const { sim, reader, seen } = await feigSetup();
    const card = patronCardTag('21234000012345', { title: undefined });
    const bad = corruptTag(bookTag({ itemId: '31234000000019', title: '壞掉的標籤' }));
    const blank = blankTag();
    const part2Card = patronCardTag('29999000000017', { format: 'iso28560-2' });
    [card, bad, blank, part2Card].forEach((t) => sim.addTag(t));
    reader.start();
    await until(reader, () => seen.data.size + seen.errors.size === 4, 'all four tags handled');
    expect(seen.data.get(card.uid)!.info.kind).toBe('patron');
    expect(seen.data.get(part2Card.uid)!.info.kind).toBe('patron');
    expect(seen.data.get(part2Card.uid)!.info.typeOfUsage).toBe(0x80);
    expect(seen.errors.get(bad.uid)).toBe('CRC_MISMATCH');
    expect(seen.errors.get(blank.uid)).toBe('BLANK');
  });

  it('a tag taken off leaves only after N consecutive misses; a one-round flicker does not', async () => {
    const { sim, reader, seen } = await feigSetup({ missesBeforeLeft: 3 });
    const [a, b] = bookStack(2);
    sim.addTag(a!);
    sim.addTag(b!);
    reader.start();
    await until(reader, () => seen.data.size === 2, 'two tags');
    // Flicker: gone for one inventory round, then back.
    sim.removeTag(b!.uid);
    await reader.next('inventory', (e) => !e.uids.includes(b!.uid));
    sim.addTag(b!);
    let rounds = 0;
    await reader.next('inventory', (e) => e.uids.includes(b!.uid) && ++rounds === 5);
    expect(seen.left).toEqual([]);
    sim.removeTag(a!.uid);
    const leftEvent = await reader.next('tagLeft');
    expect(leftEvent.uid).toBe(a!.uid);
    expect(leftEvent.info?.primaryItemId).toBe(seen.data.get(a!.uid)!.info.primaryItemId);
    expect(reader.present().map((t) => t.uid)).toEqual([b!.uid]);
  });

  it('setSecurity writes the AFI and verifies it by reading back, per tag', async () => {
    const { sim, reader, seen } = await feigSetup();
    const stack = bookStack(3);
    stack.forEach((t) => sim.addTag(t));
    stack[2]!.afiLocked = true;
    reader.start();
    await until(reader, () => seen.data.size === 3, 'three tags');
    const outcomes = await reader.setSecurity(stack.map((t) => t.uid), false);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(outcomes[2]!.ok ? null : outcomes[2]!.error.code).toBe('TAG_LOCKED');
    expect(sim.tag(stack[0]!.uid)!.afi).toBe(LIBRARY_AFI.UNSECURED);
    expect(reader.present().find((t) => t.uid === stack[0]!.uid)!.info!.security).toBe('unsecured');
    const back = await reader.setSecurity([stack[0]!.uid, 'E004010099999999'], true);
    expect(back[0]).toEqual({ uid: stack[0]!.uid, ok: true, afi: LIBRARY_AFI.SECURED });
    expect(back[1]!.ok ? null : back[1]!.error.code).toBe('NO_TRANSPONDER');
  });

  it('says which parts of a set are on the pad and which are missing', async () => {
    const { sim, reader, seen } = await feigSetup();
    setTags('31234000000027', 3, [1, 3], '哈利波特（附光碟）').forEach((t) => sim.addTag(t));
    sim.addTag(bookTag({ itemId: '31234000000035' }));
    reader.start();
    await until(reader, () => seen.data.size === 3, 'three tags');
    const sets = reader.sets();
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ primaryItemId: '31234000000027', partsInItem: 3, present: [1, 3], missing: [2], complete: false });
  });

  it('a timed-out request fails with TIMEOUT and its late reply is not taken for the next answer', async () => {
    const { sim, reader, seen } = await feigSetup({ timeoutMs: 60 });
    const [a] = bookStack(1);
    sim.setReplyDelay(120);
    sim.addTag(a!);
    const errors: string[] = [];
    reader.on('readerError', (e) => errors.push(e.error.code));
    reader.start();
    await until(reader, () => errors.length >= 1, 'a timeout');
    expect(errors[0]).toBe('TIMEOUT');
    sim.setReplyDelay(0);
    await until(reader, () => seen.data.size === 1, 'the tag after the pad recovers');
    expect(seen.data.get(a!.uid)!.info.title).toBe('臺灣通史');
    expect(seen.errors.size).toBe(0);
  });

  it('recovers by itself after the pad is unplugged and plugged back', async () => {
    const { link, sim, reader, seen } = await feigSetup();
    const [a, b] = bookStack(2);
    sim.addTag(a!);
    reader.start();
    await until(reader, () => seen.data.size === 1, 'first tag');
    const statuses: string[] = [];
    reader.on('status', (e) => statuses.push(e.status));
    link.unplug();
    await until(reader, () => statuses.filter((s) => s === 'disconnected').length >= 2, 'retries while unplugged');
    expect(reader.status.status).not.toBe('connected');
    sim.addTag(b!);
    await sim.plugBack();
    await until(reader, () => seen.data.size === 2, 'second tag after replug');
    expect(reader.status.status).toBe('connected');
    // The tag present throughout was not announced twice.
    expect(seen.arrived.filter((u) => u === a!.uid)).toHaveLength(1);
    expect(seen.left).toEqual([]);
  });
});

describe('pad reader over the 3M simulator', () => {
  it.each(['msb-first', 'lsb-first'] as const)('reads a stack, secures it with 3M AFIs (UIDs %s on the wire)', async (uidOrder) => {
    const link = new MemoryLink({ chunker: randomChunker(3) });
    const sim = new BibliothecaPadSimulator({ uidOrder });
    await sim.attach(link);
    const stack = bookStack(10, { mixed: true, afi: BIBLIOTHECA_AFI.SECURED });
    stack.forEach((t) => sim.addTag(t));
    const reader = new PadReader({ kind: 'bibliotheca', opener: link.opener, driver: bibliothecaDriverFactory({ settleMs: 10 }), pollIntervalMs: 5 });
    readers.push(reader);
    const seen = collect(reader);
    reader.start();
    await until(reader, () => seen.data.size === 10, '10 tags');
    expect([...seen.data.values()].every((e) => e.info.security === 'secured')).toBe(true);
    expect(seen.data.get(stack[4]!.uid)!.info.title).toBe('資料結構與演算法');
    const outcomes = await reader.setSecurity(stack.map((t) => t.uid), false);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sim.tags.every((t) => t.afi === BIBLIOTHECA_AFI.UNSECURED)).toBe(true);
  });
});
