// The notices' three loops in one service process: the consumer (event log →
// queue; woken by the change feed's NOTIFY and a slow poll), the sweep (time
// → queue) and the sender (queue → SMTP). Each runs one at a time per
// process; several processes share the work through the database (cursor
// lock, dedupe keys, skip-locked claims). Tests call consume(), sweep(now)
// and drain() directly and get a deterministic result.
import type { Database } from '#server/db/database';
import { CHANGES_CHANNEL } from '#server/records/records-repo';
import { catchUpNotices } from './consumer';
import { smtpTransport, type MailTransport } from './mailer';
import { drainNotices, type DrainResult, type SendReport } from './sender';
import type { NoticeSettings } from './settings';
import { sweepNotices } from './sweep';

export interface NoticeLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** One loop that runs its task now, or once more after the run in progress; never two at once. */
class Serial<T> {
  private running: Promise<T> | null = null;
  private again = false;
  constructor(private readonly task: () => Promise<T>, private readonly onError: (err: unknown) => void) {}
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      let last!: T;
      do {
        this.again = false;
        try {
          last = await this.task();
        } catch (err) {
          this.onError(err);
        }
      } while (this.again);
      return last;
    })().finally(() => {
      this.running = null;
    });
  }
  /** Run once more after anything in progress and return that run's result (errors are thrown, not logged). */
  async runNow(): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    return this.task();
  }
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}

export class NoticeService {
  private readonly transport: MailTransport | null;
  private readonly consumer: Serial<number>;
  private readonly sender: Serial<DrainResult | null>;
  private readonly sweeper: Serial<number>;
  private timers: NodeJS.Timeout[] = [];
  private soonTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    readonly settings: NoticeSettings,
    private readonly log: NoticeLog,
    transport?: MailTransport | null,
  ) {
    this.transport = transport === undefined ? smtpTransport(settings) : transport;
    this.consumer = new Serial(() => this.consumeNow(), (err) => this.log.error({ err }, 'notices consumer failed (it retries on the next change)'));
    this.sender = new Serial(() => this.drainNow(), (err) => this.log.error({ err }, 'notices sender failed (it retries on its next round)'));
    this.sweeper = new Serial(() => this.sweepNow(Date.now()), (err) => this.log.error({ err }, 'notices sweep failed (it retries on its next round)'));
  }

  /** Whether mail can go out; without SMTP every notice waits in the queue. */
  get smtpConfigured(): boolean {
    return this.transport !== null;
  }

  async start(): Promise<void> {
    if (!this.transport) this.log.warn({}, 'notices: no SMTP_URL configured; patron notices are queued and wait until it is set');
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, () => this.soon(), () => this.soon());
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, Math.max(50, ms));
      t.unref();
      this.timers.push(t);
    };
    every(this.settings.consumerPollMs, () => this.consumer.kick());
    every(this.settings.sweepMs, () => this.sweeper.kick());
    every(this.settings.sendPollMs, () => this.sender.kick());
    this.consumer.kick();
    this.sweeper.kick();
    this.sender.kick();
  }

  /** A change was committed: consume shortly, so a burst of pushes is one batch. */
  private soon(): void {
    if (this.soonTimer || this.stopped) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      this.consumer.kick();
    }, 100);
    this.soonTimer.unref();
  }

  private async consumeNow(): Promise<number> {
    if (this.stopped) return 0;
    const queued = await catchUpNotices(this.db);
    if (queued > 0) this.sender.kick();
    return queued;
  }

  private async sweepNow(now: number): Promise<number> {
    if (this.stopped) return 0;
    const queued = await sweepNotices(this.db, now, this.settings);
    if (queued > 0) this.sender.kick();
    return queued;
  }

  private async drainNow(): Promise<DrainResult | null> {
    if (!this.transport || this.stopped) return null;
    return drainNotices(this.db, this.transport, this.settings, (r) => this.report(r), () => this.stopped);
  }

  private report(r: SendReport): void {
    // Ids, kinds and SMTP errors with addresses blanked: nothing about the patron.
    if (r.outcome === 'failed') this.log.warn({ notice: r.id, kind: r.kind, attempts: r.attempts, error: r.error }, 'notice failed for good');
    else if (r.outcome === 'retry') this.log.info({ notice: r.id, kind: r.kind, attempts: r.attempts, error: r.error }, 'notice not sent; will retry');
    else if (r.outcome === 'lost_lease') this.log.warn({ notice: r.id, kind: r.kind }, 'notice lease ran out before it was recorded (another process may have sent it too)');
  }

  /** Queue the notices for everything committed so far (tests; the admin's status). */
  consume(): Promise<number> {
    return this.consumer.runNow();
  }

  /** The time-based sweep as at `now` (tests travel in time). */
  sweep(now: number = Date.now()): Promise<number> {
    return this.sweeper.idle().then(() => this.sweepNow(now));
  }

  /** Send everything due now; null when no SMTP is configured. */
  drain(): Promise<DrainResult | null> {
    return this.sender.runNow();
  }

  /** Let the sender look again soon (an administrator's retry). */
  wake(): void {
    this.sender.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.soonTimer) clearTimeout(this.soonTimer);
    await this.unlisten?.();
    await Promise.all([this.consumer.idle(), this.sender.idle(), this.sweeper.idle()]);
    this.transport?.close();
  }
}
