// Waiting for the driver to see what a simulator did: sim.* requests resolve
// once the real driver has reported the change (or after a bound), so a
// spec's next step sees the same state a person at the desk would.

export class Watch {
  private readonly waiters = new Set<() => void>();

  /** Call after every report from the driver. */
  changed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once `done()` holds after a report, or after `timeoutMs` regardless (the caller reports what it got). */
  until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        finish(true);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(check);
    });
  }
}
