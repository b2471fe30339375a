// Signing in and out, who am I, and the office's account management.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { requireObject } from '#server/http/input';
import { checkLogin, checkNewAccount, createAccount, listAccounts } from './accounts';
import { writeAudit } from './audit';
import { accountOf, actorOf, requireOffice, schoolFor } from './guard';
import { AddressLimiter } from './login-limits';
import { createSession, endSession, SESSION_COOKIE, SESSION_HOURS } from './sessions';

type Guard = (req: FastifyRequest) => Promise<void>;

export function registerAuthRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  const limiter = new AddressLimiter();

  app.post('/console/api/login', async (req, reply) => {
    const body = requireObject(req.body);
    const blocked = limiter.blockedUntil(req.ip);
    if (blocked) throw new ApiError(429, 'TOO_MANY_SIGN_INS', `Too many failed sign-ins from this address. Try again after ${blocked.toISOString()}.`, { retryAt: blocked.toISOString() });
    const username = typeof body['username'] === 'string' ? body['username'].slice(0, 40) : '';
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 200) : '';
    const totp = typeof body['totp'] === 'string' ? body['totp'].slice(0, 10) : undefined;
    const r = await checkLogin(db, username, password, totp);
    if (!r.ok) {
      if (r.code !== 'TOTP_REQUIRED') limiter.fail(req.ip);
      if (r.code === 'ACCOUNT_LOCKED') throw new ApiError(423, 'ACCOUNT_LOCKED', `Too many wrong passwords: this account is locked until ${r.unlocksAt}.`, { unlocksAt: r.unlocksAt });
      if (r.code === 'TOTP_REQUIRED') throw new ApiError(401, 'TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app.');
      if (r.code === 'TOTP_INVALID') throw new ApiError(401, 'TOTP_INVALID', 'The 6-digit code is not right (or has expired).');
      throw new ApiError(401, 'BAD_CREDENTIALS', 'The username or password is not right.');
    }
    const s = await createSession(db, r.account.id);
    reply.setCookie(SESSION_COOKIE, s.secret, { httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/console', maxAge: SESSION_HOURS * 3600 });
    return { account: r.account, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  });

  app.register(async (signed) => {
    signed.addHook('preHandler', signedIn);

    signed.get('/console/api/me', async (req) => ({ account: accountOf(req), csrfToken: req.consoleSession!.csrfToken }));

    signed.post('/console/api/logout', async (req, reply) => {
      await endSession(db, req.consoleSession!.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/console' });
      return { ok: true };
    });

    signed.get('/console/api/accounts', async (req) => {
      const me = accountOf(req);
      return { accounts: await listAccounts(db, schoolFor(me, null)) };
    });

    signed.post('/console/api/accounts', async (req) => {
      const me = accountOf(req);
      requireOffice(me);
      const a = checkNewAccount(requireObject(req.body));
      return db.transaction(async (tx) => {
        const made = await createAccount(tx, a);
        await writeAudit(tx, actorOf(me), { libraryId: a.libraryId, action: 'account.created', target: a.username, after: made.account });
        return made;
      });
    });
  });
}
