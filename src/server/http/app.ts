// The HTTP service: health, pairing, replication (pull, push, live stream)
// and the administrator API, on Fastify. Every refusal is a 4xx with a
// stable code; see errors.ts.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import compress from '@fastify/compress';
import { COMPRESSION } from '#server/sync/pull';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { clientErrorHandler, DEFAULT_BODY_LIMIT, frameworkErrors, setErrorHandlers } from '#server/http/error-handler';
import { requireStorableQuery } from '#server/http/input';
import { registerRateLimits, trustedProxies } from '#server/http/rate-limits';
import { loggerOptions, type LogSettings } from '#server/http/logging';
import type { TimeBounds } from '#server/events/push-screens';
import { ChangeFeed } from '#server/sync/change-feed';
import { authenticateDevice, bearer, sameSecret, type Device, type TokenCheck } from '#server/pairing/auth';
import { registerReplicationRoutes } from '#server/sync/routes';
import { registerAdminRoutes } from '#server/admin/routes';
import { registerPairingRoutes } from '#server/pairing/routes';
import { registerCardRoutes } from '#server/cards/routes';
import { CardService } from '#server/cards/card-service';
import { currentSeq } from '#server/records/records-repo';
import { startPlannerStats } from '#server/records/planner-stats';
import { registerCatalogueRoutes } from '#server/catalogue/routes';
import { registerRequestRoutes } from '#server/requests/routes';
import { startStats } from '#server/stats/routes';
import { startConsole } from '#server/console/index';
import { startPortal } from '#server/portal/index';
import { startNotices } from '#server/notices/index';
import { startExchange } from '#server/exchange/index';
import { startEbooks } from '#server/ebooks/index';
import { startFairs } from '#server/fairs/index';

export interface AppOptions {
  db: Database;
  adminToken: string;
  /** Requests per minute per device token (or per address without one). */
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
  logger?: boolean | LogSettings;
  /** How far a pushed event's time may be from the service's clock (push-screens.ts); tests that travel in time widen it. */
  eventTimeBounds?: TimeBounds | undefined;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs); default TRUST_PROXY, else none. */
  trustProxy?: string | readonly string[] | undefined;
  /** Seals the card-signing keys at rest; default CARD_KEY_SECRET (see card-secrets.ts). */
  cardKeySecret?: string;
  /** Base URL of the card-page links handed out; default PUBLIC_URL, else the address each request came to. */
  publicUrl?: string;
  /** The used-book exchange's clock (ms since the epoch); tests move it to make holds lapse. Default Date.now. */
  exchangeNow?: () => number;
}

declare module 'fastify' {
  interface FastifyRequest {
    device: Device | null;
    /** The bearer token's check, done once per request (the rate limiter needs it first). */
    tokenCheck: Promise<TokenCheck> | null;
  }
}

export interface RelayApp {
  app: FastifyInstance;
  feed: ChangeFeed;
  cards: CardService;
  close(): Promise<void>;
}

/** What each feature's routes are given by the app. */
export interface FeatureContext {
  db: Database;
  feed: ChangeFeed;
  cards: CardService;
  requireDevice: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  requireAdmin: (req: FastifyRequest) => Promise<void>;
  isAdmin: (req: FastifyRequest) => boolean;
  options: AppOptions;
}

/**
 * Every feature of the service, each registering its own routes: a new feature is a folder
 * under src/server plus one line here. Registered in this order.
 */
const FEATURES = {
  records: (app, c) => startPlannerStats(app, c.db),
  pairing: (app, c) => registerPairingRoutes(app, c.db),
  sync: (app, c) => registerReplicationRoutes(app, c.db, c.feed, c.requireDevice, c.options.eventTimeBounds ? { timeBounds: c.options.eventTimeBounds } : {}),
  admin: (app, c) => registerAdminRoutes(app, c.db, c.requireAdmin),
  cards: (app, c) => registerCardRoutes(app, c.cards, { requireDevice: c.requireDevice, requireAdmin: c.requireAdmin, isAdmin: c.isAdmin, publicUrl: c.options.publicUrl ?? (process.env['PUBLIC_URL'] || undefined) }),
  catalogue: (app, c) => registerCatalogueRoutes(app, c.db, { requireDevice: c.requireDevice, requireAdmin: c.requireAdmin }),
  requests: (app, c) => registerRequestRoutes(app, c.db, { requireDevice: c.requireDevice, requireAdmin: c.requireAdmin }),
  stats: (app, c) => startStats(app, c.db, c.requireAdmin),
  console: (app, c) => startConsole(app, c.db, c.requireAdmin, c.cards),
  notices: (app, c) => startNotices(app, c),
  exchange: (app, c) => startExchange(app, c),
  ebooks: (app, c) => startEbooks(app, c),
  fairs: (app, c) => startFairs(app, c),
  portal: (app, c) => startPortal(app, c),
} satisfies Record<string, (app: FastifyInstance, context: FeatureContext) => void>;

export async function buildApp(opts: AppOptions): Promise<RelayApp> {
  // A signing key in service (made and published on a new database) before the first card is asked for.
  const { cards, warnings } = await CardService.open(opts.db, { keySecret: opts.cardKeySecret });
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    trustProxy: trustedProxies(opts.trustProxy ?? process.env['TRUST_PROXY']),
    bodyLimit: opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    // Ids in URLs are short; a longer path is garbage.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  });
  const feed = new ChangeFeed(opts.db, (err) => app.log.error({ err }, 'change feed failed'));
  await feed.start();

  app.decorateRequest('device', null);
  app.decorateRequest('tokenCheck', null);
  const checkToken = (req: FastifyRequest): Promise<TokenCheck> => (req.tokenCheck ??= authenticateDevice(opts.db, req.headers.authorization));
  const isAdmin = (req: FastifyRequest): boolean => {
    const token = bearer(req.headers.authorization);
    return token !== null && sameSecret(token, opts.adminToken);
  };

  // Desks run in a browser or an Electron renderer whose origin is not the service's. Every
  // call carries a bearer token and no cookie, so any origin may call the desk endpoints;
  // the administrator's routes are not offered to browsers at all.
  await app.register(cors, {
    delegator: (req, cb) => {
      const path = req.url ?? '';
      const desk = path.startsWith('/replication/') || path.startsWith('/api/cards') || path === '/me' || path === '/pair' || path === '/health'
        || path.startsWith('/api/catalogue/') || path.startsWith('/api/requests') // the desk's catalogue search and title requests
        || path.startsWith('/api/notices'); // whether a patron was notified (notices/routes.ts)
      cb(null, desk ? { origin: '*', methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 } : { origin: false });
    },
  });

  // Pulls and other JSON answers are compressed when the client accepts it (the live stream compresses itself: sync/stream.ts).
  await app.register(compress, { ...COMPRESSION, encodings: [...COMPRESSION.encodings] });

  await registerRateLimits(app, { perMinute: opts.rateLimitPerMinute ?? 600, checkToken, isAdmin });

  // Text the database cannot store is refused at the door in query strings (bodies: input.ts and
  // validation.ts; path parameters: each route's own pattern, and a value that still reaches the
  // database is a 422 DATA_REFUSED below, never a 500).
  app.addHook('preValidation', async (req) => requireStorableQuery(req.query));

  app.addHook('onSend', async (_req, reply) => {
    // Desks compare this with their own clock to warn about drift.
    reply.header('x-server-time', new Date().toISOString());
  });

  setErrorHandlers(app, opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);

  app.get('/health', async () => ({ status: 'ok', database: opts.db.kind, seq: await currentSeq(opts.db), time: new Date().toISOString(), streams: feed.size }));

  const requireDevice = async (req: FastifyRequest, _reply: FastifyReply) => {
    const check = await checkToken(req);
    if (!check.ok) {
      const messages = {
        TOKEN_MISSING: 'Send the device token as "Authorization: Bearer <token>". Pair the desk first.',
        TOKEN_INVALID: 'The device token is not valid. Pair the desk again.',
        TOKEN_REVOKED: 'This device has been revoked by an administrator. Pair the desk again.',
      } as const;
      throw new ApiError(401, check.code, messages[check.code]);
    }
    req.device = check.device;
  };

  const requireAdmin = async (req: FastifyRequest) => {
    const token = bearer(req.headers.authorization);
    if (!token || !sameSecret(token, opts.adminToken)) throw new ApiError(401, 'ADMIN_TOKEN_INVALID', 'This endpoint needs the administrator token.');
  };

  for (const w of warnings) app.log.warn(w);
  const context: FeatureContext = { db: opts.db, feed, cards, requireDevice, requireAdmin, isAdmin, options: opts };
  for (const register of Object.values(FEATURES)) register(app, context);

  return {
    app,
    feed,
    cards,
    async close() {
      await feed.stop();
      await app.close();
    },
  };
}
