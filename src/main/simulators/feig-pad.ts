// A FEIG ID CPR/ISC pad speaking the ISO Host protocol byte for byte, over a
// pseudo-terminal or an in-memory link: virtual tags that tests put on and
// take off while it runs, inventory with "more data" (status 0x94) when the
// reply cannot hold every tag, Get System Information, Read / Write / Lock
// Multiple Blocks, Get Multiple Block Security Status, Write / Lock AFI,
// with the real status codes for absent tags, locked blocks (STATUS 0x95,
// ISO error 0x12 and DB-ADR-E) and out-of-range addresses. Faults (slow,
// silent, noisy replies) can be injected to exercise the driver's timeouts
// and resynchronisation.
//
// As the FEIG system manuals describe host mode: block data (DB) goes MSB
// first — a block stored b0 b1 b2 b3 is sent b3 b2 b1 b0, and a written DB is
// stored reversed back — and SEC-STATUS is 00 unless the request's MODE has
// the SEC bit (0x08). No FEIG reader we know of sends memory order, so the
// simulator has no such option. The profiles differ where the readers do:
// the frame the host is configured for and how many inventory records fit a
// reply before "more data".

import { createFeigRequestDecoder, encodeFeigResponse, FEIG_BROADCAST_ADDRESS } from '#main/devices/rfid/feig/frame';
import type { DecodedFeigRequest } from '#main/devices/rfid/feig/frame';
import { FEIG_CMD, FEIG_STATUS, ISO15693_ERROR, ISO_HOST_CMD, MAX_READ_BYTES } from '#main/devices/rfid/feig/protocol';
import { uidFromBytes, uidToBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';
import type { SimulatorLink } from '#main/link/memory-transport';
import { SimulatorPort } from './simulator-port';
import type { VirtualTag } from './tag-fixtures';

export interface FeigPadProfile {
  readonly name: string;
  /** The frame the host should use with this reader ('advanced' for readers configured for the advanced protocol frame). */
  readonly frame: 'standard' | 'advanced';
  /** Inventory records per reply before answering 0x94 "more data". */
  readonly maxTagsPerReply: number;
}

export const FEIG_PAD_PROFILES = {
  /** Desktop ID CPR / ISC.MR pad: standard frame, small reply buffer. */
  'cpr-standard': { name: 'ID CPR, standard frame', frame: 'standard', maxTagsPerReply: 6 },
  /** ID ISC reader set to the advanced protocol frame, larger buffer. */
  'isc-advanced': { name: 'ID ISC, advanced frame', frame: 'advanced', maxTagsPerReply: 24 },
} as const satisfies Record<string, FeigPadProfile>;

export type FeigPadProfileName = keyof typeof FEIG_PAD_PROFILES;

export interface FeigPadOptions {
  /** The reader's own COM-ADR (default 0). */
  readonly comAdr?: number;
  readonly profile?: FeigPadProfileName;
  /** Inventory records per reply before answering 0x94 "more data" (default: the profile's, else 8). */
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
const MODE_SEC = 0x08;

/** Host mode sends each block MSB first: the reverse of the tag's memory order. */
function msbFirst(block: Uint8Array): number[] {
  return [...block].reverse();
}

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

  readonly profile: FeigPadProfile | null;

  constructor(options: FeigPadOptions = {}) {
    this.comAdr = options.comAdr ?? 0;
    this.profile = options.profile === undefined ? null : FEIG_PAD_PROFILES[options.profile];
    this.maxTagsPerReply = Math.max(1, options.maxTagsPerReply ?? this.profile?.maxTagsPerReply ?? 8);
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
        return this.readBlocks(tag, args, (mode & MODE_SEC) !== 0);
      case ISO_HOST_CMD.WRITE_MULTIPLE_BLOCKS:
        return this.writeBlocks(tag, args);
      case ISO_HOST_CMD.LOCK_MULTIPLE_BLOCKS:
        return this.lockBlocks(tag, args);
      case ISO_HOST_CMD.GET_MULTIPLE_BLOCK_SECURITY_STATUS:
        return this.securityStatus(tag, args);
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

  private lockBlocks(tag: VirtualTag, args: Uint8Array): Reply {
    const first = args[0];
    const count = args[1];
    if (first === undefined || count === undefined || args.length !== 2) return { status: FEIG_STATUS.LENGTH_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    for (let b = first; b < first + count; b++) {
      // The tag stops at the first failing block; the ones before it stay locked.
      if (b >= blockCount) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NO_SUCH_BLOCK, b & 0xff] };
      if (tag.lockedBlocks.has(b)) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.ALREADY_LOCKED, b] };
      tag.lockedBlocks.add(b);
    }
    return { status: FEIG_STATUS.OK };
  }

  private securityStatus(tag: VirtualTag, args: Uint8Array): Reply {
    const first = args[0];
    const count = args[1];
    if (first === undefined || count === undefined || args.length !== 2) return { status: FEIG_STATUS.LENGTH_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    if (count === 0 || first + count > blockCount) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NO_SUCH_BLOCK] };
    const data = [count];
    for (let b = first; b < first + count; b++) data.push(tag.lockedBlocks.has(b) ? 0x01 : 0x00);
    return { status: FEIG_STATUS.OK, data };
  }

  private readBlocks(tag: VirtualTag, args: Uint8Array, withSecurity: boolean): Reply {
    const first = args[0];
    const count = args[1];
    if (first === undefined || count === undefined || args.length !== 2) return { status: FEIG_STATUS.LENGTH_ERROR };
    const blockCount = tag.memory.length / tag.blockSize;
    if (count === 0 || count * tag.blockSize > MAX_READ_BYTES) return { status: FEIG_STATUS.PARAMETER_RANGE };
    if (first + count > blockCount) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.NO_SUCH_BLOCK] };
    const data = [count, tag.blockSize];
    for (let b = first; b < first + count; b++) {
      const sec = withSecurity && tag.lockedBlocks.has(b) ? 0x01 : 0x00;
      data.push(sec, ...msbFirst(tag.memory.subarray(b * tag.blockSize, (b + 1) * tag.blockSize)));
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
    // Blocks are written one by one; a locked block stops the write there (DB-ADR-E names it).
    for (let b = first; b < first + count; b++) {
      if (tag.lockedBlocks.has(b)) return { status: FEIG_STATUS.ISO_ERROR, data: [ISO15693_ERROR.LOCKED, b] };
      const at = 3 + (b - first) * size;
      tag.memory.set(msbFirst(args.subarray(at, at + size)), b * tag.blockSize);
    }
    return { status: FEIG_STATUS.OK };
  }
}
