// What the pad reader needs from a pad, whatever its protocol. A driver is
// bound to one open link: the reader creates a new one after every
// reconnect, feeds it the bytes the transport delivers and tells it when the
// link is lost.

import type { Result } from '#shared/codecs/result';
import type { PadError } from './errors';

export type PadKind = 'feig' | 'bibliotheca';

export interface InventoryEntry {
  readonly uid: string;
  /** DSFID when the pad reports it in the inventory (FEIG does, 3M does not). */
  readonly dsfid: number | null;
}

/** A tag's user memory as read, plus what the pad told about it. */
export interface TagMemory {
  readonly uid: string;
  readonly dsfid: number | null;
  /** null when the pad could not tell. */
  readonly afi: number | null;
  readonly blockSize: number;
  readonly bytes: Uint8Array;
}

export interface SecurityAfi {
  readonly secured: number;
  readonly unsecured: number;
}

export interface PadDriver {
  readonly kind: PadKind;
  /** The AFI pair this pad family uses for security, unless the reader is configured otherwise. */
  readonly defaultAfi: SecurityAfi;
  receive(chunk: Uint8Array): void;
  /** The link closed: outstanding and later requests fail with DISCONNECTED. */
  linkLost(message: string): void;
  /** Every tag in the field (continuations already followed). */
  inventory(): Promise<Result<InventoryEntry[], PadError>>;
  readTag(entry: InventoryEntry): Promise<Result<TagMemory, PadError>>;
  readAfi(uid: string): Promise<Result<number, PadError>>;
  writeAfi(uid: string, afi: number): Promise<Result<true, PadError>>;
  /** `data` is a whole number of blocks. */
  writeBlocks(uid: string, firstBlock: number, data: Uint8Array): Promise<Result<true, PadError>>;
  /** Locks blocks for good, where the pad's protocol has a command for it (FEIG 0x22). */
  lockBlocks?(uid: string, firstBlock: number, blockCount: number): Promise<Result<true, PadError>>;
  /** Per block, whether it is locked (FEIG 0x2C). */
  blockLocks?(uid: string, firstBlock: number, blockCount: number): Promise<Result<boolean[], PadError>>;
}

export type PadDriverFactory = (write: (bytes: Uint8Array) => Promise<void>) => PadDriver;
