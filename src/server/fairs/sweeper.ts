// The lapse sweep, one per service process: every interval it lapses the
// reservations whose hold ran out (service.ts sweepLapsed). Several processes
// may sweep at once — the events' ids are derived from the slips, so a lapse
// is recorded once. Tests call sweep() with the injected clock.
import type { Database } from '#server/db/database';
import { sweepLapsed } from './service';

export class FairSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly db: Database, readonly now: () => number, private readonly intervalMs: number, private readonly onError: (err: unknown) => void) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch(this.onError), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Lapse what is due at `atMs` (now by default; tests pass a later time); a sweep already running is waited for rather than doubled. */
  sweep(atMs: number = this.now()): Promise<number> {
    if (this.running) return this.running;
    const run = sweepLapsed(this.db, atMs).finally(() => { this.running = null; });
    this.running = run;
    return run;
  }
}
