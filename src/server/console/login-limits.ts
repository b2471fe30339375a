// Failed sign-ins per address: at most 20 in 15 minutes from one address,
// whatever usernames it tries (the per-account lock in accounts.ts stops a
// guesser on one account; this stops one address spraying many accounts).
// Kept in memory per service process: each process bounds what reaches it.
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MS = 15 * 60_000;

export class AddressLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly max = ADDRESS_MAX_FAILURES, private readonly windowMs = ADDRESS_WINDOW_MS) {}

  /** null when the address may try; else the instant it may try again. */
  blockedUntil(address: string, now = Date.now()): Date | null {
    const recent = (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
    this.failures.set(address, recent);
    if (recent.length < this.max) return null;
    return new Date(recent[0]! + this.windowMs);
  }

  fail(address: string, now = Date.now()): void {
    const list = this.failures.get(address) ?? [];
    list.push(now);
    this.failures.set(address, list);
    // Bound memory: forget addresses whose failures have all aged out.
    if (this.failures.size > 10_000) for (const [k, v] of this.failures) if (v.every((t) => t <= now - this.windowMs)) this.failures.delete(k);
  }
}
