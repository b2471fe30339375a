// The typed events and snapshots a pad reader (pad-reader.ts) emits and
// answers with: what arrived, what left, what each tag holds, what securing it
// did. Kept apart so the adapter, the bridge and tests can name them without
// the reader's polling machinery.
import type { AfiSecurity } from './tag-data/afi';
import type { PadKind } from './driver';
import type { PadError } from './errors';
import type { LinkStatusEvent } from '#main/link/reconnecting-link';
import type { TagDataError, TagInfo } from './tag-data/tag-decode';

export type TagErrorCode = TagDataError['code'] | 'READ_FAILED';

export interface TagError {
  readonly code: TagErrorCode;
  readonly message: string;
}

export interface TagArrivedEvent {
  readonly uid: string;
  readonly dsfid: number | null;
  readonly at: number;
}

export interface TagLeftEvent {
  readonly uid: string;
  /** What the tag held, when it had been read. */
  readonly info: TagInfo | null;
  readonly at: number;
}

export interface TagDataEvent {
  readonly uid: string;
  readonly info: TagInfo;
  readonly at: number;
}

export interface TagErrorEvent {
  readonly uid: string;
  readonly error: TagError;
  readonly at: number;
}

export interface SecurityEvent {
  readonly uid: string;
  readonly afi: number;
  readonly security: AfiSecurity;
  readonly at: number;
}

/** One inventory round completed: the device answered (a heartbeat for the device manager). */
export interface InventoryRoundEvent {
  readonly uids: readonly string[];
  readonly at: number;
}

export interface ReaderErrorEvent {
  readonly error: PadError;
  readonly at: number;
}

export type ReaderStatusEvent = LinkStatusEvent & { readonly kind: PadKind };

export interface PadReaderEvents {
  [key: string]: unknown;
  status: ReaderStatusEvent;
  tagArrived: TagArrivedEvent;
  tagLeft: TagLeftEvent;
  tagData: TagDataEvent;
  tagError: TagErrorEvent;
  security: SecurityEvent;
  inventory: InventoryRoundEvent;
  /** An inventory round failed (the reader keeps polling). */
  readerError: ReaderErrorEvent;
}

export interface TagSnapshot {
  readonly uid: string;
  readonly dsfid: number | null;
  readonly info: TagInfo | null;
  readonly error: TagError | null;
  readonly afi: number | null;
}

export type SecurityOutcome =
  | { readonly uid: string; readonly ok: true; readonly afi: number }
  | { readonly uid: string; readonly ok: false; readonly error: PadError };
