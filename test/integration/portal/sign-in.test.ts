// Signing in to the patron portal, on PGlite and PostgreSQL: a password the
// consortium keeps, or the patron's own library system over SIP2 (the
// project's SIP2 simulator on loopback); failed sign-ins locked per account
// and limited per address, counted in the database; sessions (cookie
// attributes, no fixation, CSRF, expiry, sign-out); and the portal cookie and
// the bearer tokens opening only their own routes. No log line carries an
// account, password, PIN, name or cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PORTAL_PATHS, type PortalLibrary } from '#shared/portal/wire';
import { accountKey } from '#server/portal/sign-in-limits';
import { call, cookieValue, Patron, type ErrorAnswer } from './support/portal-client';

const PASSWORD = 'correct horse battery';
// Not digits alone: the log test looks for it in every line, and a 4-digit PIN turns up inside response times.
const SIP_PIN = 'pin4321x';
const SIP_CARD = '21021000555551';

for (const backend of await backends()) {
  describe(`portal sign-in (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let desk: DeskClient;
    let sim: Sip2ServerSimulator;
    const lines: string[] = [];
    const secrets = [PASSWORD, SIP_PIN, SIP_CARD, '21020000111113', '讀者甲'];
    let addr = 0;
    // Each test its own client address (the service trusts loopback as its proxy here), so address counts do not mix.
    const from = (): Record<string, string> => ({ 'x-forwarded-for': `10.1.0.${++addr}` });

    beforeAll(async () => {
      svc = await startTestService(backend, { trustProxy: '127.0.0.1', logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } } });
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-a', 'NPTU', '21020000111113', { name: '讀者甲' });
      await admin.patron('p-b', 'NPTU', '21020000222224', { name: '讀者乙' });
      await admin.patron('p-lock', 'NPTU', '21020000333335');
      await admin.patron('p-sip', 'NKUST', SIP_CARD, { name: '高科讀者' });
      for (const id of ['p-a', 'p-b', 'p-lock']) await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: PASSWORD });
      desk = await admin.pairDesk('NPTU');
      sim = new Sip2ServerSimulator({
        institutionId: 'NKUST',
        accounts: [{ userId: 'relay', password: 'sip-login-secret' }],
        patrons: [{ id: SIP_CARD, pin: SIP_PIN, name: '高科讀者' }, { id: '21021000777773', pin: '1111', name: '未登記讀者' }],
      });
      const port = await sim.start();
      await admin.call('PUT', '/admin/portal/sip2/NKUST', { host: '127.0.0.1', port, institutionId: 'NKUST', loginUser: 'relay', loginPassword: 'sip-login-secret', timeoutMs: 2000 });
      secrets.push('sip-login-secret');
    }, 60_000);

    afterAll(async () => {
      await sim?.stop();
      await svc?.dispose();
    });

    it('lists member libraries with how their patrons sign in; the SIP2 settings never answer their password', async () => {
      const res = await call<{ libraries: PortalLibrary[] }>(svc.url, 'GET', PORTAL_PATHS.libraries);
      expect(res.status).toBe(200);
      expect(res.body.libraries.find((l) => l.id === 'NKUST')).toEqual({ id: 'NKUST', name: '高雄科技大學', signIn: 'sip2' });
      expect(res.body.libraries.find((l) => l.id === 'NPTU')?.signIn).toBe('password');
      const settings = await admin.call<Record<string, unknown>>('GET', '/admin/portal/sip2/NKUST');
      expect(settings).toMatchObject({ host: '127.0.0.1', loginUser: 'relay', loginPasswordSet: true, charset: 'utf-8' });
      expect(JSON.stringify(settings)).not.toContain('sip-login-secret');
      expect((await http(svc.url, 'GET', '/admin/portal/sip2/NKUST')).status).toBe(401);
      expect((await http<ErrorAnswer>(svc.url, 'PUT', '/admin/portal/sip2/NKUST', { token: svc.adminToken, body: { host: 'x|y', port: 1 } })).body.error.code).toBe('VALIDATION_FAILED');
    });

    it('a consortium password signs in; a wrong one is SIGN_IN_FAILED, as is an unknown account', async () => {
      const p = new Patron(svc.url);
      const wrong = await p.signIn('NPTU', '21020000111113', 'not the password', from());
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
      const unknown = await p.signIn('NPTU', '29999999999999', PASSWORD, from());
      expect([unknown.status, unknown.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
      expect((await p.signIn('ZZZZ', '21020000111113', PASSWORD, from())).body.error.code).toBe('UNKNOWN_LIBRARY');
      const ok = await p.signIn('NPTU', '21020000111113', PASSWORD, from());
      expect(ok.status).toBe(200);
      expect(ok.body.patron).toEqual({ id: 'p-a', name: '讀者甲', homeLibraryId: 'NPTU', homeLibraryName: '屏東大學' });
      expect(ok.body.csrfToken.length).toBeGreaterThan(20);
      // The cookie: httpOnly, SameSite=Strict, only under /portal; not Secure over plain http.
      expect(ok.setCookie).toMatch(/HttpOnly/i);
      expect(ok.setCookie).toMatch(/SameSite=Strict/i);
      expect(ok.setCookie).toMatch(/Path=\/portal(;|$)/);
      expect(ok.setCookie).not.toMatch(/Secure/i);
      const me = await p.get(PORTAL_PATHS.me);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ patron: { id: 'p-a' }, csrfToken: ok.body.csrfToken });
      // Only the hash of the secret is stored.
      const { rows } = await svc.db.query<{ token_hash: string }>('select token_hash from portal_sessions');
      expect(rows.some((r) => r.token_hash === p.cookie)).toBe(false);
    });

    it('the cookie is Secure when the request came over https', async () => {
      const p = new Patron(svc.url);
      const ok = await p.signIn('NPTU', '21020000222224', PASSWORD, { ...from(), 'x-forwarded-proto': 'https' });
      expect(ok.status).toBe(200);
      expect(ok.setCookie).toMatch(/Secure/i);
    });

    it('five failures lock the account for 15 minutes, even for the right password, and say until when; the lock is in the database', async () => {
      const p = new Patron(svc.url);
      const started = Date.now();
      for (let i = 1; i <= 4; i++) expect((await p.signIn('NPTU', '21020000333335', `wrong ${i}`, from())).body.error.code).toBe('SIGN_IN_FAILED');
      const fifth = await p.signIn('NPTU', '21020000333335', 'wrong 5', from());
      expect([fifth.status, fifth.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
      const until = Date.parse(String(fifth.body.error.details?.['until']));
      expect(until - started).toBeGreaterThan(14 * 60_000);
      expect(until - started).toBeLessThan(16 * 60_000);
      expect(fifth.body.error.message).toContain(String(fifth.body.error.details?.['until']));
      const right = await p.signIn('NPTU', '21020000333335', PASSWORD, from());
      expect([right.status, right.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
      // Another account is not affected.
      expect((await p.signIn('NPTU', '21020000222224', PASSWORD, from())).status).toBe(200);
      // Kept in the database (every service process reads it), keyed by a hash: no card number there.
      const { rows } = await svc.db.query<{ key: string }>('select key from portal_account_locks');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.key).not.toContain('21020000333335');
      // Once the lock has passed, the right password signs in again.
      await svc.db.query(`update portal_account_locks set until = now() - interval '1 second'`);
      expect((await p.signIn('NPTU', '21020000333335', PASSWORD, from())).status).toBe(200);
    });

    it.runIf(backend === 'postgres')('a second service process on the same database sees the lock and the sessions', async () => {
      await admin.patron('p-two', 'NPTU', '21020000444446');
      await admin.call('POST', '/admin/portal/passwords', { patronId: 'p-two', password: PASSWORD });
      const other = await startTestService('postgres', { databaseUrl: svc.databaseUrl!, trustProxy: '127.0.0.1' });
      try {
        const here = new Patron(svc.url);
        const there = new Patron(other.url);
        // Failures alternate between the processes: five in all lock the account on both.
        for (let i = 0; i < 5; i++) await (i % 2 === 0 ? here : there).signIn('NPTU', '21020000444446', `wrong ${i}`, from());
        const locked = await there.signIn('NPTU', '21020000444446', PASSWORD, from());
        expect([locked.status, locked.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
        expect((await here.signIn('NPTU', '21020000444446', PASSWORD, from())).status).toBe(423);
        // A session made by one process is good on the other.
        const p = new Patron(svc.url);
        await p.signIn('NPTU', '21020000111113', PASSWORD, from());
        expect((await call(other.url, 'GET', PORTAL_PATHS.me, { cookie: p.cookie })).status).toBe(200);
      } finally {
        await other.dispose();
      }
    }, 60_000);

    it('twenty failures from one address refuse that address (429 with until), whatever accounts it tries; other addresses go on', async () => {
      const p = new Patron(svc.url);
      const spray = { 'x-forwarded-for': '10.9.9.9' };
      for (let i = 0; i < 20; i++) {
        const r = await p.signIn('NPTU', `2902000000${String(i).padStart(4, '0')}`, 'guess', spray);
        expect(r.body.error.code).toBe('SIGN_IN_FAILED');
      }
      const blocked = await p.signIn('NPTU', '21020000111113', PASSWORD, spray);
      expect([blocked.status, blocked.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Date.parse(String(blocked.body.error.details?.['until']))).toBeGreaterThan(Date.now());
      expect((await p.signIn('NPTU', '21020000111113', PASSWORD, from())).status).toBe(200);
    }, 60_000);

    it('SIP2: the right PIN signs in through the library system; a wrong PIN is SIGN_IN_FAILED; a patron the library has not registered is told so', async () => {
      const p = new Patron(svc.url);
      const wrong = await p.signIn('NKUST', SIP_CARD, '9999', from());
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
      const ok = await p.signIn('NKUST', SIP_CARD, SIP_PIN, from());
      expect(ok.status).toBe(200);
      expect(ok.body.patron).toMatchObject({ id: 'p-sip', homeLibraryId: 'NKUST' });
      expect(sim.stats.logins).toBeGreaterThan(0);
      const stranger = await p.signIn('NKUST', '21021000777773', '1111', from());
      expect([stranger.status, stranger.body.error.code]).toEqual([403, 'NOT_A_MEMBER_PATRON']);
    });

    it('SIP2: the library system down is LIBRARY_SYSTEM_UNREACHABLE and never counts toward a lock', async () => {
      const p = new Patron(svc.url);
      await sim.goDown();
      try {
        for (let i = 0; i < 6; i++) {
          const r = await p.signIn('NKUST', SIP_CARD, SIP_PIN, from());
          expect([r.status, r.body.error.code]).toEqual([503, 'LIBRARY_SYSTEM_UNREACHABLE']);
        }
      } finally {
        await sim.comeUp();
      }
      expect((await p.signIn('NKUST', SIP_CARD, SIP_PIN, from())).status).toBe(200);
      // A system too slow to answer within the settings' timeout is the same: unreachable, no failure counted.
      sim.setLatency(2500);
      try {
        const slow = await p.signIn('NKUST', SIP_CARD, SIP_PIN, from());
        expect([slow.status, slow.body.error.code]).toEqual([503, 'LIBRARY_SYSTEM_UNREACHABLE']);
      } finally {
        sim.setLatency(0);
      }
      expect((await svc.db.query(`select 1 from portal_sign_in_failures where kind = 'account' and key = $1`, [accountKey('NKUST', SIP_CARD)])).rows).toHaveLength(0);
      expect((await p.signIn('NKUST', SIP_CARD, SIP_PIN, from())).status).toBe(200);
    }, 30_000);

    it('no fixation: a cookie sent to sign-in is never adopted, and an existing session sent with it ends', async () => {
      const planted = new Patron(svc.url);
      planted.cookie = 'attacker-chosen-value';
      const r = await planted.signIn('NPTU', '21020000111113', PASSWORD, from());
      expect(r.status).toBe(200);
      expect(planted.cookie).not.toBe('attacker-chosen-value');
      expect((await call<ErrorAnswer>(svc.url, 'GET', PORTAL_PATHS.me, { cookie: 'attacker-chosen-value' })).status).toBe(401);
      // The attacker's own live session handed to the victim: the victim's sign-in replaces it, and the attacker's cookie is dead.
      const attacker = new Patron(svc.url);
      await attacker.signIn('NPTU', '21020000222224', PASSWORD, from());
      const attackerCookie = attacker.cookie;
      const victim = new Patron(svc.url);
      victim.cookie = attackerCookie;
      await victim.signIn('NPTU', '21020000111113', PASSWORD, from());
      expect(victim.cookie).not.toBe(attackerCookie);
      expect((await victim.get(PORTAL_PATHS.me)).body).toMatchObject({ patron: { id: 'p-a' } });
      expect((await call<ErrorAnswer>(svc.url, 'GET', PORTAL_PATHS.me, { cookie: attackerCookie })).body.error.code).toBe('NOT_SIGNED_IN');
    });

    it('signing out needs the CSRF token; afterwards the cookie opens nothing', async () => {
      const p = new Patron(svc.url);
      await p.signIn('NPTU', '21020000111113', PASSWORD, from());
      const none = await call<ErrorAnswer>(svc.url, 'DELETE', PORTAL_PATHS.session, { cookie: p.cookie });
      expect([none.status, none.body.error.code]).toEqual([403, 'CSRF_REFUSED']);
      const wrong = await call<ErrorAnswer>(svc.url, 'DELETE', PORTAL_PATHS.session, { cookie: p.cookie, csrf: 'x'.repeat(32) });
      expect([wrong.status, wrong.body.error.code]).toEqual([403, 'CSRF_REFUSED']);
      const out = await p.send('DELETE', PORTAL_PATHS.session);
      expect(out.status).toBe(204);
      expect(cookieValue(out.setCookie)).toBeNull();
      expect((await p.get(PORTAL_PATHS.me)).body.error.code).toBe('NOT_SIGNED_IN');
    });

    it('a session ends after two idle hours or twelve in all: SESSION_EXPIRED; no cookie at all is NOT_SIGNED_IN', async () => {
      const p = new Patron(svc.url);
      await p.signIn('NPTU', '21020000111113', PASSWORD, from());
      expect(Date.parse(p.me!.expiresAt) - Date.now()).toBeGreaterThan(115 * 60_000);
      await svc.db.query(`update portal_sessions set last_seen_at = now() - interval '121 minutes' where patron_id = 'p-a'`);
      expect((await p.get(PORTAL_PATHS.me)).body.error.code).toBe('SESSION_EXPIRED');
      const q = new Patron(svc.url);
      await q.signIn('NPTU', '21020000222224', PASSWORD, from());
      await svc.db.query(`update portal_sessions set absolute_expires_at = now() - interval '1 second' where patron_id = 'p-b'`);
      expect((await q.get(PORTAL_PATHS.rules)).body.error.code).toBe('SESSION_EXPIRED');
      expect((await call<ErrorAnswer>(svc.url, 'GET', PORTAL_PATHS.me)).body.error.code).toBe('NOT_SIGNED_IN');
    });

    it('device and administrator tokens open no portal route; the portal cookie opens no console, desk or admin route', async () => {
      for (const token of [desk.token, svc.adminToken]) {
        for (const path of [PORTAL_PATHS.me, PORTAL_PATHS.rules, PORTAL_PATHS.account, PORTAL_PATHS.requests]) {
          const r = await http<ErrorAnswer>(svc.url, 'GET', path, { token });
          expect([path, r.status, r.body.error.code]).toEqual([path, 401, 'NOT_SIGNED_IN']);
        }
      }
      const p = new Patron(svc.url);
      await p.signIn('NPTU', '21020000111113', PASSWORD, from());
      const asCookie = (path: string, method = 'GET') => call<ErrorAnswer>(svc.url, method, path, { cookie: p.cookie, csrf: p.csrf });
      for (const path of ['/console/api/me', '/admin/records/patrons', '/admin/portal/sip2/NKUST', '/api/catalogue/search?q=x', '/replication/pull?seq=0&limit=10', '/me']) {
        expect([path, (await asCookie(path)).status]).toEqual([path, 401]);
      }
      expect((await asCookie('/admin/portal/passwords', 'POST')).status).toBe(401);
      // The console's cookie name with the portal secret is not a console session either.
      const consoleTry = await fetch(`${svc.url}/console/api/me`, { headers: { cookie: `relay_console=${p.cookie}` } });
      expect(consoleTry.status).toBe(401);
    });

    it('no log line carries an account, password, PIN, patron name, session cookie or CSRF token', async () => {
      const p = new Patron(svc.url);
      const signedIn = await p.signIn('NPTU', '21020000111113', PASSWORD, from());
      // Without a session there is no cookie to look for (and "null" would match every JSON line): say why instead.
      expect([signedIn.status, signedIn.body.error?.code]).toEqual([200, undefined]);
      expect((await p.get(PORTAL_PATHS.account)).status).toBe(200);
      secrets.push(p.cookie!, p.csrf!);
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) for (const s of secrets) expect(line.includes(s) ? `${s} in ${line}` : null).toBeNull();
    });
  });
}
