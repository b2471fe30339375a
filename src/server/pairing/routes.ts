import type { FastifyInstance } from 'fastify';
import type { Database } from '#server/db/database';
import { pairDevice } from '#server/pairing/auth';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';

export function registerPairingRoutes(app: FastifyInstance, db: Database): void {
  // Pairing codes are 8 digits: a tight per-address limit makes guessing one hopeless.
  app.post('/pair', { config: { rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req) => `pair:${req.ip}` } } }, async (req) => {
    const body = allowOnly(requireObject(req.body), ['code', 'name']);
    const code = requireString(body, 'code', 32);
    const name = requireString(body, 'name', 80);
    const res = await pairDevice(db, code, name);
    if (!res.ok) throw new ApiError(401, res.code, 'The pairing code is wrong, already used, expired, or burnt after too many wrong codes were tried. Ask an administrator for a new one.');
    return { deviceId: res.device.id, token: res.token, libraryId: res.device.libraryId, role: res.device.role };
  });
}
