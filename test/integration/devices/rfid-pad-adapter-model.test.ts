// A 3M/Bibliotheca 810 configured as a device (option model '810') gets its
// hardware probe (D5) from the desk's adapter, as the 810 needs; a 210 none.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceConfig } from '#shared/bridge';
import { padReaderAdapter } from '#main/devices/adapters/rfid-pad';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';
import { BibliothecaPadSimulator } from '#main/simulators/bibliotheca-pad';
import { until } from '#test/support/until';

const missing = socatMissingReason();
if (missing) console.warn(`SKIPPED rfid pad adapter test: ${missing}`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(missing !== null)('the pad adapter and the 3M model', () => {
  it.each([['810', 'model-810'], ['210', 'model-210']] as const)('model %s', async (model, profile) => {
    const pair = await PtyPair.start({ baudRate: 19200 });
    const sim = new BibliothecaPadSimulator({ profile });
    await sim.attach(pair);
    const config = {
      id: 'pad', kind: 'rfid', driver: 'bibliotheca', name: 'pad', enabled: true,
      transport: { kind: 'serial', path: pair.hostPath, baudRate: 19200 }, options: { model, pollIntervalMs: 20 },
    } as DeviceConfig;
    const states: string[] = [];
    let seen = 0;
    const adapter = padReaderAdapter(config, { status: (s) => states.push(s), seen: () => void seen++, tags: () => undefined, scan: () => undefined, printJob: () => undefined });
    cleanups.push(async () => {
      await adapter.stop();
      await sim.detach();
      await pair.stop();
    });
    await adapter.start();
    await until('the pad answered', async () => seen > 2, 15_000);
    if (model === '810') expect(sim.probes).toBeGreaterThanOrEqual(1);
    else expect(sim.probes).toBe(0);
  });
});
