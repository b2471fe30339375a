// Test support for the e-books: uploading a vendor file with the
// administrator token, patrons signed in to the portal, and a movable clock.
import type { AdminClient } from '#test/support/client';
import type { Clock } from '#server/ebooks/clock';
import type { RunningService } from '#server/service';
import { Patron } from '#test/integration/portal/support/portal-client';

export const PASSWORD = 'correct horse battery';

export async function upload<T = unknown>(base: string, token: string, path: string, body: string, type = 'text/tab-separated-values; charset=utf-8'): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Patrons made and signed in with a consortium password (card numbers are 14 digits from `base`). */
export async function signedInPatrons(svc: RunningService, admin: AdminClient, prefix: string, library: string, n: number, base = 21020000500000): Promise<Patron[]> {
  const out: Patron[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    const card = String(base + i);
    await admin.patron(id, library, card, { name: `讀者${i}` });
    await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: PASSWORD });
    const p = new Patron(svc.url);
    const r = await p.signIn(library, card, PASSWORD);
    if (r.status !== 200) throw new Error(`sign-in ${id} → ${r.status} ${JSON.stringify(r.body)}`);
    out.push(p);
  }
  return out;
}

/** A clock the test moves; installed on the running service's e-books. */
export class TestClock implements Clock {
  constructor(public ms: number) {}
  now(): number { return this.ms; }
  advance(ms: number): void { this.ms += ms; }
}

export function useClock(svc: RunningService, start: number): TestClock {
  const clock = new TestClock(start);
  svc.relay.app.ebooks.clock = clock;
  return clock;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
