// One request in flight at a time over a byte link, for pad protocols whose
// replies carry no request id. Replies are matched by the caller's predicate
// (command echo, address); anything arriving while nothing is outstanding is
// discarded. After a timeout the reply may still come, late: the channel
// then waits until the line has been quiet for `settleMs` before sending the
// next request, so that late reply is dropped instead of being taken for the
// answer to the next one.

import type { StreamDecoder, StreamEvent } from './frame-stream';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

/** The failures the channel itself reports; a protocol's own errors (E) come from its driver. */
export type ChannelError = CodecError<'TIMEOUT' | 'DISCONNECTED'>;

export interface RequestChannelOptions<F> {
  readonly decoder: StreamDecoder<F, string>;
  readonly write: (bytes: Uint8Array) => Promise<void>;
  /** Per-request timeout (default 500 ms). */
  readonly timeoutMs?: number;
  /** Quiet time required after a timeout before the next request (default 50 ms). */
  readonly settleMs?: number;
  /**
   * Silence after which a half-received frame is given up (default 20 ms; FEIG
   * allows at most 12 ms between the bytes of one frame). A noise byte that
   * looks like a long frame's length would otherwise hold back the real reply.
   */
  readonly idleFlushMs?: number;
  /** Told about every frame or garbage run that was not a wanted reply (for logs and tests). */
  readonly onDiscard?: (reason: string) => void;
}

interface InFlight<F, E extends CodecError<string>> {
  readonly accepts: (frame: F) => boolean;
  readonly resolve: (result: Result<F, E | ChannelError>) => void;
}

export interface ChannelStats {
  requests: number;
  timeouts: number;
  discardedFrames: number;
  garbageRuns: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RequestChannel<F, E extends CodecError<string> = ChannelError> {
  private inFlight: InFlight<F, E> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private lastByteAt = 0;
  private mustSettle = false;
  private dead: E | ChannelError | null = null;
  readonly stats: ChannelStats = { requests: 0, timeouts: 0, discardedFrames: 0, garbageRuns: 0 };
  private readonly timeoutMs: number;
  private readonly settleMs: number;
  private readonly idleFlushMs: number;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RequestChannelOptions<F>) {
    this.timeoutMs = options.timeoutMs ?? 500;
    this.settleMs = options.settleMs ?? 50;
    this.idleFlushMs = options.idleFlushMs ?? 20;
  }

  receive(chunk: Uint8Array): void {
    this.lastByteAt = performance.now();
    this.handle(this.options.decoder.push(chunk));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.options.decoder.pendingBytes > 0) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        this.handle(this.options.decoder.flush());
      }, this.idleFlushMs);
    }
  }

  private handle(events: StreamEvent<F, string>[]): void {
    for (const event of events) {
      if (event.kind === 'error') {
        this.stats.garbageRuns++;
        this.options.onDiscard?.(`garbage: ${event.error.message}`);
        continue;
      }
      const current = this.inFlight;
      if (current && current.accepts(event.frame)) {
        this.inFlight = null;
        current.resolve(ok(event.frame));
      } else {
        this.stats.discardedFrames++;
        this.options.onDiscard?.(current ? 'a frame that does not answer the outstanding request' : 'a frame while no request was outstanding');
      }
    }
  }

  /** The link is gone: the outstanding and every queued request fail with `error`, and so will later ones. */
  fail(error: E | ChannelError): void {
    this.dead = error;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const current = this.inFlight;
    this.inFlight = null;
    current?.resolve(err(error.code, error.message) as Result<F, E | ChannelError>);
  }

  request(bytes: Uint8Array, accepts: (frame: F) => boolean, timeoutMs = this.timeoutMs): Promise<Result<F, E | ChannelError>> {
    const run = () => this.run(bytes, accepts, timeoutMs);
    const result = this.tail.then(run, run);
    this.tail = result;
    return result;
  }

  private async run(bytes: Uint8Array, accepts: (frame: F) => boolean, timeoutMs: number): Promise<Result<F, E | ChannelError>> {
    if (this.dead) return { ok: false, error: this.dead };
    if (this.mustSettle) await this.settle();
    if (this.dead) return { ok: false, error: this.dead };
    // Whatever half frame is still buffered cannot belong to this request.
    for (const event of this.options.decoder.flush()) if (event.kind === 'error') this.stats.garbageRuns++;
    this.stats.requests++;
    return new Promise<Result<F, E | ChannelError>>((resolve) => {
      const settle = (result: Result<F, E | ChannelError>) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.inFlight = { accepts, resolve: settle };
      const timer = setTimeout(() => {
        if (this.inFlight?.resolve !== settle) return;
        this.inFlight = null;
        this.stats.timeouts++;
        this.mustSettle = true;
        settle({ ok: false, error: { code: 'TIMEOUT', message: `the pad did not answer within ${timeoutMs} ms` } });
      }, timeoutMs);
      this.options.write(bytes).catch((error: unknown) => {
        if (this.inFlight?.resolve !== settle) return;
        this.inFlight = null;
        const message = error instanceof Error ? error.message : String(error);
        settle({ ok: false, error: { code: 'DISCONNECTED', message: `could not send to the pad: ${message}` } });
      });
    });
  }

  private async settle(): Promise<void> {
    const started = performance.now();
    // Bounded: a line that never goes quiet must not stall the desk forever.
    while (!this.dead && performance.now() - started < this.settleMs * 20) {
      const before = performance.now();
      await sleep(this.settleMs);
      if (this.lastByteAt < before) break;
    }
    this.options.decoder.flush();
    this.mustSettle = false;
  }
}
