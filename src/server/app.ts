// The HTTP service: health, pairing, replication (pull, push, live stream)
// and the administrator API, on Fastify. Every refusal is a 4xx with a
// stable code; see errors.ts.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import compress from '@fastify/compress';
import { COMPRESSION } from './sync-pull';
import type { Database } from './db/database';
import { ApiError, errorBody } from './errors';
import { dbErrorKind } from './db/errors';
import { requireStorableQuery } from './input';
import { registerRateLimits, trustedProxies } from './rate-limits';
import { loggerOptions, type LogSettings } from './http-logging';
import type { TimeBounds } from './push-screens';
import { ChangeFeed } from './change-feed';
import { authenticateDevice, bearer, sameSecret, type Device, type TokenCheck } from './auth';
import { registerReplicationRoutes } from './routes-replication';
import { registerAdminRoutes } from './routes-admin';
import { registerPairingRoutes } from './routes-pairing';
import { registerCardRoutes } from './routes-cards';
import { CardService } from './card-service';
import { currentSeq } from './records-repo';
import { registerCatalogueRoutes } from '#server/catalogue/routes';
import { startStats } from '#server/stats/routes';
import { startConsole } from '#server/console/index';

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

export async function buildApp(opts: AppOptions): Promise<RelayApp> {
  // A signing key in service (made and published on a new database) before the first card is asked for.
  const { cards, warnings } = await CardService.open(opts.db, { keySecret: opts.cardKeySecret });
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    trustProxy: trustedProxies(opts.trustProxy ?? process.env['TRUST_PROXY']),
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    // Ids in URLs are short; a longer path is garbage.
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any route runs get the same {error:{code,message}} shape.
    frameworkErrors: (error, _req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const e = error as { code?: string; statusCode?: number };
      if (e.code === 'FST_ERR_BAD_URL') return reply.status(400).send(errorBody('MALFORMED_URL', 'The URL is not valid (bad percent-encoding).'));
      return reply.status(e.statusCode && e.statusCode < 500 ? e.statusCode : 400).send(errorBody('MALFORMED_REQUEST', 'The request could not be routed.'));
    },
    // Node answers over-long headers or request lines itself: keep the same JSON error shape.
    clientErrorHandler: (err, socket) => {
      const code = (err as { code?: string }).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify(errorBody(status === 431 ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', status === 431 ? 'The request line or headers are too large.' : 'The request is not valid HTTP.'));
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      else socket.destroy();
    },
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
      const desk = path.startsWith('/replication/') || path.startsWith('/api/cards') || path === '/me' || path === '/pair' || path === '/health';
      cb(null, desk ? { origin: '*', methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 } : { origin: false });
    },
  });

  // Pulls and other JSON answers are compressed when the client accepts it (the live stream compresses itself: sync-stream.ts).
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

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    // A database that cannot be reached is the service's condition, not the request's: 503, retry later.
    // A value the database refused (SQLSTATE class 22/23) is the request's: a 4xx, never a retry.
    const dbKind = dbErrorKind(err);
    if (dbKind === 'unavailable') {
      req.log.warn({ err }, 'database unavailable');
      return reply.status(503).send(errorBody('DATABASE_UNAVAILABLE', 'The service cannot reach its database just now; try again shortly.'));
    }
    if (dbKind === 'data') {
      req.log.warn({ err }, 'database refused a value');
      return reply.status(422).send(errorBody('DATA_REFUSED', 'The database refused a value in this request.'));
    }
    const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody('BODY_TOO_LARGE', `The request body is larger than ${opts.bodyLimitBytes ?? 1_048_576} bytes.`));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
    if (e.code === 'FST_ERR_MAX_PARAM_LENGTH' || status === 414) return reply.status(414).send(errorBody('URL_TOO_LONG', 'A path parameter is longer than 200 characters.'));
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.status(400).send(errorBody('EMPTY_BODY', 'The request body is empty.'));
    if (status === 400 || e.code?.startsWith('FST_ERR_CTP')) return reply.status(400).send(errorBody('MALFORMED_BODY', `The request body is not valid JSON: ${e.message ?? ''}`.trim()));
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody(e.code ?? 'BAD_REQUEST', e.message ?? 'Bad request.'));
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', 'The service failed on this request; it has been logged.'));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', `No such endpoint: ${req.method} ${req.url.split('?')[0]}`));
  });

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

  registerPairingRoutes(app, opts.db);
  registerReplicationRoutes(app, opts.db, feed, requireDevice, opts.eventTimeBounds ? { timeBounds: opts.eventTimeBounds } : {});
  registerAdminRoutes(app, opts.db, requireAdmin);

  for (const w of warnings) app.log.warn(w);
  registerCardRoutes(app, cards, { requireDevice, requireAdmin, isAdmin, publicUrl: opts.publicUrl ?? (process.env['PUBLIC_URL'] || undefined) });
  registerCatalogueRoutes(app, opts.db, { requireDevice, requireAdmin });
  startStats(app, opts.db, requireAdmin);
  startConsole(app, opts.db, requireAdmin, cards);

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
