// 3M / Bibliotheca pad driver (Model 210 and 810) over any byte link. Every
// command is framed with D6; on the 810 the driver first sends the hardware
// probe, the one D5 frame, as the pads' own software does. The pad reports
// no memory size, so a tag is read in chunks up to `blockCount` blocks,
// stopping early when the pad says a block does not exist. Locked blocks
// read like any other (their lock byte is 01); writing one fails TAG_LOCKED.

import { BIBLIOTHECA_AFI } from '#main/devices/rfid/tag-data/afi';
import { BIBLIOTHECA_CMD, BIBLIOTHECA_START, createBibliothecaReplyDecoder, encodeBibliothecaRequest } from './frame';
import type { DecodedBibliothecaReply } from './frame';
import { ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { uidToBytes } from '#main/devices/rfid/tag-data/uid';
import {
  BIBLIOTHECA_BLOCK_SIZE,
  HARDWARE_PROBE_BODY,
  INVENTORY_PARAMS,
  parseAfiReply,
  parseHardwareProbeReply,
  parseInventoryReply,
  parseReadReply,
  parseWriteAck,
} from './protocol';
import type { InventoryEntry, PadDriver, PadDriverFactory, TagMemory } from '#main/devices/rfid/driver';
import { padError } from '#main/devices/rfid/errors';
import type { PadError } from '#main/devices/rfid/errors';
import { RequestChannel } from '#main/link/request-channel';

export interface BibliothecaDriverOptions {
  /** '810' sends the D5 hardware probe once before the first command; both models take D6 frames. */
  readonly model?: '210' | '810';
  readonly timeoutMs?: number;
  readonly settleMs?: number;
  /** Blocks read per tag at most (default 28: ICODE SLIX). */
  readonly blockCount?: number;
  /** Blocks per read command (default 14). */
  readonly blocksPerRead?: number;
  readonly onDiscard?: (reason: string) => void;
}

export class BibliothecaDriver implements PadDriver {
  readonly kind = 'bibliotheca' as const;
  readonly defaultAfi = { secured: BIBLIOTHECA_AFI.SECURED, unsecured: BIBLIOTHECA_AFI.UNSECURED };
  private readonly channel: RequestChannel<DecodedBibliothecaReply, PadError>;
  /** UID → the bytes the pad uses for it, learnt from the inventory. */
  private readonly wire = new Map<string, Uint8Array>();
  private probed: Promise<Result<string, PadError>> | null = null;
  /** The 810's hardware version, once probed. */
  hardwareVersion: string | null = null;

  constructor(
    write: (bytes: Uint8Array) => Promise<void>,
    private readonly options: BibliothecaDriverOptions = {},
  ) {
    this.channel = new RequestChannel({
      decoder: createBibliothecaReplyDecoder({ startBytes: [BIBLIOTHECA_START.MODEL_210, BIBLIOTHECA_START.MODEL_810] }),
      write,
      timeoutMs: options.timeoutMs,
      settleMs: options.settleMs,
      onDiscard: options.onDiscard,
    });
  }

  get stats() {
    return this.channel.stats;
  }

  receive(chunk: Uint8Array): void {
    this.channel.receive(chunk);
  }

  linkLost(message: string): void {
    this.channel.fail(padError('DISCONNECTED', message));
  }

  /** The 810's hardware probe: D5 00 05 04 00 11 + check, answered with D5 and the version. */
  probe(): Promise<Result<string, PadError>> {
    this.probed ??= (async () => {
      const [cmd, ...fields] = HARDWARE_PROBE_BODY;
      const bytes = encodeBibliothecaRequest({ cmd: cmd!, fields: Uint8Array.from(fields) }, { startByte: BIBLIOTHECA_START.MODEL_810 });
      if (!bytes.ok) return { ok: false as const, error: padError('BAD_REQUEST', bytes.error.message) };
      const reply = await this.channel.request(bytes.value, (r) => r.startByte === BIBLIOTHECA_START.MODEL_810 && r.cmd === cmd);
      if (!reply.ok) {
        this.probed = null;
        return reply;
      }
      const version = parseHardwareProbeReply(reply.value);
      if (version.ok) this.hardwareVersion = version.value;
      return version;
    })();
    return this.probed;
  }

  private async send(cmd: number, fields: Uint8Array): Promise<Result<DecodedBibliothecaReply, PadError>> {
    if (this.options.model === '810') {
      const probe = await this.probe();
      if (!probe.ok) return probe;
    }
    const bytes = encodeBibliothecaRequest({ cmd, fields }, { startByte: BIBLIOTHECA_START.MODEL_210 });
    if (!bytes.ok) return { ok: false, error: padError('BAD_REQUEST', bytes.error.message) };
    return this.channel.request(bytes.value, (reply) => reply.startByte === BIBLIOTHECA_START.MODEL_210 && reply.cmd === cmd);
  }

  private wireFor(uid: string): Result<Uint8Array, PadError> {
    const known = this.wire.get(uid);
    if (known) return ok(known);
    const bytes = uidToBytes(uid);
    if (!bytes.ok) return { ok: false, error: padError('BAD_REQUEST', bytes.error.message) };
    return bytes;
  }

  async inventory(): Promise<Result<InventoryEntry[], PadError>> {
    const reply = await this.send(BIBLIOTHECA_CMD.INVENTORY, Uint8Array.from(INVENTORY_PARAMS));
    if (!reply.ok) return reply;
    const tags = parseInventoryReply(reply.value);
    if (!tags.ok) return tags;
    for (const t of tags.value) this.wire.set(t.uid, t.wire);
    return ok(tags.value.map((t) => ({ uid: t.uid, dsfid: null })));
  }

  async readTag(entry: InventoryEntry): Promise<Result<TagMemory, PadError>> {
    const wire = this.wireFor(entry.uid);
    if (!wire.ok) return wire;
    const total = this.options.blockCount ?? 28;
    const per = Math.max(1, Math.min(this.options.blocksPerRead ?? 14, 255));
    const chunks: Uint8Array[] = [];
    for (let first = 0; first < total; first += per) {
      const count = Math.min(per, total - first);
      const fields = new Uint8Array(10);
      fields.set(wire.value, 0);
      fields[8] = first;
      fields[9] = count;
      const reply = await this.send(BIBLIOTHECA_CMD.READ_MULTIBLOCK, fields);
      if (!reply.ok) return reply;
      const blocks = parseReadReply(reply.value, wire.value, first, count);
      if (!blocks.ok) {
        // A smaller tag than configured: keep what was read.
        if (blocks.error.code === 'READ_FAILED' && chunks.length > 0) break;
        return blocks;
      }
      chunks.push(blocks.value.data);
    }
    const afi = await this.readAfi(entry.uid);
    if (!afi.ok && (afi.error.code === 'DISCONNECTED' || afi.error.code === 'NO_TRANSPONDER')) return afi;
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return ok({ uid: entry.uid, dsfid: entry.dsfid, afi: afi.ok ? afi.value : null, blockSize: BIBLIOTHECA_BLOCK_SIZE, bytes });
  }

  async readAfi(uid: string): Promise<Result<number, PadError>> {
    const wire = this.wireFor(uid);
    if (!wire.ok) return wire;
    const reply = await this.send(BIBLIOTHECA_CMD.GET_AFI, wire.value);
    if (!reply.ok) return reply;
    return parseAfiReply(reply.value, wire.value);
  }

  async writeAfi(uid: string, afi: number): Promise<Result<true, PadError>> {
    const wire = this.wireFor(uid);
    if (!wire.ok) return wire;
    if (!Number.isInteger(afi) || afi < 0 || afi > 0xff) return { ok: false, error: padError('BAD_REQUEST', `AFI must be 0–255, got ${afi}`) };
    const fields = new Uint8Array(9);
    fields.set(wire.value, 0);
    fields[8] = afi;
    const reply = await this.send(BIBLIOTHECA_CMD.WRITE_AFI, fields);
    if (!reply.ok) return reply;
    return parseWriteAck(reply.value, wire.value);
  }

  async writeBlocks(uid: string, firstBlock: number, data: Uint8Array): Promise<Result<true, PadError>> {
    const wire = this.wireFor(uid);
    if (!wire.ok) return wire;
    if (data.length === 0 || data.length % BIBLIOTHECA_BLOCK_SIZE !== 0) {
      return { ok: false, error: padError('BAD_REQUEST', `data length ${data.length} is not a positive multiple of 4`) };
    }
    const count = data.length / BIBLIOTHECA_BLOCK_SIZE;
    if (firstBlock < 0 || firstBlock > 255 || count > 255) return { ok: false, error: padError('BAD_REQUEST', `blocks ${firstBlock}+${count} are out of range`) };
    const fields = new Uint8Array(11 + data.length);
    fields.set(wire.value, 0);
    fields[8] = firstBlock;
    fields[9] = count;
    fields[10] = 0;
    fields.set(data, 11);
    const reply = await this.send(BIBLIOTHECA_CMD.WRITE_MULTIBLOCK, fields);
    if (!reply.ok) return reply;
    return parseWriteAck(reply.value, wire.value);
  }
}

export function bibliothecaDriverFactory(options: BibliothecaDriverOptions = {}): PadDriverFactory {
  return (write) => new BibliothecaDriver(write, options);
}
