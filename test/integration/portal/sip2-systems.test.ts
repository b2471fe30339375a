// Signing in through library systems that differ (the SIP2 simulator's
// profiles): one speaking Big5 signs in when its settings say Big5 (and is
// unreachable, never a wrong password, when they say UTF-8); one without
// Patron Information (63) signs in through Patron Status (23); one that
// needs no login (93) is asked straight away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { SIP2_SERVER_PROFILES } from '#main/simulators/sip2-profiles';
import { Patron } from './support/portal-client';

describe('portal sign-in through different library systems', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  const sims: Sip2ServerSimulator[] = [];
  const sim = async (libraryId: string, card: string, opts: ConstructorParameters<typeof Sip2ServerSimulator>[0], settings: Record<string, unknown> = {}) => {
    const s = new Sip2ServerSimulator({ institutionId: libraryId, patrons: [{ id: card, pin: '2468', name: '林美玲' }], ...opts });
    sims.push(s);
    await admin.patron(`p-${libraryId.toLowerCase()}`, libraryId, card, { name: '林美玲' });
    await admin.call('PUT', `/admin/portal/sip2/${libraryId}`, { host: '127.0.0.1', port: await s.start(), institutionId: libraryId, timeoutMs: 1500, ...settings });
    return s;
  };

  beforeAll(async () => {
    svc = await startTestService('pglite');
    admin = new AdminClient(svc.url, svc.adminToken);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await svc?.dispose();
  });

  it('a Big5 system: signed in with charset big5; with utf-8 it is unreachable, not a wrong password', async () => {
    await sim('KMU', '21044000111119', { profile: 'big5', accounts: [{ userId: '館際', password: 'big5-pw' }] }, { loginUser: '館際', loginPassword: 'big5-pw', charset: 'big5' });
    const p = new Patron(svc.url);
    expect((await p.signIn('KMU', '21044000111119', '2468')).status).toBe(200);
    expect((await p.signIn('KMU', '21044000111119', '1357')).body.error.code).toBe('SIGN_IN_FAILED');
    await admin.call('PUT', '/admin/portal/sip2/KMU', { charset: 'utf-8' });
    const wrongSet = await p.signIn('KMU', '21044000111119', '2468');
    expect([wrongSet.status, wrongSet.body.error.code]).toEqual([503, 'LIBRARY_SYSTEM_UNREACHABLE']);
  });

  it('a system without Patron Information (63): Patron Status (23) with the PIN', async () => {
    const s = await sim('NUK', '21033000222227', {
      accounts: [{ userId: 'relay', password: 'pw' }],
      overrides: { supportedMessages: SIP2_SERVER_PROFILES.strict.supportedMessages.filter((m) => m !== 'patronInformation') },
    }, { loginUser: 'relay', loginPassword: 'pw' });
    const p = new Patron(svc.url);
    expect((await p.signIn('NUK', '21033000222227', '2468')).status).toBe(200);
    expect((await p.signIn('NUK', '21033000222227', '0000')).body.error.code).toBe('SIGN_IN_FAILED');
    expect(s.received.some((line) => line.startsWith('23'))).toBe(true);
  });

  it('a system that needs no login is asked without one', async () => {
    const s = await sim('STUST', '21205000333338', {});
    const p = new Patron(svc.url);
    expect((await p.signIn('STUST', '21205000333338', '2468')).status).toBe(200);
    expect(s.stats.logins).toBe(0);
  });
});
