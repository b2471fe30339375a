// ESC/POS printer driver: keeps a link open (reconnecting with backoff),
// polls the real-time status (DLE EOT 1–4) and sends jobs.
//
// When is a slip "printed"? The rule this driver follows, and why it gives
// the print queue exactly-once behaviour as far as the hardware allows:
//
//  1. Before sending, query the status. Not printable (paper out, cover open,
//     offline, error, no answer, no link) → outcome `not_sent`: not one byte
//     went out, so the queue may send the job again later without a copy.
//  2. Send the job and, in the same write, `GS r 1` (transmit paper sensor
//     status). Unlike DLE EOT, which the printer answers the moment it
//     arrives, GS r is executed in order from the receive buffer, so its reply
//     byte proves that every byte before it — the whole slip up to the cut —
//     has been processed. If the paper runs out mid-slip the printer stops
//     processing and the reply waits; when staff refill, the printer finishes
//     the slip and the reply comes. So the driver waits as long as the link
//     is up and the printer is not ready, and gives up only if the printer
//     stays ready for `confirmTimeoutMs` without confirming.
//  3. Re-check the status after the confirmation (it is what the desk shows
//     next) and return `printed`.
//
//  If the link drops or a write fails after step 2 began, the outcome is
//  `unknown`: some or all of the slip may have printed. The queue then
//  prints it again marked "COPY / 補印" — a slip is never lost, and a second
//  copy is recognisable as one.
//
//  Printers without GS r (some clones) can use confirm: 'realtime-status':
//  after the write the driver waits until DLE EOT reports online with paper.
//  That proves the printer received the bytes and is able to print them, not
//  that it finished: paper running out during the last centimetres is missed.
import { DLE, EOT, GS, autoStatusBackRequest } from './escpos';
import { isRealTimeStatusByte } from './escpos-status';
import type { Transport, TransportOpener } from '#main/link/transport';
import { Backoff } from '#shared/backoff';
import { disconnectedStatus, noAnswerStatus, sameStatus, statusFromReplies } from './status';
import type { PrinterStatus } from './status';

export type PrintConfirmation = 'transmit-status' | 'realtime-status';

export interface EscPosPrinterOptions {
  readonly opener: TransportOpener;
  /** Status poll period; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long to wait for the four status bytes; default 1000 ms. */
  readonly statusTimeoutMs?: number;
  /** First reconnect delay (doubles up to maxReconnectMs); default 500 ms. */
  readonly reconnectMs?: number;
  readonly maxReconnectMs?: number;
  readonly confirm?: PrintConfirmation;
  /** How long a ready printer may take to confirm a job before the outcome is unknown; default 30 s (+1 ms per 100 bytes). */
  readonly confirmTimeoutMs?: number;
}

export type PrintOutcome =
  | { readonly kind: 'printed'; readonly status: PrinterStatus }
  /** Nothing was sent: safe to send again as an original. */
  | { readonly kind: 'not_sent'; readonly reason: string; readonly status: PrinterStatus }
  /** Bytes went out but the result is not known: a reprint must be marked as a copy. */
  | { readonly kind: 'unknown'; readonly reason: string };

export type StatusListener = (status: PrinterStatus, previous: PrinterStatus) => void;

const STATUS_QUERY = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4);
const TRANSMIT_PAPER_STATUS = Uint8Array.of(GS, 0x72, 1);

interface PendingQuery {
  readonly bytes: number[];
  readonly resolve: (status: PrinterStatus) => void;
  readonly timer: NodeJS.Timeout;
}

interface ConfirmWaiter {
  readonly resolve: () => void;
}

export class EscPosPrinter {
  private transport: Transport | null = null;
  private current: PrinterStatus = disconnectedStatus('not started');
  private readonly listeners = new Set<StatusListener>();
  private readonly linkListeners = new Set<() => void>();
  private query: PendingQuery | null = null;
  private queryPromise: Promise<PrinterStatus> | null = null;
  private readonly confirms: ConfirmWaiter[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly reconnects: Backoff;
  private running = false;
  private connecting = false;
  private jobChain: Promise<unknown> = Promise.resolve();
  /** Bytes that matched no pending query or confirmation (diagnostics). */
  strayBytes = 0;

  private readonly pollMs: number;
  private readonly statusTimeoutMs: number;
  private readonly confirmMode: PrintConfirmation;
  private readonly confirmTimeoutMs: number;

  constructor(private readonly options: EscPosPrinterOptions) {
    this.pollMs = options.pollIntervalMs ?? 1000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.reconnects = new Backoff({ initialMs: options.reconnectMs ?? 500, maxMs: options.maxReconnectMs ?? 10_000 });
    this.confirmMode = options.confirm ?? 'transmit-status';
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 30_000;
  }

  get status(): PrinterStatus {
    return this.current;
  }

  get address(): string | null {
    return this.transport?.info.address ?? null;
  }

  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and keeps the link up until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.reconnectTimer = null;
    this.pollTimer = null;
    const t = this.transport;
    if (t) await t.close().catch(() => undefined);
    this.linkLost('stopped');
  }

  /** Resolves with the first status that satisfies `predicate` (the current one included). */
  waitForStatus(predicate: (s: PrinterStatus) => boolean, timeoutMs = 10_000): Promise<PrinterStatus> {
    if (predicate(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`printer status did not reach the expected state within ${timeoutMs} ms (now ${this.current.condition})`));
      }, timeoutMs);
      const off = this.onStatus((s) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        off();
        resolve(s);
      });
    });
  }

  /** Queries the printer now (coalesced with a query already in flight). */
  refreshStatus(): Promise<PrinterStatus> {
    const t = this.transport;
    if (!t || !t.isOpen) return Promise.resolve(this.current);
    if (this.queryPromise) return this.queryPromise;
    this.queryPromise = new Promise<PrinterStatus>((resolve) => {
      const timer = setTimeout(() => {
        this.query = null;
        resolve(noAnswerStatus());
      }, this.statusTimeoutMs);
      this.query = { bytes: [], resolve, timer };
      t.write(STATUS_QUERY).catch(() => {
        clearTimeout(timer);
        this.query = null;
        resolve(this.transport ? noAnswerStatus() : this.current);
      });
    }).then((status) => {
      this.queryPromise = null;
      // A reply that arrives after the link dropped says nothing about now.
      if (this.transport === t && t.isOpen) this.setStatus(status);
      return this.current;
    });
    return this.queryPromise;
  }

  /** Sends one job (see the file comment for what each outcome means). Jobs never overlap. */
  print(bytes: Uint8Array): Promise<PrintOutcome> {
    const run = this.jobChain.then(() => this.printNow(bytes));
    this.jobChain = run.catch(() => undefined);
    return run;
  }

  // ---- internals ----------------------------------------------------------

  private setStatus(status: PrinterStatus): void {
    const previous = this.current;
    this.current = status;
    if (sameStatus(previous, status)) return;
    for (const l of [...this.listeners]) {
      try {
        l(status, previous);
      } catch (error) {
        console.error('printer status listener failed', error);
      }
    }
  }

  private async connect(): Promise<void> {
    if (!this.running || this.connecting || this.transport) return;
    this.connecting = true;
    try {
      const transport = await this.options.opener({
        data: (chunk) => this.onData(chunk),
        close: (reason, error) => {
          if (this.transport !== transport) return;
          this.linkLost(error ? `${reason}: ${error.message}` : reason);
          this.scheduleReconnect();
        },
      });
      this.connecting = false;
      if (!this.running) {
        await transport.close().catch(() => undefined);
        return;
      }
      this.transport = transport;
      this.reconnects.reset();
      // Automatic status back would put 4-byte replies in the stream that look like GS r replies: off.
      await transport.write(autoStatusBackRequest({})).catch(() => undefined);
      await this.pollOnce();
    } catch (error) {
      this.connecting = false;
      this.setStatus(disconnectedStatus(error instanceof Error ? error.message : String(error)));
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    const wait = this.reconnects.next();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, wait);
  }

  private async pollOnce(): Promise<void> {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.refreshStatus();
    if (this.running && this.transport) this.pollTimer = setTimeout(() => void this.pollOnce(), this.pollMs);
  }

  private linkLost(message: string): void {
    this.transport = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.query) {
      clearTimeout(this.query.timer);
      const q = this.query;
      this.query = null;
      q.resolve(disconnectedStatus(message));
    }
    this.setStatus(disconnectedStatus(message));
    for (const l of [...this.linkListeners]) l();
  }

  private onData(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (this.query && isRealTimeStatusByte(b)) {
        this.query.bytes.push(b);
        if (this.query.bytes.length === 4) {
          const q = this.query;
          this.query = null;
          clearTimeout(q.timer);
          q.resolve(statusFromReplies([q.bytes[0]!, q.bytes[1]!, q.bytes[2]!, q.bytes[3]!]));
        }
      } else if ((b & 0x90) === 0 && this.confirms.length > 0) {
        // GS r 1 reply: bits 4 and 7 clear, which no DLE EOT reply has.
        this.confirms.shift()!.resolve();
      } else {
        this.strayBytes++;
      }
    }
  }

  private async printNow(bytes: Uint8Array): Promise<PrintOutcome> {
    const t = this.transport;
    if (!t || !t.isOpen) return { kind: 'not_sent', reason: `printer not connected (${this.current.message})`, status: this.current };
    const before = await this.refreshStatus();
    if (!before.printable || this.transport !== t) return { kind: 'not_sent', reason: `printer not ready: ${before.message}`, status: before };

    let confirmed = false;
    let linkDown = false;
    let wake: () => void = () => undefined;
    const nudge = () => wake();
    const offLink = this.addLinkListener(() => {
      linkDown = true;
      nudge();
    });
    const offStatus = this.onStatus(nudge);
    try {
      const payload = new Uint8Array(bytes.length + (this.confirmMode === 'transmit-status' ? TRANSMIT_PAPER_STATUS.length : 0));
      payload.set(bytes);
      if (this.confirmMode === 'transmit-status') {
        payload.set(TRANSMIT_PAPER_STATUS, bytes.length);
        this.confirms.push({ resolve: () => {
          confirmed = true;
          nudge();
        } });
      }
      try {
        await t.write(payload);
      } catch (error) {
        return { kind: 'unknown', reason: `the link failed while sending: ${error instanceof Error ? error.message : String(error)}` };
      }

      const limit = this.confirmTimeoutMs + Math.floor(bytes.length / 100);
      let readySince = Date.now();
      for (;;) {
        if (this.confirmMode === 'realtime-status' && !linkDown) {
          const s = await this.refreshStatus();
          if (s.printable && this.transport === t) confirmed = true;
        }
        if (confirmed) break;
        if (linkDown || this.transport !== t) return { kind: 'unknown', reason: `the link dropped before the printer confirmed the slip (${this.current.message})` };
        const s = this.current;
        if (!s.printable) readySince = Date.now();
        else if (Date.now() - readySince > limit) return { kind: 'unknown', reason: `the printer did not confirm the slip within ${limit} ms` };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(this.pollMs, limit));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const after = await this.refreshStatus();
      return { kind: 'printed', status: after };
    } finally {
      offLink();
      offStatus();
      // A confirmation that never came must not be credited to the next job.
      if (!confirmed) this.confirms.length = 0;
    }
  }

  private addLinkListener(l: () => void): () => void {
    this.linkListeners.add(l);
    return () => this.linkListeners.delete(l);
  }
}
