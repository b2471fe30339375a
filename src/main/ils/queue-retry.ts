// The worker's backoff: when the ILS cannot be reached the head op stays
// queued and one timer wakes the worker again, exponentially later each time
// (capped, 30 s by default). Kept apart so the queue only asks "is a retry
// pending, and when".
import { backoffDelay } from '#shared/backoff';
import type { IlsTimers } from './queue-types';

export const defaultTimers: IlsTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry must not keep the process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RetrySchedule {
  private timer: unknown = null;
  private at: Date | null = null;
  private failures = 0;

  constructor(
    private readonly timers: IlsTimers,
    private readonly now: () => Date,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** A retry is waiting: the worker does not send until it fires or is cancelled. */
  get pending(): boolean {
    return this.timer !== null;
  }

  get nextAt(): Date | null {
    return this.at;
  }

  /** Something succeeded (or the transport changed): the next failure waits the initial delay again. */
  reset(): void {
    this.failures = 0;
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.at = null;
  }

  /** One more failure: calls due() after the backoff for it. */
  schedule(due: () => void): void {
    this.failures++;
    const delay = backoffDelay(this.failures - 1, { initialMs: this.initialMs, maxMs: this.maxMs });
    this.at = new Date(this.now().getTime() + delay);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.at = null;
      due();
    }, delay);
  }
}
