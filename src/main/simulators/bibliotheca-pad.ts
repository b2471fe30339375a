// A 3M / Bibliotheca Model 210 pad (810 with startByte D5) speaking its
// framed protocol byte for byte (see src/main/devices/rfid/bibliotheca-protocol.ts
// for the command layouts): inventory, read / write blocks, get / write AFI
// and version, over a pseudo-terminal or an in-memory link.

import {
  BIBLIOTHECA_CMD,
  BIBLIOTHECA_ERROR,
  BIBLIOTHECA_START,
  createBibliothecaRequestDecoder,
  encodeBibliothecaReply,
} from '#main/devices/rfid/bibliotheca/frame';
import type { DecodedBibliothecaRequest } from '#main/devices/rfid/bibliotheca/frame';
import { uidToBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';
import type { SimulatorLink } from '#main/link/memory-transport';
import { SimulatorPort } from './simulator-port';
import type { VirtualTag } from './tag-fixtures';

export interface BibliothecaPadOptions {
  readonly startByte?: number;
  /** How the pad puts UIDs on the wire: E0 first (default) or last. */
  readonly uidOrder?: 'msb-first' | 'lsb-first';
  readonly tags?: readonly VirtualTag[];
}

interface Reply {
  readonly error: number;
  readonly fields?: Uint8Array | readonly number[];
}

export class BibliothecaPadSimulator {
  readonly port: SimulatorPort;
  private readonly tagMap = new Map<string, VirtualTag>();
  private readonly decoder;
  private readonly startByte: number;
  private readonly uidOrder: 'msb-first' | 'lsb-first';
  readonly counts = new Map<number, number>();

  constructor(options: BibliothecaPadOptions = {}) {
    this.startByte = options.startByte ?? BIBLIOTHECA_START.MODEL_210;
    this.uidOrder = options.uidOrder ?? 'msb-first';
    this.decoder = createBibliothecaRequestDecoder({ startBytes: [this.startByte] });
    for (const tag of options.tags ?? []) this.addTag(tag);
    this.port = new SimulatorPort((chunk) => {
      for (const reply of this.respond(chunk)) void this.port.send(reply);
    });
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

  tag(uid: string): VirtualTag | undefined {
    return this.tagMap.get(uid);
  }

  get tags(): VirtualTag[] {
    return [...this.tagMap.values()];
  }

  count(cmd: number): number {
    return this.counts.get(cmd) ?? 0;
  }

  private wire(uid: string): Uint8Array {
    const bytes = uidToBytes(uid);
    if (!bytes.ok) return new Uint8Array(UID_LENGTH);
    return this.uidOrder === 'msb-first' ? bytes.value : bytes.value.slice().reverse();
  }

  private find(wire: Uint8Array): VirtualTag | undefined {
    for (const tag of this.tagMap.values()) {
      const w = this.wire(tag.uid);
      if (w.every((b, i) => b === wire[i])) return tag;
    }
    return undefined;
  }

  respond(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const event of this.decoder.push(chunk)) {
      if (event.kind !== 'frame') continue;
      this.counts.set(event.frame.cmd, (this.counts.get(event.frame.cmd) ?? 0) + 1);
      const reply = this.handle(event.frame);
      const encoded = encodeBibliothecaReply({ cmd: event.frame.cmd, error: reply.error, fields: Uint8Array.from(reply.fields ?? []) }, { startByte: this.startByte });
      if (encoded.ok) out.push(encoded.value);
    }
    return out;
  }

  private handle(request: DecodedBibliothecaRequest): Reply {
    const f = request.fields;
    if (request.cmd === BIBLIOTHECA_CMD.INVENTORY) {
      const fields = [f[0] ?? 0, f[1] ?? 0, this.tagMap.size];
      for (const tag of this.tagMap.values()) fields.push(...this.wire(tag.uid));
      return { error: BIBLIOTHECA_ERROR.OK, fields };
    }
    if (request.cmd === BIBLIOTHECA_CMD.VERSION) return { error: BIBLIOTHECA_ERROR.OK, fields: [0x0a, 0x05, 0x00, 0x02] };
    const wire = f.subarray(0, UID_LENGTH);
    const tag = f.length >= UID_LENGTH ? this.find(wire) : undefined;
    if (!tag) return { error: BIBLIOTHECA_ERROR.NO_TRANSPONDER, fields: wire };
    const blockCount = tag.memory.length / tag.blockSize;
    switch (request.cmd) {
      case BIBLIOTHECA_CMD.READ_MULTIBLOCK: {
        const first = f[8] ?? 0;
        const count = f[9] ?? 0;
        if (count === 0 || first + count > blockCount) return { error: BIBLIOTHECA_ERROR.READ_FAILED, fields: wire };
        const fields = [...wire, count];
        for (let b = first; b < first + count; b++) fields.push(b & 0xff, b >> 8, ...tag.memory.subarray(b * 4, b * 4 + 4));
        return { error: BIBLIOTHECA_ERROR.OK, fields };
      }
      case BIBLIOTHECA_CMD.WRITE_MULTIBLOCK: {
        const first = f[8] ?? 0;
        const count = f[9] ?? 0;
        const data = f.subarray(11);
        if (data.length !== count * 4 || first + count > blockCount) return { error: BIBLIOTHECA_ERROR.WRITE_FAILED, fields: wire };
        for (let b = first; b < first + count; b++) if (tag.lockedBlocks.has(b)) return { error: BIBLIOTHECA_ERROR.LOCKED, fields: wire };
        tag.memory.set(data, first * 4);
        return { error: BIBLIOTHECA_ERROR.OK, fields: [...wire, count] };
      }
      case BIBLIOTHECA_CMD.GET_AFI:
        return { error: BIBLIOTHECA_ERROR.OK, fields: [...wire, tag.afi] };
      case BIBLIOTHECA_CMD.WRITE_AFI: {
        const afi = f[8];
        if (afi === undefined) return { error: BIBLIOTHECA_ERROR.WRITE_FAILED, fields: wire };
        if (tag.afiLocked) return { error: BIBLIOTHECA_ERROR.LOCKED, fields: wire };
        tag.afi = afi;
        return { error: BIBLIOTHECA_ERROR.OK, fields: wire };
      }
      default:
        return { error: BIBLIOTHECA_ERROR.READ_FAILED, fields: wire };
    }
  }
}
