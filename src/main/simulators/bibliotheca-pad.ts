// A 3M / Bibliotheca Model 210 or 810 pad speaking its framed protocol byte
// for byte, as the pads' captured serial traffic shows it: inventory, read /
// write blocks, get / write AFI and version, over a pseudo-terminal or an
// in-memory link.
//
// Both models take every command framed with D6. The 810 also answers its
// hardware probe, D5 00 05 04 00 11 + check, with a D5 frame carrying its
// version; a D5 frame for any other command goes unanswered (so a host that
// frames everything with D5 hears nothing back), and the 210 ignores D5
// altogether. A read reply lays out each block as its number (one byte), a
// lock/error byte (01: locked) and the 4 data bytes; writing a locked block
// fails with error 12.

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

export type BibliothecaModel = '210' | '810';

export const BIBLIOTHECA_PAD_PROFILES = {
  'model-210': { name: '3M / Bibliotheca Model 210', model: '210' },
  'model-810': { name: '3M 810', model: '810' },
} as const satisfies Record<string, { readonly name: string; readonly model: BibliothecaModel }>;

export type BibliothecaPadProfileName = keyof typeof BIBLIOTHECA_PAD_PROFILES;

/** The 810's hardware version as its probe reply gives it (10.5.0.2 in captured traffic). */
const HARDWARE_VERSION = [0x0a, 0x05, 0x00, 0x02];
const PROBE_CMD = 0x04;
const LOCKED = 0x01;

export interface BibliothecaPadOptions {
  readonly model?: BibliothecaModel;
  readonly profile?: BibliothecaPadProfileName;
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
  readonly model: BibliothecaModel;
  private readonly uidOrder: 'msb-first' | 'lsb-first';
  readonly counts = new Map<number, number>();
  /** D5 frames received, answered or not. */
  probes = 0;

  constructor(options: BibliothecaPadOptions = {}) {
    this.model = options.model ?? (options.profile ? BIBLIOTHECA_PAD_PROFILES[options.profile].model : '210');
    this.uidOrder = options.uidOrder ?? 'msb-first';
    this.decoder = createBibliothecaRequestDecoder({ startBytes: [BIBLIOTHECA_START.MODEL_210, BIBLIOTHECA_START.MODEL_810] });
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
      const request = event.frame;
      if (request.startByte === BIBLIOTHECA_START.MODEL_810) {
        this.probes++;
        const isProbe = request.cmd === PROBE_CMD && request.fields.length === 2 && request.fields[0] === 0x00 && request.fields[1] === BIBLIOTHECA_CMD.VERSION;
        if (this.model !== '810' || !isProbe) continue;
        const probe = encodeBibliothecaReply({ cmd: PROBE_CMD, error: 0, fields: Uint8Array.of(BIBLIOTHECA_CMD.VERSION, ...HARDWARE_VERSION) }, { startByte: BIBLIOTHECA_START.MODEL_810 });
        if (probe.ok) out.push(probe.value);
        continue;
      }
      this.counts.set(request.cmd, (this.counts.get(request.cmd) ?? 0) + 1);
      const reply = this.handle(request);
      const encoded = encodeBibliothecaReply({ cmd: request.cmd, error: reply.error, fields: Uint8Array.from(reply.fields ?? []) }, { startByte: BIBLIOTHECA_START.MODEL_210 });
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
        for (let b = first; b < first + count; b++) fields.push(b & 0xff, tag.lockedBlocks.has(b) ? LOCKED : 0x00, ...tag.memory.subarray(b * 4, b * 4 + 4));
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
