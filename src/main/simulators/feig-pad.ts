// A FEIG ID CPR/ISC pad speaking the ISO Host protocol byte for byte, over a
// pseudo-terminal or an in-memory link: virtual tags that tests put on and
// take off while it runs, inventory with "more data" (status 0x94) when the
// reply cannot hold every tag, Get System Information, Read / Write Multiple
// Blocks and Write AFI, with the real status codes for absent tags, locked
// blocks and out-of-range addresses. Faults (slow, silent, noisy replies)
// can be injected to exercise the driver's timeouts and resynchronisation.

import { createFeigRequestDecoder, encodeFeigResponse, FEIG_BROADCAST_ADDRESS } from '#main/devices/rfid/feig/frame';
import type { DecodedFeigRequest } from '#main/devices/rfid/feig/frame';
import { FEIG_CMD, FEIG_STATUS, ISO15693_ERROR, ISO_HOST_CMD, MAX_READ_BYTES } from '#main/devices/rfid/feig/protocol';
import { uidFromBytes, uidToBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';
import type { SimulatorLink } from '#main/link/memory-transport';
import { SimulatorPort } from './simulator-port';
import type { VirtualTag } from './tag-fixtures';

export interface FeigPadOptions {
  /** The reader's own COM-ADR (default 0). */
  readonly comAdr?: number;
  /** Inventory records per reply before answering 0x94 "more data" (default 8). */
  readonly maxTagsPerReply?: number;
  readonly tags?: readonly VirtualTag[];
}

interface Reply {
  readonly status: number;
  readonly data?: Uint8Array | readonly number[];
}

const TR_TYPE_ISO15693 = 0x03;
const MODE_ADDRESSED = 0x01;
const MODE_MORE = 0x80;

export class FeigPadSimulator {
  readonly comAdr: number;
  readonly port: SimulatorPort;
  private readonly tagMap = new Map<string, VirtualTag>();
  private readonly decoder = createFeigRequestDecoder();
  private readonly maxTagsPerReply: number;
  private pendingInventory: VirtualTag[] = [];
  private replyDelayMs = 0;
  private dropCount = 0;
  private noise: Uint8Array | null = null;
  /** Requests received, by command (0xB0 counted per sub-command as 0xB0xx). */
  readonly counts = new Map<number, number>();

  constructor(options: FeigPadOptions = {}) {
    this.comAdr = options.comAdr ?? 0;
    this.maxTagsPerReply = Math.max(1, options.maxTagsPerReply ?? 8);
    for (const tag of options.tags ?? []) this.addTag(tag);
    this.port = new SimulatorPort((chunk) => this.receive(chunk));
  }

  attach(link: SimulatorLink): Promise<void> {
    return this.port.attach(link);
  }

  detach(): Promise<void> {
    return this.port.detach();
  }

  unplug(): Promise<void> {
    return this.port.unplug();
  }

  plugBack(): Promise<void> {
    return this.port.plugBack();
  }

  addTag(tag: VirtualTag): void {
    this.tagMap.set(tag.uid, tag);
  }

  removeTag(uid: string): boolean {
    return this.tagMap.delete(uid);
  }

  clearTags(): void {
    this.tagMap.clear();
  }

  tag(uid: string): VirtualTag | undefined {
    return this.tagMap.get(uid);
  }

  get tags(): VirtualTag[] {
    return [...this.tagMap.values()];
  }

  /** Delay every reply (to provoke driver timeouts). */
  setReplyDelay(ms: number): void {
    this.replyDelayMs = ms;
  }

  /** Answer nothing to the next `n` requests. */
  dropReplies(n: number): void {
    this.dropCount = n;
  }

  /** Send these bytes just before the next reply (line noise). */
  injectNoise(bytes: Uint8Array): void {
    this.noise = bytes;
  }

  count(cmd: number, sub?: number): number {
    return this.counts.get(sub === undefined ? cmd : (cmd << 8) | sub) ?? 0;
  }

  /** Decodes request bytes and returns the encoded replies (the port sends them; tests may call this directly). */
  respond(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const event of this.decoder.push(chunk)) {
      if (event.kind !== 'frame') continue;
      const request = event.frame;
      if (request.comAdr !== this.comAdr && request.comAdr !== FEIG_BROADCAST_ADDRESS) continue;
      const key = request.cmd === FEIG_CMD.ISO_HOST ? (request.cmd << 8) | (request.data[0] ?? 0) : request.cmd;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      const reply = this.handle(request);
      const encoded = encodeFeigResponse(
        { comAdr: this.comAdr, cmd: request.cmd, status: reply.status, data: Uint8Array.from(reply.data ?? []) },
        { frame: request.advanced ? 'advanced' : 'auto' },
      );
      if (encoded.ok) out.push(encoded.value);
    }
    return out;
  }

  private receive(chunk: Uint8Array): void {
    const replies = this.respond(chunk);
    for (const reply of replies) {
      if (this.dropCount > 0) {
        this.dropCount--;
        continue;
      }
      const noise = this.noise;
      this.noise = null;
      const send = () => {
        if (noise) void this.port.send(noise);
        void this.port.send(reply);
      };
      if (this.replyDelayMs > 0) setTimeout(send, this.replyDelayMs);
      else send();
    }
  }

  private handle(request: DecodedFeigRequest): Reply {
    switch (request.cmd) {
      case FEIG_CMD.SOFTWARE_VERSION:
        // SW-REV 3.05, D-REV 0, HW-TYPE, SW-TYPE (ID CPR), transponder types ISO 15693.
        return { status: FEIG_STATUS.OK, data: [0x03, 0x05, 0x00, 0x00, 0x4c, 0x00, 0x08] };
      case FEIG_CMD.ISO_HOST:
        return this.isoHost(request.data);
      default:
        return { status: FEIG_STATUS.UNKNOWN_COMMAND };
    }
  }

  private isoHost(data: Uint8Array): Reply {
    const sub = data[0];
    const mode = data[1];
    if (sub === undefined || mode === undefined) return { status: FEIG_STATUS.LENGTH_ERROR };
    if (sub === ISO_HOST_CMD.INVENTORY) return this.inventory((mode & MODE_MORE) !== 0);
    const addressed = (mode & 0x07) === MODE_ADDRESSED;
    let at = 2;
    let tag: VirtualTag | undefined;
    if (addressed) {
      if (data.length < 2 + UID_LENGTH) return { status: FEIG_STATUS.LENGTH_ERROR };
      tag = this.tagMap.get(uidFromBytes(data.subarray(2, 2 + UID_LENGTH)));
      at += UID_LENGTH;
    } else {
      const all = this.tags;
      tag = all.length === 1 ? all[0] : undefined;
    }
    const args = data.subarray(at);
    if (!tag) return { status: FEIG_STATUS.NO_TRANSPONDER };
    switch (sub) {
      case ISO_HOST_CMD.GET_SYSTEM_INFORMATION:
        return this.systemInformation(tag);
      case ISO_HOST_CMD.READ_MULTIPLE_BLOCKS:
        return this.readBlocks(tag, args);
      case ISO_HOST_CMD.WRITE_MULTIPLE_BLOCKS:
        return this.writeBlocks(tag, args);
      case ISO_HOST_CMD.WRITE_AFI: {
        const afi = args[0];
        if (afi === undefined || args.length !== 1) return { status: FEIG_STATUS.LENGTH_ERROR };
        if (tag.afiLocked) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.LOCKED] };
        tag.afi = afi;
        return { status: FEIG_STATUS.OK };
      }
      case ISO_HOST_CMD.LOCK_AFI:
        tag.afiLocked = true;
        return { status: FEIG_STATUS.OK };
      default:
        return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NOT_SUPPORTED] };
    }
  }

  private inventory(more: boolean): Reply {
    if (!more) this.pendingInventory = this.tags;
    if (this.pendingInventory.length === 0) return { status: FEIG_STATUS.NO_TRANSPONDER };
    const batch = this.pendingInventory.slice(0, this.maxTagsPerReply);
    this.pendingInventory = this.pendingInventory.slice(batch.length);
    const data = [batch.length];
    for (const tag of batch) {
      const uid = uidToBytes(tag.uid);
      if (!uid.ok) continue;
      data.push(TR_TYPE_ISO15693, tag.dsfid, ...uid.value);
    }
    return { status: this.pendingInventory.length > 0 ? FEIG_STATUS.MORE_DATA : FEIG_STATUS.OK, data };
  }

  private systemInformation(tag: VirtualTag): Reply {
    const uid = uidToBytes(tag.uid);
    if (!uid.ok) return { status: FEIG_STATUS.GENERAL_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    const memSize = (((tag.blockSize - 1) & 0x1f) << 8) | ((blockCount - 1) & 0xff);
    return { status: FEIG_STATUS.OK, data: [tag.dsfid, ...uid.value, tag.afi, memSize >> 8, memSize & 0xff, tag.icReference] };
  }

  private readBlocks(tag: VirtualTag, args: Uint8Array): Reply {
    const first = args[0];
    const count = args[1];
    if (first === undefined || count === undefined || args.length !== 2) return { status: FEIG_STATUS.LENGTH_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    if (count === 0 || count * tag.blockSize > MAX_READ_BYTES) return { status: FEIG_STATUS.PARAMETER_RANGE };
    if (first + count > blockCount) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NO_SUCH_BLOCK] };
    const data = [count, tag.blockSize];
    for (let b = first; b < first + count; b++) {
      data.push(tag.lockedBlocks.has(b) ? 0x01 : 0x00, ...tag.memory.subarray(b * tag.blockSize, (b + 1) * tag.blockSize));
    }
    return { status: FEIG_STATUS.OK, data };
  }

  private writeBlocks(tag: VirtualTag, args: Uint8Array): Reply {
    const first = args[0];
    const count = args[1];
    const size = args[2];
    if (first === undefined || count === undefined || size === undefined) return { status: FEIG_STATUS.LENGTH_ERROR };
    if (size !== tag.blockSize || args.length !== 3 + count * size) return { status: FEIG_STATUS.LENGTH_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    if (first + count > blockCount) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NO_SUCH_BLOCK] };
    for (let b = first; b < first + count; b++) {
      if (tag.lockedBlocks.has(b)) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.LOCKED] };
    }
    tag.memory.set(args.subarray(3), first * tag.blockSize);
    return { status: FEIG_STATUS.OK };
  }
}
