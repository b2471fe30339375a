// A serial barcode scanner over a real pseudo-terminal.
import { afterEach, describe, expect, it } from 'vitest';
import { createScanner } from '#main/devices/scanner';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';
import { SerialScannerSimulator } from '#main/simulators/serial-scanner';

const missing = socatMissingReason();
if (missing) console.warn(`SKIPPED scanner pty tests: ${missing}`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(missing !== null)('serial scanner over a pseudo-terminal', () => {
  it('turns a line into a scan event, prefix and AIM removed, and survives a replug', async () => {
    const pair = await PtyPair.start({ baudRate: 9600 });
    const sim = new SerialScannerSimulator({ prefix: '#', suffix: '\r\n' });
    await sim.attach(pair);
    const scanner = createScanner({ kind: 'serial-scanner', transport: { kind: 'serial', path: pair.hostPath, baudRate: 9600 }, prefix: '#', backoff: { initialMs: 50, maxMs: 200 } });
    cleanups.push(async () => {
      await scanner.stop();
      await sim.detach();
      await pair.stop();
    });
    const connected = scanner.next('status', (s) => s.status === 'connected');
    scanner.start();
    await connected;
    const scan = scanner.next('scan');
    await sim.scan('31234000000019', ']F0');
    expect(await scan).toMatchObject({ text: '31234000000019', symbology: 'codabar', aimId: ']F0', source: 'serial-scanner' });

    const down = scanner.next('status', (s) => s.status === 'disconnected');
    await sim.unplug();
    await down;
    const up = scanner.next('status', (s) => s.status === 'connected');
    await sim.plugBack();
    await up;
    const again = scanner.next('scan');
    await sim.scan('ABC-123', ']A0');
    expect(await again).toMatchObject({ text: 'ABC-123', symbology: 'code39' });
  });
});
