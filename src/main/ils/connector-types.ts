// What the ILS connector is opened with and what it answers: log entries,
// connection tests, patron checks, and ops skipped rather than queued.
import type { IlsTestResult as BridgeIlsTestResult } from '#shared/bridge/ils';
import type { IlsConfig, IlsConfigError, OfflinePinRule, RedactedIlsConfig } from './config';
import type { IlsFailureCode } from './failure';
import type { IlsEnqueueResult, IlsOpInput, IlsTimers } from './queue';

export interface IlsLogEntry {
  readonly level: 'info' | 'warn';
  /** Masked: no passwords, no PINs. */
  readonly message: string;
}

export interface IlsConnectorOptions {
  /** Directory for the queue's journal. */
  readonly dir: string;
  /** Validated settings (parseIlsConfig); default: disabled. */
  readonly config?: IlsConfig;
  readonly logger?: (entry: IlsLogEntry) => void;
  /** Log every SIP2 line sent and received (masked). Default false: connection events only. */
  readonly logLines?: boolean;
  readonly now?: () => Date;
  readonly timers?: IlsTimers;
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  readonly noBlockAfterMs?: number;
  readonly keepFinished?: number;
  /** Connect (TCP + TLS) timeout; default min(requestTimeoutMs, 5 000). */
  readonly connectTimeoutMs?: number;
}

/** The SIP2 98 flags staff check when setting up a connection: the bridge's answer, with the failure codes narrowed. */
export type IlsTestResult = Extract<BridgeIlsTestResult, { ok: true }> | { readonly ok: false; readonly code: IlsFailureCode; readonly message: string };

export type IlsPatronCheck =
  | {
      readonly reachable: true;
      readonly valid: boolean;
      /** null when no PIN was given or the ILS did not say (no CQ). */
      readonly pinOk: boolean | null;
      /** May not borrow: charge privileges denied or card reported lost. */
      readonly blocked: boolean;
      readonly name: string;
      readonly screenMessage: string;
      /** The patron status flags that are set (PatronStatusFlags keys). */
      readonly blocks: string[];
    }
  | {
      readonly reachable: false;
      readonly reason: IlsFailureCode;
      readonly message: string;
      /** What the desk should do with a PIN it cannot check (from the settings). */
      readonly offlinePinRule: OfflinePinRule;
    };

/** An op as the desk hands it over: for dispatches the patron may be given as the borrowing library, resolved through `accounts`. */
export type IlsConnectorOpInput = Omit<IlsOpInput, 'patronId'> & {
  readonly patronId?: string;
  readonly borrowingLibraryCode?: string;
};

export type IlsSkipReason = 'DISABLED' | 'OPERATION_OFF' | 'NO_ACCOUNT';

export type IlsConnectorEnqueueResult = IlsEnqueueResult | { readonly key: string; readonly status: 'skipped'; readonly op: null; readonly reason: IlsSkipReason };

export type IlsConfigureResult = { readonly ok: true; readonly value: RedactedIlsConfig } | { readonly ok: false; readonly errors: IlsConfigError[] };
