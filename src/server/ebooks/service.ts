// The e-book service of one process: its clock (injectable: tests move it to
// make loans expire and offers lapse), the reading-link signer and the sweep
// timer. Reachable as `app.ebooks` so tests and the bench can sweep at a
// chosen time.
import type { Database } from '#server/db/database';
import { systemClock, type Clock } from './clock';
import { sweepEbooks } from './circulation';
import type { LinkSigner } from './read-links';

export const SWEEP_MS = 60_000;

export class EbookService {
  clock: Clock;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(readonly db: Database, readonly signer: Promise<LinkSigner>, clock: Clock = systemClock, private readonly onError: (err: unknown) => void = () => {}) {
    this.clock = clock;
  }

  now(): number {
    return this.clock.now();
  }

  /** Ends loans past due and offers past their time, now (one run at a time per process). */
  async sweep(): Promise<{ expired: number; lapsed: number }> {
    while (this.running) await this.running.catch(() => undefined);
    const run = sweepEbooks(this.db, this.now());
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  start(everyMs = SWEEP_MS): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.sweep().catch(this.onError);
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
