// Waiting on another process or the service in integration tests: poll a
// condition until it holds, and unwrap a desk action that must succeed.
import type { ActionResult } from '#desk-core/workflows';

export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, pollMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export function ok<T>(r: ActionResult<T>): T {
  if (!r.ok) throw new Error(`refused: ${r.reason} ${JSON.stringify(r.params)}`);
  return r.outcome;
}
