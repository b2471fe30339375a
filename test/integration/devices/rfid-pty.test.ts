// RFID pads over real pseudo-terminals: the desk's reader opens one end with
// node-serialport, exactly as it opens a USB-serial pad; the simulator
// speaks the real protocol on the other end. socat provides the pair. Every
// test runs against each simulator profile (FEIG: standard and advanced
// frame, both MSB-first blocks; 3M: Model 210 and 810, with and without
// locked blocks).
import { afterEach, describe, expect, it } from 'vitest';
import { BIBLIOTHECA_AFI, LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { createPadReader } from '#main/devices/rfid';
import type { PadReader, TagDataEvent } from '#main/devices/rfid';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';
import { BIBLIOTHECA_PAD_PROFILES, BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import type { BibliothecaPadProfileName } from '#main/simulators/bibliotheca-pad';
import { FEIG_PAD_PROFILES, FeigPadSimulator } from '#main/simulators/feig-pad';
import type { FeigPadProfileName } from '#main/simulators/feig-pad';
import { bookStack, itemBarcode } from '#main/simulators/tag-fixtures';

const missing = socatMissingReason();
if (missing) console.warn(`SKIPPED rfid pty tests: ${missing}`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function feigOnPty(profile: FeigPadProfileName) {
  const pair = await PtyPair.start({ baudRate: 38400, parity: 'even' });
  const sim = new FeigPadSimulator({ profile });
  await sim.attach(pair);
  const reader = createPadReader({
    kind: 'feig',
    feig: { frame: FEIG_PAD_PROFILES[profile].frame },
    transport: { kind: 'serial', path: pair.hostPath, baudRate: 38400 },
    pollIntervalMs: 10,
    missesBeforeLeft: 2,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  cleanups.push(async () => {
    await reader.stop();
    await sim.detach();
    await pair.stop();
  });
  return { pair, sim, reader };
}

function dataFor(reader: PadReader, count: number): Promise<Map<string, TagDataEvent>> {
  const seen = new Map<string, TagDataEvent>();
  return new Promise((resolve) => {
    const off = reader.on('tagData', (e) => {
      seen.set(e.uid, e);
      if (seen.size === count) {
        off();
        resolve(seen);
      }
    });
  });
}

const feigProfiles = Object.keys(FEIG_PAD_PROFILES) as FeigPadProfileName[];
const bibliothecaProfiles = Object.keys(BIBLIOTHECA_PAD_PROFILES) as BibliothecaPadProfileName[];

describe.skipIf(missing !== null).each(feigProfiles)('FEIG pad over a pseudo-terminal, profile %s', (profile) => {
  it('FEIG: a stack of 10 is read (inventory continuation, Chinese titles) and secured with verification', async () => {
    const { sim, reader } = await feigOnPty(profile);
    const stack = bookStack(10, { mixed: true });
    stack.forEach((t) => sim.addTag(t));
    const all = dataFor(reader, 10);
    reader.start();
    const seen = await all;
    expect([...seen.values()].map((e) => e.info.title)).toContain('紅樓夢（上冊）');
    expect([...seen.values()].every((e) => e.info.security === 'secured')).toBe(true);

    const unsecured = await reader.setSecurity(stack.map((t) => t.uid), false);
    expect(unsecured.filter((o) => o.ok)).toHaveLength(10);
    expect(sim.tags.every((t) => t.afi === LIBRARY_AFI.UNSECURED)).toBe(true);
    const secured = await reader.setSecurity(stack.map((t) => t.uid), true);
    expect(secured.every((o) => o.ok && o.afi === LIBRARY_AFI.SECURED)).toBe(true);
    expect(reader.present().every((t) => t.info?.security === 'secured')).toBe(true);
  });

  it('FEIG: a tag taken off the pad produces a left event', async () => {
    const { sim, reader } = await feigOnPty(profile);
    const [a, b] = bookStack(2);
    sim.addTag(a!);
    sim.addTag(b!);
    const both = dataFor(reader, 2);
    reader.start();
    await both;
    const left = reader.next('tagLeft');
    sim.removeTag(a!.uid);
    expect((await left).uid).toBe(a!.uid);
    expect(reader.present().map((t) => t.uid)).toEqual([b!.uid]);
  });

  it('FEIG: unplugged and plugged back, the reader recovers by itself', async () => {
    const { pair, sim, reader } = await feigOnPty(profile);
    const [a, b] = bookStack(2);
    sim.addTag(a!);
    const first = dataFor(reader, 1);
    reader.start();
    await first;
    const down = reader.next('status', (s) => s.status === 'disconnected');
    await sim.unplug();
    expect((await down).error?.message).toBeTruthy();
    // Stays down while unplugged, retrying.
    await reader.next('status', (s) => s.status === 'disconnected' && s.attempt >= 3);
    sim.addTag(b!);
    const up = reader.next('status', (s) => s.status === 'connected');
    const second = reader.next('tagData', (e) => e.uid === b!.uid);
    await sim.plugBack();
    await up;
    expect((await second).info.title).toBe('紅樓夢（上冊）');
    expect(reader.status.address).toBe(pair.hostPath);
  });

  it('FEIG: a block written through the reader is stored in memory order and can be locked', async () => {
    const { sim, reader } = await feigOnPty(profile);
    const [a] = bookStack(1);
    sim.addTag(a!);
    const seen = dataFor(reader, 1);
    reader.start();
    await seen;
    const before = a!.memory.slice();
    expect((await reader.writeBlocks(a!.uid, 20, Uint8Array.of(1, 2, 3, 4))).ok).toBe(true);
    expect([...a!.memory.subarray(80, 84)]).toEqual([1, 2, 3, 4]);
    expect([...a!.memory.subarray(0, 80)]).toEqual([...before.subarray(0, 80)]);
    expect((await reader.lockBlocks(a!.uid, 20, 1)).ok).toBe(true);
    const again = await reader.writeBlocks(a!.uid, 20, Uint8Array.of(0, 0, 0, 0));
    expect(!again.ok && again.error.code).toBe('TAG_LOCKED');
  });
});

describe.skipIf(missing !== null).each(bibliothecaProfiles.flatMap((p) => [[p, false] as const, [p, true] as const]))(
  '3M pad over a pseudo-terminal, profile %s, item id blocks locked: %s',
  (profile, locked) => {
  it('3M: the pad reads a stack of 10 and secures it', async () => {
    const pair = await PtyPair.start({ baudRate: 19200 });
    const sim = new BibliothecaPadSimulator({ profile });
    await sim.attach(pair);
    const stack = bookStack(10, { mixed: true, afi: BIBLIOTHECA_AFI.UNSECURED, firstSerial: 100 });
    if (locked) stack.forEach((t) => [0, 1, 2, 3, 4].forEach((b) => t.lockedBlocks.add(b)));
    stack.forEach((t) => sim.addTag(t));
    const reader = createPadReader({
      kind: 'bibliotheca',
      bibliotheca: { model: BIBLIOTHECA_PAD_PROFILES[profile].model },
      transport: { kind: 'serial', path: pair.hostPath, baudRate: 19200 },
      pollIntervalMs: 10,
    });
    cleanups.push(async () => {
      await reader.stop();
      await sim.detach();
      await pair.stop();
    });
    const all = dataFor(reader, 10);
    reader.start();
    const seen = await all;
    expect([...seen.values()].every((e) => e.info.security === 'unsecured' && e.info.kind === 'item')).toBe(true);
    expect([...seen.values()].map((e) => e.info.primaryItemId).sort()).toEqual(stack.map((_, i) => itemBarcode(100 + i)).sort());
    const outcomes = await reader.setSecurity(stack.map((t) => t.uid), true);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sim.tags.every((t) => t.afi === BIBLIOTHECA_AFI.SECURED)).toBe(true);
    // The 810 heard one D5 frame (its probe) per connection; the 210 none.
    if (BIBLIOTHECA_PAD_PROFILES[profile].model === '810') expect(sim.probes).toBeGreaterThanOrEqual(1);
    else expect(sim.probes).toBe(0);
  });
  },
);
