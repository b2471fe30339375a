// The one exponential backoff: how long to wait before the next attempt to
// reach something that failed (a device link, the library system, the desk
// host's bridge). Pure: the caller owns the timer, so tests and fake clocks
// use it as is.

export interface BackoffOptions {
  /** First wait after a failure. */
  readonly initialMs?: number;
  /** Cap. */
  readonly maxMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
  /**
   * Spread, as a fraction: 0.2 waits 80–120 % of the nominal delay, so
   * several desks on one flaky network do not retry in lockstep (default 0).
   */
  readonly jitter?: number;
}

/** Exponents above this cannot change a capped delay and would only overflow. */
const MAX_EXPONENT = 30;

/** The wait before attempt number `attempt + 1` (attempt 0 → initialMs), capped at maxMs. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 5000;
  const factor = options.factor ?? 2;
  const nominal = Math.min(max, initial * factor ** Math.min(Math.max(0, attempt), MAX_EXPONENT));
  const jitter = options.jitter ?? 0;
  return jitter > 0 ? Math.round(nominal * (1 - jitter + random() * 2 * jitter)) : nominal;
}

/** A backoff with its own attempt count: next() after each failure, reset() after a success. */
export class Backoff {
  private attempts = 0;

  constructor(
    private readonly options: BackoffOptions = {},
    private readonly random: () => number = Math.random,
  ) {}

  /** Failures since the last reset. */
  get attempt(): number {
    return this.attempts;
  }

  next(): number {
    return backoffDelay(this.attempts++, this.options, this.random);
  }

  reset(): void {
    this.attempts = 0;
  }
}
