import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createFeigRequestDecoder,
  createFeigResponseDecoder,
  decodeFeigRequest,
  decodeFeigResponse,
  encodeFeigRequest,
  encodeFeigResponse,
} from '#main/devices/rfid/feig/frame';
import type { DecodedFeigResponse, FeigResponseFrame } from '#main/devices/rfid/feig/frame';
import type { StreamEvent } from '#main/link/frame-stream';
import { expectError, FC_RUNS, hex, splitAt, toHex, unwrap } from '#test/unit/codecs/helpers';

const INVENTORY = '07 FF B0 01 00 1C 56';
const SOFTWARE_VERSION = '05 FF 65 E5 CB';
const ADVANCED_INVENTORY = '02 00 09 FF B0 01 00 18 43';
/** One ISO 15693 tag E0 04 01 50 12 34 56 78, DSFID 00, from reader address 00. */
const INVENTORY_REPLY = '11 00 B0 00 01 03 00 E0 04 01 50 12 34 56 78 BA 40';
const NO_TAG_REPLY = '06 00 B0 01 5C 63';

describe('FEIG request encoding', () => {
  it('builds the standard inventory frame', () => {
    expect(toHex(unwrap(encodeFeigRequest({ comAdr: 0xff, cmd: 0xb0, data: hex('01 00') })))).toBe(INVENTORY);
  });
  it('builds the software version frame', () => {
    expect(toHex(unwrap(encodeFeigRequest({ comAdr: 0xff, cmd: 0x65, data: new Uint8Array(0) })))).toBe(SOFTWARE_VERSION);
  });
  it('builds the advanced inventory frame on request', () => {
    expect(toHex(unwrap(encodeFeigRequest({ comAdr: 0xff, cmd: 0xb0, data: hex('01 00') }, { frame: 'advanced' })))).toBe(ADVANCED_INVENTORY);
  });
  it('switches to the advanced frame when 255 bytes are not enough', () => {
    const data = new Uint8Array(251);
    const standard = unwrap(encodeFeigRequest({ comAdr: 1, cmd: 0xb0, data: data.subarray(0, 250) }));
    expect(standard.length).toBe(255);
    expect(standard[0]).toBe(255);
    const advanced = unwrap(encodeFeigRequest({ comAdr: 1, cmd: 0xb0, data }));
    expect(advanced.length).toBe(258);
    expect(Array.from(advanced.subarray(0, 3))).toEqual([0x02, 0x01, 0x02]);
    expectError(encodeFeigRequest({ comAdr: 1, cmd: 0xb0, data }, { frame: 'standard' }), 'FRAME_TOO_LONG');
  });
  it('rejects out-of-range header bytes', () => {
    expectError(encodeFeigRequest({ comAdr: 256, cmd: 0xb0, data: new Uint8Array(0) }), 'BAD_FIELD');
    expectError(encodeFeigResponse({ comAdr: 0, cmd: 0xb0, status: -1, data: new Uint8Array(0) }), 'BAD_FIELD');
  });
});

describe('FEIG single-frame decoding', () => {
  it('decodes the worked request frames', () => {
    expect(unwrap(decodeFeigRequest(hex(INVENTORY)))).toEqual({ comAdr: 0xff, cmd: 0xb0, data: hex('01 00'), advanced: false });
    expect(unwrap(decodeFeigRequest(hex(SOFTWARE_VERSION)))).toEqual({ comAdr: 0xff, cmd: 0x65, data: new Uint8Array(0), advanced: false });
    expect(unwrap(decodeFeigRequest(hex(ADVANCED_INVENTORY)))).toEqual({ comAdr: 0xff, cmd: 0xb0, data: hex('01 00'), advanced: true });
  });
  it('decodes a response with STATUS and DATA', () => {
    expect(unwrap(decodeFeigResponse(hex(INVENTORY_REPLY)))).toEqual({
      comAdr: 0x00,
      cmd: 0xb0,
      status: 0x00,
      data: hex('01 03 00 E0 04 01 50 12 34 56 78'),
      advanced: false,
    });
  });
  it('reports a wrong CRC with both values', () => {
    const e = expectError(decodeFeigResponse(hex('06 00 B0 01 5C 64')), 'CRC_MISMATCH');
    expect(e.message).toContain('0x645C');
    expect(e.message).toContain('0x635C');
  });
  it('reports bad lengths, truncation and trailing bytes', () => {
    expectError(decodeFeigResponse(hex('05 00 B0 5C 63')), 'BAD_LENGTH');
    expectError(decodeFeigResponse(hex('02 00 05 00 B0 00 00 00')), 'BAD_LENGTH');
    expectError(decodeFeigResponse(hex('06 00 B0 01 5C')), 'TRUNCATED');
    expectError(decodeFeigResponse(new Uint8Array(0)), 'TRUNCATED');
    expectError(decodeFeigResponse(hex(NO_TAG_REPLY + ' 00')), 'TRAILING_BYTES');
  });
});

const arbResponse: fc.Arbitrary<FeigResponseFrame> = fc.record({
  comAdr: fc.integer({ min: 0, max: 255 }),
  cmd: fc.integer({ min: 0, max: 255 }),
  status: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

function drain(decoder: ReturnType<typeof createFeigResponseDecoder>, chunks: readonly Uint8Array[]): StreamEvent<DecodedFeigResponse, string>[] {
  const events = chunks.flatMap((c) => decoder.push(c));
  return [...events, ...decoder.flush()];
}

describe('FEIG frame properties', () => {
  it('decode(encode(x)) equals x for responses and requests', () => {
    fc.assert(
      fc.property(arbResponse, fc.constantFrom('auto', 'advanced') as fc.Arbitrary<'auto' | 'advanced'>, (frame, mode) => {
        const bytes = unwrap(encodeFeigResponse(frame, { frame: mode }));
        const advanced = mode === 'advanced' || frame.data.length + 6 > 255;
        expect(unwrap(decodeFeigResponse(bytes))).toEqual({ ...frame, advanced });
        const request = { comAdr: frame.comAdr, cmd: frame.cmd, data: frame.data };
        expect(unwrap(decodeFeigRequest(unwrap(encodeFeigRequest(request, { frame: mode }))))).toEqual({
          ...request,
          advanced: mode === 'advanced' || frame.data.length + 5 > 255,
        });
      }),
      FC_RUNS,
    );
  });

  it('never throws on arbitrary bytes and returns a typed error', () => {
    const codes = ['BAD_LENGTH', 'CRC_MISMATCH', 'TRUNCATED', 'TRAILING_BYTES'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const r of [decodeFeigResponse(bytes), decodeFeigRequest(bytes)]) {
          if (!r.ok) expect(codes).toContain(r.error.code);
        }
      }),
      FC_RUNS,
    );
  });
});

describe('FEIG streaming decoder', () => {
  it('joins a frame split into single bytes', () => {
    const decoder = createFeigResponseDecoder();
    const bytes = hex(INVENTORY_REPLY);
    const events = Array.from(bytes).flatMap((b) => decoder.push(Uint8Array.of(b)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'frame', frame: { comAdr: 0, cmd: 0xb0, status: 0 } });
    expect(decoder.pendingBytes).toBe(0);
  });

  it('emits several frames from one chunk and reports garbage before them once', () => {
    const decoder = createFeigResponseDecoder();
    const events = decoder.push(hex(`03 00 ${INVENTORY_REPLY} ${NO_TAG_REPLY}`));
    expect(events.map((e) => e.kind)).toEqual(['error', 'frame', 'frame']);
    const [garbage, first, second] = events;
    expect(garbage).toMatchObject({ kind: 'error', error: { code: 'BAD_LENGTH', skipped: hex('03 00') } });
    if (garbage?.kind === 'error') expect(garbage.error.message).toContain('discarded 2 bytes');
    expect(first).toMatchObject({ kind: 'frame', raw: hex(INVENTORY_REPLY) });
    expect(second).toMatchObject({ kind: 'frame', frame: { status: 0x01, data: new Uint8Array(0) } });
    expect(decoder.flush()).toEqual([]);
  });

  it('resynchronises after a frame with a bad CRC once the line goes idle', () => {
    const decoder = createFeigResponseDecoder();
    const corrupted = hex(INVENTORY_REPLY);
    corrupted[corrupted.length - 1] = corrupted[corrupted.length - 1]! ^ 0xff;
    // Byte 0xB0 inside the broken frame claims a 176-byte frame: nothing can be decided until more bytes or idle.
    expect(decoder.push(corrupted)).toEqual([]);
    expect(decoder.push(hex(NO_TAG_REPLY))).toEqual([]);
    const events = decoder.flush();
    expect(events.map((e) => e.kind)).toEqual(['error', 'frame']);
    expect(events[0]).toMatchObject({ kind: 'error', error: { code: 'CRC_MISMATCH', skipped: corrupted } });
    expect(events[1]).toMatchObject({ kind: 'frame', raw: hex(NO_TAG_REPLY) });
  });

  it('reports an unfinished frame as TRUNCATED on flush', () => {
    const decoder = createFeigResponseDecoder();
    expect(decoder.push(hex('06 00 B0'))).toEqual([]);
    const events = decoder.flush();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'error', error: { code: 'TRUNCATED', skipped: hex('06 00 B0') } });
    expect(decoder.pendingBytes).toBe(0);
  });

  it('splits request streams too (for the reader simulator)', () => {
    const decoder = createFeigRequestDecoder();
    const events = [...decoder.push(hex(`${INVENTORY} ${ADVANCED_INVENTORY.slice(0, 8)}`)), ...decoder.push(hex(ADVANCED_INVENTORY.slice(9) + ' ' + SOFTWARE_VERSION))];
    expect(events.map((e) => (e.kind === 'frame' ? [e.frame.cmd, e.frame.advanced] : e.kind))).toEqual([
      [0xb0, false],
      [0xb0, true],
      [0x65, false],
    ]);
  });

  it('rejects an advanced frame longer than the configured maximum without waiting for it', () => {
    const decoder = createFeigResponseDecoder({ maxFrameLength: 1000 });
    const events = decoder.push(hex(`02 04 00 ${NO_TAG_REPLY}`));
    expect(events.map((e) => e.kind)).toEqual(['error', 'frame']);
    expect(events[0]).toMatchObject({ error: { code: 'BAD_LENGTH', skipped: hex('02 04 00') } });
    if (events[0]?.kind === 'error') expect(events[0].error.message).toContain('1024');
  });

  it('gives the same events for every way of chunking arbitrary input, and accounts for every byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(arbResponse.map((f) => unwrap(encodeFeigResponse(f))), fc.uint8Array({ maxLength: 12 })), { maxLength: 6 }),
        fc.array(fc.nat(2000), { maxLength: 12 }),
        (pieces, cuts) => {
          const input = Uint8Array.from(pieces.flatMap((p) => Array.from(p)));
          const whole = drain(createFeigResponseDecoder(), [input]);
          const chunked = drain(createFeigResponseDecoder(), splitAt(input, cuts));
          expect(chunked).toEqual(whole);
          const accounted = whole.reduce((n, e) => n + (e.kind === 'frame' ? e.raw.length : e.error.skipped.length), 0);
          expect(accounted).toBe(input.length);
        },
      ),
      FC_RUNS,
    );
  });

  it('recovers every frame from garbage that cannot start a frame, however it is chunked', () => {
    const garbage = fc.uint8Array({ maxLength: 5 }).map((g) => g.map((b) => [0x00, 0x01, 0x03, 0x04, 0x05][b % 5]!));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbage, arbResponse), { maxLength: 5 }), garbage, fc.array(fc.nat(2000), { maxLength: 10 }), (items, tail, cuts) => {
        const input = Uint8Array.from([...items.flatMap(([g, f]) => [...g, ...unwrap(encodeFeigResponse(f))]), ...tail]);
        const decoder = createFeigResponseDecoder();
        const live = splitAt(input, cuts).flatMap((c) => decoder.push(c));
        const frames = live.filter((e) => e.kind === 'frame').map((e) => (e.kind === 'frame' ? e.frame : null));
        expect(frames).toEqual(items.map(([, f]) => ({ ...f, advanced: f.data.length + 6 > 255 })));
        const rest = decoder.flush();
        expect(rest.every((e) => e.kind === 'error')).toBe(true);
      }),
      FC_RUNS,
    );
  });
});
