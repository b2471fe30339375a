// The console's API under /console/api: sessions by cookie, the account's
// scope on every route. app.ts calls startConsole once.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Database } from '#server/db/database';
import type { CardService } from '#server/cards/card-service';
import { requireObject } from '#server/http/input';
import { checkNewAccount, createAccount } from './accounts';
import { requireSignedIn } from './guard';
import { registerAuthRoutes } from './routes-auth';
import { registerDirectoryRoutes } from './routes-directory';
import { registerDeviceRoutes } from './routes-devices';
import { registerReportRoutes } from './routes-reports';
import { registerImportRoutes } from './routes-import';
import { registerCardRoutes } from './routes-cards';
import { registerPages } from './pages';
import { registerRequestRoutes } from './routes-requests';

export function startConsole(app: FastifyInstance, db: Database, requireAdmin: (req: FastifyRequest) => Promise<void>, cards?: CardService): void {
  // The first office account comes from the administrator (npm run admin -- console-account …); the office makes the rest.
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    admin.post('/admin/console/accounts', async (req) => db.transaction((tx) => createAccount(tx, checkNewAccount(requireObject(req.body)))));
  });
  app.register(async (scope) => {
    // Registered here, not on the whole app: only the console uses cookies.
    await scope.register(cookie);
    scope.decorateRequest('consoleAccount', null);
    scope.decorateRequest('consoleSession', null);
    const signedIn = requireSignedIn(db);
    registerAuthRoutes(scope, db, signedIn);
    registerDirectoryRoutes(scope, db, signedIn);
    registerDeviceRoutes(scope, db, signedIn);
    registerReportRoutes(scope, db, signedIn);
    registerImportRoutes(scope, db, signedIn);
    if (cards) registerCardRoutes(scope, db, cards, signedIn);
    registerRequestRoutes(scope, db, signedIn);
    registerPages(scope);
  });
}
