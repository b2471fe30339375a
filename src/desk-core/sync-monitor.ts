// The desk's sync state, derived from what really happened on the wire: every
// request to the service goes through this monitor's fetch. There is no
// offline switch — a failed connection makes the desk offline, the next
// answered request makes it online again.

export type SyncPhase = 'starting' | 'online' | 'syncing' | 'offline' | 'error' | 'revoked';

export interface SyncStatus {
  phase: SyncPhase;
  /** When the service stopped answering (null while it answers). */
  offlineSince: number | null;
  /** The last time every collection was caught up and nothing was waiting to be sent. */
  lastSyncAt: number | null;
  /** Events recorded here and not yet confirmed by the service. */
  unsent: number;
  /** Service clock minus desk clock, from the live stream's hello and Date headers. */
  clockOffsetMs: number;
  clockWarning: boolean;
  /** Set while the phase is 'error' or 'revoked': what the service said. */
  error: { status: number; code: string; message: string } | null;
  /** First replication: records received so far and the size of the scope (null until known). */
  initial: { received: number; total: number | null; done: boolean };
}

/** A desk clock more than this far from the service's makes due dates and fines doubtful. */
export const CLOCK_WARNING_MS = 2 * 60_000;

export class SyncMonitor {
  private lastOk: number | null = null;
  private failingSince: number | null = null;
  private httpError: SyncStatus['error'] = null;
  clockOffsetMs = 0;
  /** Called when the service answers again after a failure. */
  onRecovered: (() => void) | null = null;
  /** Called when any answer is 401 TOKEN_REVOKED: an administrator revoked this device. */
  onRevoked: ((message: string) => void) | null = null;

  constructor(private readonly inner: typeof fetch = (...a) => fetch(...a), private readonly now: () => number = Date.now) {}

  readonly fetch: typeof fetch = async (input, init) => {
    let res: Response;
    try {
      res = await this.inner(input, init);
    } catch (err) {
      // An abort is the desk closing the stream itself, not the network failing.
      if (!(init?.signal?.aborted ?? false)) this.failingSince ??= this.now();
      throw err;
    }
    const recovered = this.failingSince !== null;
    this.failingSince = null;
    this.lastOk = this.now();
    if (recovered) this.onRecovered?.();
    const date = res.headers.get('date');
    if (date) {
      // Date headers have one-second resolution: only trust them for coarse drift.
      const offset = Date.parse(date) - this.now();
      if (Number.isFinite(offset) && Math.abs(offset - this.clockOffsetMs) > 1500) this.clockOffsetMs = offset;
    }
    if (res.status >= 500 || res.status === 401 || res.status === 403) {
      const body = (await res.clone().json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      this.httpError = { status: res.status, code: body.error?.code ?? 'HTTP_ERROR', message: body.error?.message ?? `HTTP ${res.status}` };
      if (res.status === 401 && this.httpError.code === 'TOKEN_REVOKED') this.onRevoked?.(this.httpError.message);
    } else if (res.ok) this.httpError = null;
    return res;
  };

  get offlineSince(): number | null {
    return this.failingSince;
  }

  get lastContactAt(): number | null {
    return this.lastOk;
  }

  get error(): SyncStatus['error'] {
    return this.httpError;
  }
}
