// RFID pads over real pseudo-terminals: the desk's reader opens one end with
// node-serialport, exactly as it opens a USB-serial pad; the simulator
// speaks the real protocol on the other end. socat provides the pair.
import { afterEach, describe, expect, it } from 'vitest';
import { BIBLIOTHECA_AFI, LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { createPadReader } from '#main/devices/rfid';
import type { PadReader, TagDataEvent } from '#main/devices/rfid';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';
import { BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import { FeigPadSimulator } from '#main/simulators/feig-pad';
import { bookStack } from '#main/simulators/tag-fixtures';

const missing = socatMissingReason();
if (missing) console.warn(`SKIPPED rfid pty tests: ${missing}`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function feigOnPty(maxTagsPerReply = 6) {
  const pair = await PtyPair.start({ baudRate: 38400, parity: 'even' });
  const sim = new FeigPadSimulator({ maxTagsPerReply });
  await sim.attach(pair);
  const reader = createPadReader({
    kind: 'feig',
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

describe.skipIf(missing !== null)('RFID pads over pseudo-terminals', () => {
  it('FEIG: a stack of 10 is read (inventory continuation, Chinese titles) and secured with verification', async () => {
    const { sim, reader } = await feigOnPty();
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
    const { sim, reader } = await feigOnPty();
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
    const { pair, sim, reader } = await feigOnPty();
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

  it('3M: the pad reads a stack of 10 and secures it', async () => {
    const pair = await PtyPair.start({ baudRate: 19200 });
    const sim = new BibliothecaPadSimulator();
    await sim.attach(pair);
    const stack = bookStack(10, { mixed: true, afi: BIBLIOTHECA_AFI.UNSECURED, firstSerial: 100 });
    stack.forEach((t) => sim.addTag(t));
    const reader = createPadReader({ kind: 'bibliotheca', transport: { kind: 'serial', path: pair.hostPath, baudRate: 19200 }, pollIntervalMs: 10 });
    cleanups.push(async () => {
      await reader.stop();
      await sim.detach();
      await pair.stop();
    });
    const all = dataFor(reader, 10);
    reader.start();
    const seen = await all;
    expect([...seen.values()].every((e) => e.info.security === 'unsecured' && e.info.kind === 'item')).toBe(true);
    const outcomes = await reader.setSecurity(stack.map((t) => t.uid), true);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sim.tags.every((t) => t.afi === BIBLIOTHECA_AFI.SECURED)).toBe(true);
  });
});
