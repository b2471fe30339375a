// Serial line framing, AIM identifiers, HID POS report parsing (byte
// fixtures: there is no /dev/uhid to simulate a HID device here), and the
// serial scanner over an in-memory link with a replug.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HidPosAssembler, parseHidPosReport } from '#shared/scan/hid-pos-report';
import { parseScanText } from '#shared/scan/symbology';
import { MemoryLink } from '#main/link/memory-transport';
import { createScanner } from '#main/devices/scanner';
import { hidPosScanDecoder, serialScanDecoder } from '#main/devices/scanner/decoders';
import { SerialScannerSimulator } from '#main/simulators/serial-scanner';
import { classifyHidOpenError, hidTransport } from '#main/devices/transports/hid';
import { classifySerialOpenError } from '#main/devices/transports/serial';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A 64-byte HID POS scanned-data report in the common layout. */
function report(data: string, options: { aim?: string; more?: boolean; id?: number } = {}): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = options.id ?? 0x02;
  r[1] = data.length;
  r.set(ascii(options.aim ?? ']C0'), 2);
  r.set(ascii(data), 5);
  r[63] = options.more ? 1 : 0;
  return r;
}

describe('serial scanner lines', () => {
  it('splits on CR, LF and CRLF across arbitrary chunks, ignoring empty lines', () => {
    const decoder = serialScanDecoder();
    const stream = ascii('31234000000019\r\nA123\rB456\n\r\n\nC789\r');
    const lines: string[] = [];
    for (let i = 0; i < stream.length; i += 3) for (const e of decoder.push(stream.slice(i, i + 3))) if ('scan' in e) lines.push(e.scan.text);
    expect(lines).toEqual(['31234000000019', 'A123', 'B456', 'C789']);
  });

  it('cuts off an endless line and recovers at the next terminator', () => {
    const decoder = serialScanDecoder({ maxLineLength: 16 });
    const events = decoder.push(ascii(`${'9'.repeat(40)}\rOK1234\r`));
    expect(events.map((e) => ('scan' in e ? e.scan.text : e.error.code))).toEqual(['LINE_TOO_LONG', 'OK1234']);
  });

  it('removes a programmed prefix and an AIM symbology identifier', () => {
    expect(parseScanText(']F031234000000019')).toEqual({ text: '31234000000019', symbology: 'codabar', aimId: ']F0' });
    expect(parseScanText('#]A0ABC-123', { prefix: '#' })).toEqual({ text: 'ABC-123', symbology: 'code39', aimId: ']A0' });
    expect(parseScanText(']C0X', { aim: false })).toEqual({ text: ']C0X', symbology: null, aimId: null });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 })), (chunks) => {
        const decoder = serialScanDecoder({ maxLineLength: 32, aim: false });
        for (const c of chunks) for (const e of decoder.push(c)) if ('scan' in e) expect(e.scan.text.length).toBeLessThanOrEqual(32);
      }),
    );
  });
});

describe('HID POS scanned-data reports', () => {
  it('parses the data, the AIM identifier and the continued flag', () => {
    expect(parseHidPosReport(report('31234000000019', { aim: ']F0' }))).toMatchObject({ kind: 'data', aimId: ']F0', more: false });
    expect(parseHidPosReport(Uint8Array.of(0x04, 1, 2))).toEqual({ kind: 'other', reportId: 4 });
    const lying = report('abc');
    lying[1] = 60;
    expect(parseHidPosReport(lying)).toMatchObject({ kind: 'error', code: 'BAD_REPORT' });
  });

  it('joins a code that spans several reports', () => {
    const decoder = hidPosScanDecoder();
    const long = 'https://library.example/item/'.padEnd(70, 'x');
    expect(decoder.push(report(long.slice(0, 56), { aim: ']Q1', more: true }))).toEqual([]);
    expect(decoder.push(report(long.slice(56), { aim: ']Q1' }))).toEqual([{ scan: { text: long, symbology: 'qr', aimId: ']Q1' } }]);
  });

  it('never throws on arbitrary reports', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 10 }), (reports) => {
        const assembler = new HidPosAssembler(undefined, 200);
        for (const r of reports) assembler.push(r);
      }),
    );
  });

  it('maps HID and serial open failures to specific messages', async () => {
    const open = hidTransport({ device: { path: '/dev/hidraw99' } }, () => Promise.reject(new Error("Failed to open a device with path '/dev/hidraw99': Permission denied")));
    await expect(open({ data: () => undefined, close: () => undefined })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(classifyHidOpenError('0c2e:0b61', new Error('No HID devices with requested VID/PID found in the system.')).code).toBe('ABSENT');
    expect(classifySerialOpenError('/dev/ttyUSB0', new Error('Error: No such file or directory, cannot open /dev/ttyUSB0')).code).toBe('ABSENT');
    expect(classifySerialOpenError('/dev/ttyUSB0', new Error('Error: Permission denied, cannot open /dev/ttyUSB0')).code).toBe('PERMISSION_DENIED');
    expect(classifySerialOpenError('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port')).code).toBe('BUSY');
  });
});

describe('serial scanner over an in-memory link', () => {
  it('emits scan events and comes back after a replug', async () => {
    const link = new MemoryLink();
    const sim = new SerialScannerSimulator({ suffix: '\r' });
    await sim.attach(link);
    const scanner = createScanner({ kind: 'serial-scanner', transport: { kind: 'serial', path: '/dev/null-scanner', baudRate: 9600 }, backoff: { initialMs: 5, maxMs: 20 } }, { opener: link.opener });
    try {
      scanner.start();
      await scanner.next('status', (s) => s.status === 'connected');
      const first = scanner.next('scan');
      await sim.scan('31234000000019', ']F0');
      expect(await first).toMatchObject({ text: '31234000000019', symbology: 'codabar', source: 'serial-scanner' });
      const down = scanner.next('status', (s) => s.status === 'disconnected');
      await sim.unplug();
      await down;
      const up = scanner.next('status', (s) => s.status === 'connected');
      await sim.plugBack();
      await up;
      const second = scanner.next('scan');
      await sim.scan('P012345');
      expect((await second).text).toBe('P012345');
    } finally {
      await scanner.stop();
    }
  });
});
