// RFID pad benchmarks (npm run bench -- devices-rfid[:software|:pty]).
//
//   software  time per tag from the reply frame's bytes reaching the driver
//             to the tagData event reaching a listener: framing, CRC, reply
//             parsing, ISO 28560 decoding and event delivery. In-memory link,
//             FEIG simulator, 10 mixed tags (part 3 / part 2, both block
//             orders, Chinese titles), re-read many times.
//   pty       inventory + read + decode of 10 tags through the FEIG driver
//             over a real pseudo-terminal (node-serialport on one end, the
//             simulator on the other). A pty moves bytes at memory speed, not
//             at 38400 baud, so the measured time is the software and OS
//             time alone: what is left after subtracting the serial link
//             time. The link time a real 38400-baud pad would add
//             (bytes × 10 / 38400) is reported beside it for reference.
import type { BenchReport } from './report';
import { FeigDriver } from '#main/devices/rfid/feig/driver';
import { feigDriverFactory } from '#main/devices/rfid/feig/driver';
import { MemoryLink } from '#main/link/memory-transport';
import { PadReader } from '../src/main/devices/rfid/pad-reader';
import { decodeTagMemory } from '#main/devices/rfid/tag-data/tag-decode';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';
import type { Transport, TransportOpener } from '#main/link/transport';
import { FeigPadSimulator } from '../src/main/simulators/feig-pad';
import { bookStack } from '../src/main/simulators/tag-fixtures';

const TAGS = 10;
const SOFTWARE_ROUNDS = 200;
const PTY_ROUNDS = 30;
const BAUD = 38400;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measureSoftware(report: BenchReport): Promise<void> {
  const link = new MemoryLink();
  const sim = new FeigPadSimulator({ maxTagsPerReply: 8 });
  bookStack(TAGS, { mixed: true }).forEach((t) => sim.addTag(t));
  await sim.attach(link);
  let lastChunkAt = 0;
  // Stamp each chunk as the transport hands it over, before the driver sees it.
  const opener: TransportOpener = (handlers) =>
    link.opener({
      data: (chunk) => {
        lastChunkAt = performance.now();
        handlers.data(chunk);
      },
      close: handlers.close,
    });
  const reader = new PadReader({ kind: 'feig', opener, driver: feigDriverFactory(), pollIntervalMs: 0 });
  const samples: number[] = [];
  let pending = 0;
  let roundDone: (() => void) | null = null;
  reader.on('tagData', () => {
    samples.push(performance.now() - lastChunkAt);
    if (--pending === 0) roundDone?.();
  });
  const round = () =>
    new Promise<void>((resolve) => {
      pending = TAGS;
      roundDone = resolve;
    });
  try {
    let done = round();
    reader.start();
    await done;
    samples.length = 0; // warm-up round
    for (let r = 0; r < SOFTWARE_ROUNDS; r++) {
      done = round();
      for (const t of reader.present()) reader.reread(t.uid);
      await done;
    }
  } finally {
    await reader.stop();
    await sim.detach();
  }
  report.add({ name: `devices.rfid_software_ms_per_tag p50 (reply frame → tagData event, ${TAGS} mixed tags, in memory)`, value: percentile(samples, 50), unit: 'ms', target: 2, better: 'lower' });
  report.add({ name: `devices.rfid_software_ms_per_tag p95 (reply frame → tagData event, ${TAGS} mixed tags, in memory)`, value: percentile(samples, 95), unit: 'ms', target: 2, better: 'lower' });
}

async function measurePty(report: BenchReport): Promise<void> {
  const missing = socatMissingReason();
  const row = { name: `devices.rfid_stack${TAGS}_pty_ms (inventory + read + decode over a pty, link time excluded)`, unit: 'ms', target: 20, better: 'lower' as const };
  if (missing) {
    report.skip(row, missing);
    return;
  }
  const pair = await PtyPair.start({ baudRate: BAUD, parity: 'even' });
  const sim = new FeigPadSimulator({ maxTagsPerReply: 8 });
  bookStack(TAGS, { mixed: true }).forEach((t) => sim.addTag(t));
  await sim.attach(pair);
  let bytes = 0;
  let link: Transport | null = null;
  const driver = new FeigDriver((out) => {
    bytes += out.length;
    return link ? link.write(out) : Promise.reject(new Error('pty not open'));
  });
  const transport = await pair.opener({
    data: (chunk) => {
      bytes += chunk.length;
      driver.receive(chunk);
    },
    close: () => undefined,
  });
  link = transport;
  const times: number[] = [];
  const linkMs: number[] = [];
  try {
    for (let r = 0; r < PTY_ROUNDS + 1; r++) {
      bytes = 0;
      const t0 = performance.now();
      const inventory = await driver.inventory();
      if (!inventory.ok || inventory.value.length !== TAGS) throw new Error(`inventory failed: ${JSON.stringify(inventory)}`);
      for (const entry of inventory.value) {
        const memory = await driver.readTag(entry);
        if (!memory.ok) throw new Error(`read failed: ${memory.error.message}`);
        const info = decodeTagMemory(memory.value);
        if (!info.ok) throw new Error(`decode failed: ${info.error.message}`);
      }
      const elapsed = performance.now() - t0;
      if (r === 0) continue; // warm-up
      times.push(elapsed);
      linkMs.push((bytes * 10 * 1000) / BAUD);
    }
  } finally {
    await transport.close();
    await sim.detach();
    await pair.stop();
  }
  report.add({ ...row, value: percentile(times, 50) });
  report.add({ name: `devices.rfid_stack${TAGS}_link_ms (computed: bytes × 10 / ${BAUD}, what a real pad adds)`, value: percentile(linkMs, 50), unit: 'ms', target: null, better: 'lower' });
}

export async function runDevicesRfidBench(report: BenchReport, only: string[]): Promise<void> {
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('software')) await measureSoftware(report);
  if (want('pty')) await measurePty(report);
}
