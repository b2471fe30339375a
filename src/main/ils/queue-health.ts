// The queue's health as staff see it (disabled, idle, working, unreachable,
// error), with its counts and the next retry; listeners hear only real changes.
import type { IlsHealth, IlsHealthState, IlsOp, IlsOpError } from './queue-types';

export interface HealthSources {
  now(): Date;
  ops(): Iterable<IlsOp>;
  nextRetryAt(): Date | null;
  report(message: string, error: unknown): void;
}

export class QueueHealth {
  private healthState: IlsHealthState;
  private healthSince: string;
  lastError: IlsOpError | null = null;
  private lastHealthJson = '';
  private readonly healthListeners = new Set<(health: IlsHealth) => void>();

  constructor(
    initial: IlsHealthState,
    private readonly sources: HealthSources,
  ) {
    this.healthState = initial;
    this.healthSince = sources.now().toISOString();
  }

  get state(): IlsHealthState {
    return this.healthState;
  }

  snapshot(): IlsHealth {
    let queued = 0;
    let refused = 0;
    let stuck = 0;
    for (const op of this.sources.ops()) {
      if (op.state === 'queued' || op.state === 'sending') queued++;
      else if (op.state === 'refused') refused++;
      else if (op.state === 'stuck') stuck++;
    }
    return {
      state: this.healthState,
      since: this.healthSince,
      lastError: this.lastError?.message ?? null,
      lastErrorCode: this.lastError?.code ?? null,
      queued,
      refused,
      stuck,
      nextRetryAt: this.sources.nextRetryAt()?.toISOString() ?? null,
    };
  }

  onHealth(listener: (health: IlsHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  set(state: IlsHealthState): void {
    if (state !== this.healthState) {
      this.healthState = state;
      this.healthSince = this.sources.now().toISOString();
    }
    this.publish();
  }

  publish(): void {
    const health = this.snapshot();
    const json = JSON.stringify({ ...health, since: undefined, nextRetryAt: undefined });
    if (json === this.lastHealthJson) return;
    this.lastHealthJson = json;
    for (const listener of [...this.healthListeners]) {
      try {
        listener(health);
      } catch (error) {
        this.sources.report('ILS health listener failed', error);
      }
    }
  }

  /** After a failure the health stays unreachable/error until something succeeds. */
  lastErrorIsCurrent(): boolean {
    return this.lastError !== null && (this.healthState === 'unreachable' || this.healthState === 'error');
  }
}
