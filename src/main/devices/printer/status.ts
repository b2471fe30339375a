// The printer's state as the desk shows it, built from the four DLE EOT
// replies (printer, offline cause, error cause, paper). One `condition` names
// what matters most for staff; the flags keep the detail.
import { parseRealTimeStatus } from './escpos-status';
import type { RealTimeStatus } from './escpos-status';

export type PrinterCondition =
  | 'ready'
  | 'paper_near_end'
  | 'paper_out'
  | 'cover_open'
  | 'offline'
  | 'error'
  /** The link is down (connecting, unplugged, refused). */
  | 'disconnected'
  /** The link is up but the printer did not answer a status query. */
  | 'no_answer';

export interface PrinterErrorFlags {
  readonly mechanical: boolean;
  readonly autocutter: boolean;
  readonly unrecoverable: boolean;
  readonly autoRecoverable: boolean;
}

export interface PrinterStatus {
  readonly condition: PrinterCondition;
  /** A job may be sent now (ready, or paper near its end). */
  readonly printable: boolean;
  readonly connected: boolean;
  readonly online: boolean;
  readonly paperOut: boolean;
  readonly paperNearEnd: boolean;
  readonly coverOpen: boolean;
  readonly error: boolean;
  readonly errors: PrinterErrorFlags;
  /** For logs and the device panel; the UI words come from `condition`. */
  readonly message: string;
  /** Epoch ms of the reading. */
  readonly at: number;
}

const NO_ERRORS: PrinterErrorFlags = { mechanical: false, autocutter: false, unrecoverable: false, autoRecoverable: false };

const MESSAGES: Readonly<Record<PrinterCondition, string>> = {
  ready: 'ready',
  paper_near_end: 'paper roll nearly used up',
  paper_out: 'out of paper',
  cover_open: 'cover open',
  offline: 'offline',
  error: 'printer error',
  disconnected: 'not connected',
  no_answer: 'printer does not answer status queries',
};

function make(condition: PrinterCondition, fields: Partial<Omit<PrinterStatus, 'condition' | 'printable' | 'at'>>, at: number): PrinterStatus {
  return {
    condition,
    printable: condition === 'ready' || condition === 'paper_near_end',
    connected: fields.connected ?? false,
    online: fields.online ?? false,
    paperOut: fields.paperOut ?? false,
    paperNearEnd: fields.paperNearEnd ?? false,
    coverOpen: fields.coverOpen ?? false,
    error: fields.error ?? false,
    errors: fields.errors ?? NO_ERRORS,
    message: fields.message ?? MESSAGES[condition],
    at,
  };
}

export function disconnectedStatus(message: string, at = Date.now()): PrinterStatus {
  return make('disconnected', { message }, at);
}

export function noAnswerStatus(at = Date.now()): PrinterStatus {
  return make('no_answer', { connected: true }, at);
}

/** The four reply bytes of DLE EOT 1, 2, 3, 4, in that order. */
export function statusFromReplies(bytes: readonly [number, number, number, number], at = Date.now()): PrinterStatus {
  const parsed: RealTimeStatus[] = [];
  for (let i = 0; i < 4; i++) {
    const r = parseRealTimeStatus((i + 1) as 1 | 2 | 3 | 4, bytes[i]!);
    if (!r.ok) return make('no_answer', { connected: true, message: `unreadable status reply: ${r.error.message}` }, at);
    parsed.push(r.value);
  }
  let offline = false;
  let coverOpen = false;
  let paperStop = false;
  let errorOccurred = false;
  let errors = NO_ERRORS;
  let nearEnd = false;
  let paperOut = false;
  for (const s of parsed) {
    switch (s.kind) {
      case 'printer':
        offline = s.offline;
        break;
      case 'offline-cause':
        coverOpen = s.coverOpen;
        paperStop = s.stoppedByPaperEnd;
        errorOccurred = s.errorOccurred;
        break;
      case 'error-cause':
        errors = { mechanical: s.mechanicalError, autocutter: s.autocutterError, unrecoverable: s.unrecoverableError, autoRecoverable: s.autoRecoverableError };
        break;
      case 'paper':
        nearEnd = s.nearEnd;
        paperOut = s.paperOut;
        break;
    }
  }
  const error = errorOccurred || errors.mechanical || errors.autocutter || errors.unrecoverable || errors.autoRecoverable;
  const out = paperOut || paperStop;
  const condition: PrinterCondition = coverOpen ? 'cover_open' : out ? 'paper_out' : error ? 'error' : offline ? 'offline' : nearEnd ? 'paper_near_end' : 'ready';
  return make(condition, { connected: true, online: !offline, paperOut: out, paperNearEnd: nearEnd, coverOpen, error, errors }, at);
}

/** Same state (ignoring the reading time and wording). */
export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  return (
    a.condition === b.condition &&
    a.connected === b.connected &&
    a.online === b.online &&
    a.paperOut === b.paperOut &&
    a.paperNearEnd === b.paperNearEnd &&
    a.coverOpen === b.coverOpen &&
    a.error === b.error &&
    a.errors.mechanical === b.errors.mechanical &&
    a.errors.autocutter === b.errors.autocutter &&
    a.errors.unrecoverable === b.errors.unrecoverable &&
    a.errors.autoRecoverable === b.errors.autoRecoverable
  );
}
