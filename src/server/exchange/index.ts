// The used-book exchange (二手書服務, issue 20): listings, reservations,
// messages, moderation. startExchange registers what is outside the portal's
// cookie scope (administrator settings, console routes, the lapse timer);
// registerExchangePortalRoutes adds the patron routes inside it. Every time
// comes from one clock (AppOptions.exchangeNow) so tests can make holds lapse.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureContext } from '#server/http/app';
import { checkSettingsChange, readSettings, writeSettings } from './settings';
import { registerConsoleRoutes } from './routes-console';
import { registerPortalRoutes } from './routes-portal';
import { sweep } from './sweep';

/** How often the timer sweeps lapsed holds and expired listings (reads and writes sweep by themselves too). */
export const SWEEP_INTERVAL_MS = 60_000;
/** EXCHANGE_SWEEP_MS shortens it (tests that watch the timer lapse a hold with nobody asking). */
const sweepInterval = (): number => {
  const v = Number(process.env['EXCHANGE_SWEEP_MS']);
  return Number.isInteger(v) && v >= 50 ? v : SWEEP_INTERVAL_MS;
};

export const exchangeClock = (c: FeatureContext): (() => Date) => {
  const source = c.options.exchangeNow ?? Date.now;
  return () => new Date(source());
};

export function startExchange(app: FastifyInstance, c: FeatureContext): void {
  const now = exchangeClock(c);
  app.register(async (admin) => {
    admin.addHook('preHandler', c.requireAdmin);
    admin.get('/admin/exchange/settings', async () => readSettings(c.db));
    admin.put('/admin/exchange/settings', async (req) => writeSettings(c.db, checkSettingsChange(req.body)));
  });
  registerConsoleRoutes(app, c.db, now);

  let timer: NodeJS.Timeout | null = null;
  let running = false;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return;
      running = true;
      sweep(c.db, now())
        .catch((err: unknown) => app.log.warn({ err }, 'exchange sweep failed (retried at the next tick)'))
        .finally(() => { running = false; });
    }, sweepInterval());
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    timer = null;
  });
}

/** Patron routes under /portal/api/exchange, inside the portal's cookie scope (`signedIn` sets the patron and checks CSRF). */
export function registerExchangePortalRoutes(scope: FastifyInstance, c: FeatureContext, signedIn: (req: FastifyRequest) => Promise<void>): void {
  registerPortalRoutes(scope, c.db, exchangeClock(c), signedIn);
}
