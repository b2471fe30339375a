import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BIBLIOTHECA_CMD,
  BIBLIOTHECA_ERROR,
  BIBLIOTHECA_START,
  createBibliothecaReplyDecoder,
  createBibliothecaRequestDecoder,
  decodeBibliothecaReply,
  decodeBibliothecaRequest,
  describeBibliothecaError,
  encodeBibliothecaReply,
  encodeBibliothecaRequest,
} from '#main/devices/rfid/bibliotheca/frame';
import type { BibliothecaReply } from '#main/devices/rfid/bibliotheca/frame';
import { expectError, FC_RUNS, hex, splitAt, toHex, unwrap } from '#test/unit/codecs/helpers';

// From the notes: `D6 00 09 03 00 02 00 00 00 03` + `12 E6`.
const NOTE_FRAME = 'D6 00 09 03 00 02 00 00 00 03 12 E6';
const VERSION_REPLY = 'D6 00 06 11 00 01 02 42 0A';

describe('Bibliotheca framing', () => {
  it('encodes the frame of the notes', () => {
    expect(toHex(unwrap(encodeBibliothecaRequest({ cmd: 0x03, fields: hex('00 02 00 00 00 03') })))).toBe(NOTE_FRAME);
    expect(toHex(unwrap(encodeBibliothecaReply({ cmd: 0x03, error: 0x00, fields: hex('02 00 00 00 03') })))).toBe(NOTE_FRAME);
  });
  it('decodes the frame of the notes as a request and as a reply', () => {
    expect(unwrap(decodeBibliothecaRequest(hex(NOTE_FRAME)))).toEqual({ cmd: 0x03, fields: hex('00 02 00 00 00 03'), startByte: 0xd6 });
    expect(unwrap(decodeBibliothecaReply(hex(NOTE_FRAME)))).toEqual({ cmd: 0x03, error: 0x00, fields: hex('02 00 00 00 03'), startByte: 0xd6 });
  });
  it('encodes D5 frames (only the 810 hardware probe uses them)', () => {
    const bytes = unwrap(encodeBibliothecaRequest({ cmd: BIBLIOTHECA_CMD.VERSION, fields: new Uint8Array(0) }, { startByte: BIBLIOTHECA_START.MODEL_810 }));
    expect(toHex(bytes)).toBe('D5 00 03 11 64 20');
    expect(unwrap(decodeBibliothecaRequest(bytes)).startByte).toBe(0xd5);
  });
  it('reports errors specifically', () => {
    expect(expectError(decodeBibliothecaRequest(hex('D6 00 09 03 00 02 00 00 00 03 12 E7')), 'CRC_MISMATCH').message).toContain('0x12E7');
    expectError(decodeBibliothecaRequest(hex('AA 00 03 11 64 20')), 'NO_START');
    expectError(decodeBibliothecaReply(hex('D6 00 03 11 64 20')), 'BAD_LENGTH');
    expectError(decodeBibliothecaRequest(hex('D6 00 09 03 00')), 'TRUNCATED');
    expectError(decodeBibliothecaRequest(hex(NOTE_FRAME + ' 00')), 'TRAILING_BYTES');
    expectError(encodeBibliothecaReply({ cmd: 0x11, error: 300, fields: new Uint8Array(0) }), 'BAD_FIELD');
  });
  it('names the commands and errors of the notes', () => {
    expect(BIBLIOTHECA_CMD).toEqual({ INVENTORY: 0xfe, READ_MULTIBLOCK: 0x02, WRITE_MULTIBLOCK: 0x04, GET_AFI: 0x0a, WRITE_AFI: 0x09, EAS_CHECK: 0x03, EAS_CONTROL: 0x0c, VERSION: 0x11 });
    expect(BIBLIOTHECA_ERROR).toEqual({ OK: 0x00, NO_TRANSPONDER: 0x06, LOCKED: 0x12, READ_FAILED: 0x15, WRITE_FAILED: 0x16 });
    expect(describeBibliothecaError(0x06)).toBe('no transponder on the pad');
    expect(describeBibliothecaError(0x99)).toBe('unknown pad error 0x99');
  });
});

const arbReply: fc.Arbitrary<BibliothecaReply> = fc.record({ cmd: fc.nat(255), error: fc.nat(255), fields: fc.uint8Array({ maxLength: 200 }) });

describe('Bibliotheca properties and streaming', () => {
  it('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(arbReply, fc.constantFrom(0xd5, 0xd6), (reply, startByte) => {
        expect(unwrap(decodeBibliothecaReply(unwrap(encodeBibliothecaReply(reply, { startByte }))))).toEqual({ ...reply, startByte });
        const request = { cmd: reply.cmd, fields: reply.fields };
        expect(unwrap(decodeBibliothecaRequest(unwrap(encodeBibliothecaRequest(request, { startByte }))))).toEqual({ ...request, startByte });
      }),
      FC_RUNS,
    );
  });
  it('never throws on arbitrary bytes', () => {
    const codes = ['NO_START', 'BAD_LENGTH', 'CRC_MISMATCH', 'TRUNCATED', 'TRAILING_BYTES'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const r of [decodeBibliothecaReply(bytes), decodeBibliothecaRequest(bytes)]) if (!r.ok) expect(codes).toContain(r.error.code);
      }),
      FC_RUNS,
    );
  });
  it('splits frames, skips line noise and reports it once', () => {
    const decoder = createBibliothecaReplyDecoder();
    const first = decoder.push(hex(`00 FF ${VERSION_REPLY} ${NOTE_FRAME.slice(0, 14)}`));
    const second = decoder.push(hex(NOTE_FRAME.slice(15)));
    expect(first.map((e) => e.kind)).toEqual(['error', 'frame']);
    expect(first[0]).toMatchObject({ kind: 'error', error: { code: 'NO_START', skipped: hex('00 FF') } });
    expect(first[1]).toMatchObject({ kind: 'frame', frame: { cmd: 0x11, error: 0, fields: hex('01 02') } });
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ kind: 'frame', raw: hex(NOTE_FRAME) });
  });
  it('request decoder for the pad simulator', () => {
    const decoder = createBibliothecaRequestDecoder({ startBytes: [0xd5] });
    const events = decoder.push(hex(`${NOTE_FRAME} D5 00 03 11 64 20`));
    expect(events.map((e) => e.kind)).toEqual(['error', 'frame']);
    expect(events[1]).toMatchObject({ frame: { cmd: 0x11, startByte: 0xd5 } });
  });
  it('same events for every chunking, every byte accounted for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(arbReply.map((r) => unwrap(encodeBibliothecaReply(r))), fc.uint8Array({ maxLength: 10 })), { maxLength: 6 }),
        fc.array(fc.nat(1500), { maxLength: 12 }),
        (pieces, cuts) => {
          const input = Uint8Array.from(pieces.flatMap((p) => Array.from(p)));
          const run = (chunks: Uint8Array[]) => {
            const d = createBibliothecaReplyDecoder();
            return [...chunks.flatMap((c) => d.push(c)), ...d.flush()];
          };
          const whole = run([input]);
          expect(run(splitAt(input, cuts))).toEqual(whole);
          expect(whole.reduce((n, e) => n + (e.kind === 'frame' ? e.raw.length : e.error.skipped.length), 0)).toBe(input.length);
        },
      ),
      FC_RUNS,
    );
  });
  it('recovers every frame from noise without start bytes', () => {
    const noise = fc.uint8Array({ maxLength: 6 }).map((g) => g.map((b) => (b === 0xd5 || b === 0xd6 ? 0x00 : b)));
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, arbReply), { maxLength: 5 }), fc.array(fc.nat(1500), { maxLength: 10 }), (items, cuts) => {
        const input = Uint8Array.from(items.flatMap(([n, r]) => [...n, ...unwrap(encodeBibliothecaReply(r))]));
        const d = createBibliothecaReplyDecoder();
        const frames = splitAt(input, cuts)
          .flatMap((c) => d.push(c))
          .flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
        expect(frames).toEqual(items.map(([, r]) => ({ ...r, startByte: 0xd6 })));
      }),
      FC_RUNS,
    );
  });
});
