// 3M / Bibliotheca pad driver (Model 210; the 810 with startByte D5) over
// any byte link. The pad reports no memory size, so a tag is read in chunks
// up to `blockCount` blocks, stopping early when the pad says a block does
// not exist.

import { BIBLIOTHECA_AFI } from '#main/devices/rfid/tag-data/afi';
import { BIBLIOTHECA_CMD, BIBLIOTHECA_START, createBibliothecaReplyDecoder, encodeBibliothecaRequest } from './frame';
import type { DecodedBibliothecaReply } from './frame';
import { ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { uidToBytes } from '#main/devices/rfid/tag-data/uid';
import {
  BIBLIOTHECA_BLOCK_SIZE,
  INVENTORY_PARAMS,
  parseAfiReply,
  parseInventoryReply,
  parseReadReply,
  parseWriteAck,
} from './protocol';
import type { InventoryEntry, PadDriver, PadDriverFactory, TagMemory } from '#main/devices/rfid/driver';
import { padError } from '#main/devices/rfid/errors';
import type { PadError } from '#main/devices/rfid/errors';
import { RequestChannel } from '#main/link/request-channel';

export interface BibliothecaDriverOptions {
  /** D6 for the Model 210 (default), D5 for the 810. */
  readonly startByte?: number;
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

  constructor(
    write: (bytes: Uint8Array) => Promise<void>,
    private readonly options: BibliothecaDriverOptions = {},
  ) {
    const start = options.startByte ?? BIBLIOTHECA_START.MODEL_210;
    this.channel = new RequestChannel({
      decoder: createBibliothecaReplyDecoder({ startBytes: [start] }),
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

  private send(cmd: number, fields: Uint8Array): Promise<Result<DecodedBibliothecaReply, PadError>> {
    const bytes = encodeBibliothecaRequest({ cmd, fields }, { startByte: this.options.startByte ?? BIBLIOTHECA_START.MODEL_210 });
    if (!bytes.ok) return Promise.resolve({ ok: false, error: padError('BAD_REQUEST', bytes.error.message) });
    return this.channel.request(bytes.value, (reply) => reply.cmd === cmd);
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
