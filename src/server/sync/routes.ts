// RxDB's replication protocol over HTTP (the wire is typed in
// src/shared/sync/protocol.ts): pulls with a checkpoint of the server's
// sequence (pull.ts), push (events only: desks never overwrite shared
// records), and one Server-Sent Events stream per device (stream.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import type { ChangeFeed } from './change-feed';
import { ApiError } from '#server/http/errors';
import { scopeCounts } from '#server/records/records-repo';
import { collectionFor, registerPullRoutes } from './pull';
import { registerStreamRoute } from './stream';
import { EventApplier, type ApplierOptions } from '#server/events/event-applier';
import { validateEventDoc } from '#server/http/validation';
import { ROLE_EVENT_TYPES } from '#shared/domain/access';
import type { EventDoc } from '#shared/domain/events';
import { MAX_PUSH_ROWS, SYNC_PATHS, SYNC_ROUTES, type StatusResponse } from '#shared/sync/protocol';

export { MAX_PULL_LIMIT, MAX_PUSH_ROWS } from '#shared/sync/protocol';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function registerReplicationRoutes(app: FastifyInstance, db: Database, feed: ChangeFeed, requireDevice: Guard, applierOptions: ApplierOptions = {}): void {
  const applier = new EventApplier(db, applierOptions);
  app.get(SYNC_PATHS.me, { preHandler: requireDevice }, async (req) => ({ device: req.device, serverTime: new Date().toISOString() }));

  // Sizes of the device's scope, so a desk can show real progress while its first replication loads.
  app.get(SYNC_PATHS.status, { preHandler: requireDevice }, async (req): Promise<StatusResponse> => {
    const device = req.device!;
    return { serverTime: new Date().toISOString(), counts: await scopeCounts(db, { libraryId: device.libraryId, deviceId: device.id }) };
  });

  registerPullRoutes(app, db, requireDevice);

  app.post(SYNC_ROUTES.collectionPush, { preHandler: requireDevice }, async (req) => {
    const collection = collectionFor(req);
    const device = req.device!;
    if (collection !== 'events') throw new ApiError(403, 'READ_ONLY_COLLECTION', `"${collection}" is written by the service only; desks record what they do as events.`);
    if (!Array.isArray(req.body)) throw new ApiError(400, 'VALIDATION_FAILED', 'The body must be an array of {assumedMasterState?, newDocumentState} rows.');
    const rows = req.body as unknown[];
    if (rows.length > MAX_PUSH_ROWS) throw new ApiError(413, 'TOO_MANY_ROWS', `Push at most ${MAX_PUSH_ROWS} rows at a time (got ${rows.length}).`);
    const events: EventDoc[] = [];
    for (const [i, row] of rows.entries()) {
      if (typeof row !== 'object' || row === null || !('newDocumentState' in row)) throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: missing newDocumentState`);
      // Text the database cannot store is that event's rejection (push-screens.ts), not a 400 that would stall the desk's queue.
      const v = validateEventDoc((row as { newDocumentState: unknown }).newDocumentState, { unstorableText: 'defer' });
      if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: ${v.message}`);
      const e = v.value;
      if (e.deviceId !== device.id) throw new ApiError(403, 'FORBIDDEN_DEVICE', `row ${i}: an event must carry this device's id.`);
      if (e.libraryId !== device.libraryId) throw new ApiError(403, 'FORBIDDEN_LIBRARY', `row ${i}: this device may only record events for ${device.libraryId}.`);
      if (!ROLE_EVENT_TYPES[device.role].includes(e.type)) throw new ApiError(403, 'FORBIDDEN_EVENT_TYPE', `row ${i}: a ${device.role} device cannot record "${e.type}".`);
      if (e.status !== 'pending') throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: /status: a desk pushes events as "pending"`);
      events.push(e);
    }
    let out;
    try {
      // EVENT_ID_TAKEN (an id another device owns) is decided inside the applying transaction.
      out = await applier.apply(events, device.role === 'kiosk' ? 'library' : 'device');
    } catch (err) {
      if (err instanceof ApiError) throw err;
      req.log.error({ err }, 'applying a push failed');
      // Nothing was committed: the desk keeps the events and retries (RxDB retries a throwing push handler).
      throw new ApiError(503, 'DATABASE_UNAVAILABLE', 'The service could not store the events just now; they stay on the desk and are sent again.');
    }
    return { conflicts: out.conflicts.map((c) => ({ ...c, _deleted: false })), results: out.results };
  });

  registerStreamRoute(app, feed, requireDevice);
}
