// The kiosk's shapes: its ports (pad, printer, library system, last-contact
// store), a visit and its lines, the screens the core shows, and what the
// helper modules (identification, pickup, return, receipts) see of the core.
// Kept apart so those modules and the React screens share one definition
// without importing the core class; kiosk-core.ts re-exports them for its
// existing importers.
import type { Desk } from '#desk-core/desk';
import type { KioskDeviceSettings } from '#shared/bridge/contract';
import type { Slip } from '#shared/slips/model';
import type { KioskProblem, Lang } from './i18n-kiosk';
import type { KioskRules } from './kiosk-rules';

export interface SecurityAnswer {
  readonly uid: string;
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The kiosk's devices: the pad's security writes and the receipt printer. */
export interface KioskDevices {
  setSecurity(uids: readonly string[], secured: boolean): Promise<readonly SecurityAnswer[]>;
  /** Queue a slip; resolves once the printer's queue has it (the queue prints it when it can). */
  print(key: string, slip: Slip): Promise<void>;
}

/** The patron's library system (SIP2 Patron Information through the bridge). */
export interface KioskHomeSystem {
  validatePatron(card: string, pin?: string): Promise<unknown>;
}

/** Where the kiosk remembers when it last reached the service, across restarts (offline time counts from there). */
export interface LastContactStore {
  get(): number | null;
  set(ms: number): void;
}

export type VisitMode = 'pickup' | 'return';
export type LineKind = 'checked_out' | 'already' | 'returned' | 'waiting_parts' | 'refused';

export interface VisitLine {
  readonly seq: number;
  readonly barcode: string;
  readonly title: string;
  readonly kind: LineKind;
  readonly dueDate?: string;
  readonly fine?: number;
  readonly overdueDays?: number;
  /** The library a returned item goes back to (for staff), when known. */
  readonly returnTo?: string | null;
  /** A set: how many parts it has, and which are not on the pad yet. */
  readonly parts?: number;
  readonly missingParts?: readonly number[];
  readonly loanId?: string;
  readonly eventId?: string;
  /** Why it was refused, what is still missing, or that the tag could not be released or secured. */
  readonly problem?: KioskProblem;
  readonly securityOk?: boolean;
  readonly offline: boolean;
}

export interface Visit {
  readonly id: string;
  readonly mode: VisitMode;
  readonly patronId: string | null;
  readonly card: string | null;
  readonly startedAt: number;
  readonly lines: readonly VisitLine[];
  /** The first recorded event's id once something was recorded: the receipt's key. */
  readonly key: string | null;
  readonly receipt: 'pending' | 'printed' | 'failed' | 'skipped';
}

export type ReceiptOutcome = { kind: 'printed' } | { kind: 'none' } | { kind: 'failed'; message: string };

export type KioskScreen =
  | { readonly kind: 'welcome'; readonly problem: KioskProblem | null }
  | { readonly kind: 'pin'; readonly patronId: string; readonly card: string; readonly triesLeft: number; readonly checking: boolean; readonly problem: KioskProblem | null }
  | { readonly kind: 'blocked'; readonly patronId: string | null; readonly problems: readonly KioskProblem[] }
  | { readonly kind: 'visit'; readonly visit: Visit; readonly busy: boolean; readonly notice: KioskProblem | null; readonly reprinted: boolean }
  | { readonly kind: 'ask_receipt'; readonly visit: Visit }
  | { readonly kind: 'goodbye'; readonly visit: Visit; readonly receipt: ReceiptOutcome };

export interface KioskCoreOptions {
  desk: Desk;
  devices: KioskDevices;
  home?: KioskHomeSystem | null;
  device?: KioskDeviceSettings;
  lastContact?: LastContactStore;
  now?: () => number;
  /** The language receipts are printed in (the screen's). */
  lang?: () => Lang;
}

/** A line before it is numbered and stamped with the offline state. */
export type LineDraft = Omit<VisitLine, 'seq' | 'offline'>;

/** A batch's lines and, per line, the tags whose security bit must change. */
export interface TagTarget {
  readonly line: number;
  readonly uids: readonly string[];
}

/**
 * What the helper modules read of the core. Functions, not values: the
 * policy, the offline clock and the time are read when a line is made, as
 * they were when all of this lived in one class.
 */
export interface KioskContext {
  readonly desk: Desk;
  readonly devices: KioskDevices;
  me(): string;
  now(): number;
  lang(): Lang;
  rules(): KioskRules;
  offlineSince(): number | null;
  unconfirmedLoansOf(patronId: string): number;
  line(partial: LineDraft): VisitLine;
}
