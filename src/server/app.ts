// The HTTP service: health, pairing, replication (pull, push, live stream)
// and the administrator API, on Fastify. Every refusal is a 4xx with a
// stable code; see errors.ts.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Database } from './db/database';
import { ApiError, errorBody } from './errors';
import { ChangeFeed } from './change-feed';
import { authenticateDevice, bearer, hashSecret, sameSecret, type Device } from './auth';
import { registerReplicationRoutes } from './routes-replication';
import { registerAdminRoutes } from './routes-admin';
import { registerPairingRoutes } from './routes-pairing';
import { currentSeq } from './records-repo';

export interface AppOptions {
  db: Database;
  adminToken: string;
  /** Requests per minute per device token (or per address without one). */
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
  logger?: boolean | { level: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    device: Device | null;
  }
}

export interface RelayApp {
  app: FastifyInstance;
  feed: ChangeFeed;
  close(): Promise<void>;
}

export async function buildApp(opts: AppOptions): Promise<RelayApp> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    // Ids in URLs are short; a longer path is garbage.
    routerOptions: { maxParamLength: 200 },
  });
  const feed = new ChangeFeed(opts.db, (err) => app.log.error({ err }, 'change feed failed'));
  await feed.start();

  app.decorateRequest('device', null);

  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const token = bearer(req.headers.authorization);
      return token ? `t:${hashSecret(token).slice(0, 32)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => {
      const err = new ApiError(429, 'RATE_LIMITED', `Too many requests: at most ${ctx.max} per minute. Retry in ${Math.ceil(ctx.ttl / 1000)} s.`);
      return err;
    },
  });

  app.addHook('onSend', async (_req, reply) => {
    // Desks compare this with their own clock to warn about drift.
    reply.header('x-server-time', new Date().toISOString());
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody('BODY_TOO_LARGE', `The request body is larger than ${opts.bodyLimitBytes ?? 1_048_576} bytes.`));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
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
    const check = await authenticateDevice(opts.db, req.headers.authorization);
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
  registerReplicationRoutes(app, opts.db, feed, requireDevice);
  registerAdminRoutes(app, opts.db, requireAdmin);

  return {
    app,
    feed,
    async close() {
      await feed.stop();
      await app.close();
    },
  };
}
