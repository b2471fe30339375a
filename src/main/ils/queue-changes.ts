// Telling listeners (the desk's queue screen) that ops changed: once per
// tick, with every op, however many changes the tick made.
import type { IlsOp } from './queue-types';

export class ChangeFeed {
  private readonly changeListeners = new Set<(ops: readonly IlsOp[]) => void>();
  private notifyScheduled = false;

  constructor(
    private readonly list: () => IlsOp[],
    private readonly report: (message: string, error: unknown) => void,
  ) {}

  onChange(listener: (ops: readonly IlsOp[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  schedule(): void {
    if (this.notifyScheduled || this.changeListeners.size === 0) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      const ops = this.list();
      for (const listener of [...this.changeListeners]) {
        try {
          listener(ops);
        } catch (error) {
          this.report('ILS change listener failed', error);
        }
      }
    });
  }
}
