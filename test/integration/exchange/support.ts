// Test support for the exchange: a real service whose exchange clock the test
// moves, on PGlite or on PostgreSQL (a fresh database each), patrons signed in
// to the portal with consortium-kept passwords, and console accounts.
import { startService, type RunningService } from '#server/service';
import { AdminClient } from '#test/support/client';
import { createTestDatabase, type Backend } from '#test/support/service';
import { Patron } from '#test/integration/portal/support/portal-client';
import { ConsoleClient } from '#test/integration/console/support/console-client';

export const DAY_MS = 86_400_000;
export const T0 = Date.parse('2026-12-07T02:00:00Z');

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void { this.ms += ms; }
}

export interface ExchangeService extends RunningService { admin: AdminClient; clock: TestClock; databaseUrl: string | undefined; dispose(): Promise<void> }

/** A service on the backend; pass databaseUrl or dataDir to reopen the same database after a restart. */
export async function startExchangeService(backend: Backend, clock: TestClock, opts: { databaseUrl?: string; dataDir?: string; keepDatabase?: boolean } = {}): Promise<ExchangeService> {
  let databaseUrl = opts.databaseUrl;
  let drop: (() => Promise<void>) | null = null;
  if (backend === 'postgres' && !databaseUrl) ({ url: databaseUrl, drop } = await createTestDatabase('relay_exchange'));
  const svc = await startService({
    port: 0, databaseUrl, rateLimitPerMinute: 100_000, exchangeNow: clock.now, adminToken: 'rda_exchange-test-admin-token-0123456789',
    ...(opts.dataDir && backend === 'pglite' ? { dataDir: opts.dataDir } : { inMemory: true }),
  });
  return {
    ...svc, admin: new AdminClient(svc.url, svc.adminToken), clock, databaseUrl,
    async dispose() {
      await svc.stop();
      if (drop && !opts.keepDatabase) await drop();
    },
  };
}

let cardSeq = 0;
/** A patron of the school, with a portal password, signed in. */
export async function signedInPatron(svc: { url: string; admin: AdminClient }, id: string, libraryId: string, name: string): Promise<Patron> {
  const card = `2102100${String(++cardSeq).padStart(3, '0')}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
  await svc.admin.patron(id, libraryId, card, { name });
  await svc.admin.call('POST', '/admin/portal/passwords', { patronId: id, password: `pw-${id}-secret` });
  const p = new Patron(svc.url);
  const r = await p.signIn(libraryId, card, `pw-${id}-secret`);
  if (r.status !== 200) throw new Error(`sign-in of ${id} failed: ${JSON.stringify(r.body)}`);
  return p;
}

export async function consoleAccounts(svc: { url: string; admin: AdminClient }): Promise<{ office: ConsoleClient; nkust: ConsoleClient }> {
  await svc.admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
  const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
  await office.call('POST', '/console/api/accounts', { username: 'nkust-admin', displayName: 'NKUST', role: 'library', libraryId: 'NKUST', password: 'nkust-password-1' });
  return { office, nkust: await ConsoleClient.signedIn(svc.url, 'nkust-admin', 'nkust-password-1') };
}

export const BOOK = {
  kind: 'sell', subject: '財經企管', title: '經濟學原理', author: 'N. Gregory Mankiw', isbn: '978-957-33-1724-1',
  description: '有少量螢光筆劃線', condition: 'good', price: 350, campus: '建工校區 圖書館一樓',
} as const;
