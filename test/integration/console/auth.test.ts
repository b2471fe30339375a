// Console sign-in: scrypt-hashed passwords, optional TOTP, a lock after five
// wrong passwords that says when it ends, httpOnly SameSite=Strict session
// cookies, and the CSRF token on every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URI, type TOTP } from 'otpauth';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { ConsoleClient, code } from './support/console-client';

for (const backend of await backends()) {
  describe(`console sign-in on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
    });
    afterAll(async () => svc?.dispose());

    it('stores only a scrypt hash of the password', async () => {
      const { rows } = await svc.db.query<{ password_hash: string }>(`select password_hash from console_accounts where username = 'office'`);
      expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(rows[0]!.password_hash).not.toContain('office-password-1');
    });

    it('signs in with an httpOnly SameSite=Strict cookie, needs the CSRF token for changes, and signs out', async () => {
      const c = new ConsoleClient(svc.url);
      expect(code(await c.call('GET', '/console/api/me'))).toBe('NOT_SIGNED_IN');
      const r = await c.login('office', 'office-password-1');
      expect(r.status).toBe(200);
      const cookie = r.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/console/);
      expect((await c.call<{ account: { role: string } }>('GET', '/console/api/me')).body.account.role).toBe('office');
      const noToken = await c.call('POST', '/console/api/accounts', { username: 'x-user', displayName: 'X', role: 'office', password: 'another-password' }, { csrf: false });
      expect(noToken.status).toBe(403);
      expect(code(noToken)).toBe('CSRF_TOKEN_INVALID');
      expect((await c.call('POST', '/console/api/logout', {})).status).toBe(200);
      expect(code(await c.call('GET', '/console/api/me'))).toBe('NOT_SIGNED_IN');
    });

    it('locks an account after five wrong passwords and says until when', async () => {
      const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      expect((await office.call('POST', '/console/api/accounts', { username: 'victim', displayName: 'V', role: 'library', libraryId: 'NPTU', password: 'victim-password-1' })).status).toBe(200);
      const c = new ConsoleClient(svc.url);
      for (let i = 0; i < 4; i++) expect(code(await c.login('victim', 'wrong-password'))).toBe('BAD_CREDENTIALS');
      const locked = await c.login('victim', 'wrong-password');
      expect(locked.status).toBe(423);
      const unlocksAt = (locked.body as unknown as { error: { details: { unlocksAt: string } } }).error.details.unlocksAt;
      expect(Date.parse(unlocksAt) - Date.now()).toBeGreaterThan(14 * 60_000);
      // Even the right password waits for the lock to end.
      expect(code(await c.login('victim', 'victim-password-1'))).toBe('ACCOUNT_LOCKED');
      expect(code(await c.login('nobody', 'whatever-password'))).toBe('BAD_CREDENTIALS');
    });

    it('asks for the TOTP code when the account has one', async () => {
      const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      const made = await office.call<{ totpUri: string }>('POST', '/console/api/accounts', { username: 'careful', displayName: 'C', role: 'office', password: 'careful-password', totp: true });
      const totp = URI.parse(made.body.totpUri) as TOTP;
      const c = new ConsoleClient(svc.url);
      expect(code(await c.login('careful', 'careful-password'))).toBe('TOTP_REQUIRED');
      expect(code(await c.login('careful', 'careful-password', '000000' === totp.generate() ? '111111' : '000000'))).toBe('TOTP_INVALID');
      expect((await c.login('careful', 'careful-password', totp.generate())).status).toBe(200);
    });

    it('refuses bad account input with specific errors', async () => {
      const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      expect(code(await office.call('POST', '/console/api/accounts', { username: 'short-pw', displayName: 'S', role: 'office', password: 'short' }))).toBe('VALIDATION_FAILED');
      expect(code(await office.call('POST', '/console/api/accounts', { username: 'office', displayName: 'S', role: 'office', password: 'long-enough-pw' }))).toBe('USERNAME_IN_USE');
      expect(code(await office.call('POST', '/console/api/accounts', { username: 'lib-x', displayName: 'S', role: 'library', libraryId: 'NOPE', password: 'long-enough-pw' }))).toBe('UNKNOWN_LIBRARY');
    });
  });
}
