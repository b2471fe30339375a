// RxDB's replication protocol over HTTP, per collection: pull with a
// checkpoint of the server's sequence, push (events only: desks never
// overwrite shared records), and one multiplexed Server-Sent Events stream per
// device that starts with a RESYNC and then carries every change in scope.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from './db/database';
import type { ChangeFeed } from './change-feed';
import { ApiError } from './errors';
import { queryInt } from './input';
import { foreignEventIds, pullPage, scopeCounts } from './records-repo';
import { EventApplier } from './apply-events';
import { validateEventDoc } from './validation';
import { ROLE_COLLECTIONS, ROLE_EVENT_TYPES, type ReplicatedCollection } from '../shared/domain/access';
import { isRecordCollection } from '../shared/domain/records';
import type { EventDoc } from '../shared/domain/events';

export const MAX_PUSH_ROWS = 500;
export const MAX_PULL_LIMIT = 1000;
const HEARTBEAT_MS = 15_000;

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

function collectionFor(req: FastifyRequest): ReplicatedCollection {
  const name = (req.params as { collection: string }).collection;
  if (name !== 'events' && !isRecordCollection(name)) throw new ApiError(404, 'UNKNOWN_COLLECTION', `There is no collection "${name.slice(0, 40)}".`);
  const device = req.device!;
  if (!ROLE_COLLECTIONS[device.role].includes(name)) throw new ApiError(403, 'FORBIDDEN_COLLECTION', `A ${device.role} device cannot read "${name}".`);
  return name;
}

export function registerReplicationRoutes(app: FastifyInstance, db: Database, feed: ChangeFeed, requireDevice: Guard): void {
  const applier = new EventApplier(db);
  app.get('/me', { preHandler: requireDevice }, async (req) => ({ device: req.device, serverTime: new Date().toISOString() }));

  // Sizes of the device's scope, so a desk can show real progress while its first replication loads.
  app.get('/replication/status', { preHandler: requireDevice }, async (req) => {
    const device = req.device!;
    return { serverTime: new Date().toISOString(), counts: await scopeCounts(db, { libraryId: device.libraryId, deviceId: device.id }) };
  });

  app.get('/replication/:collection/pull', { preHandler: requireDevice }, async (req) => {
    const collection = collectionFor(req);
    const seq = queryInt(req.query, 'seq', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = queryInt(req.query, 'limit', 500, 1, MAX_PULL_LIMIT);
    const device = req.device!;
    const rows = await pullPage(db, collection, { libraryId: device.libraryId, deviceId: device.id }, seq, limit);
    const last = rows.at(-1);
    return {
      documents: rows.map((r) => ({ ...r.data, _deleted: r.deleted })),
      checkpoint: { seq: last ? last.seq : seq },
    };
  });

  app.post('/replication/:collection/push', { preHandler: requireDevice }, async (req) => {
    const collection = collectionFor(req);
    const device = req.device!;
    if (collection !== 'events') throw new ApiError(403, 'READ_ONLY_COLLECTION', `"${collection}" is written by the service only; desks record what they do as events.`);
    if (!Array.isArray(req.body)) throw new ApiError(400, 'VALIDATION_FAILED', 'The body must be an array of {assumedMasterState?, newDocumentState} rows.');
    const rows = req.body as unknown[];
    if (rows.length > MAX_PUSH_ROWS) throw new ApiError(413, 'TOO_MANY_ROWS', `Push at most ${MAX_PUSH_ROWS} rows at a time (got ${rows.length}).`);
    const events: EventDoc[] = [];
    for (const [i, row] of rows.entries()) {
      if (typeof row !== 'object' || row === null || !('newDocumentState' in row)) throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: missing newDocumentState`);
      const v = validateEventDoc((row as { newDocumentState: unknown }).newDocumentState);
      if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: ${v.message}`);
      const e = v.value;
      if (e.deviceId !== device.id) throw new ApiError(403, 'FORBIDDEN_DEVICE', `row ${i}: an event must carry this device's id.`);
      if (e.libraryId !== device.libraryId) throw new ApiError(403, 'FORBIDDEN_LIBRARY', `row ${i}: this device may only record events for ${device.libraryId}.`);
      if (!ROLE_EVENT_TYPES[device.role].includes(e.type)) throw new ApiError(403, 'FORBIDDEN_EVENT_TYPE', `row ${i}: a ${device.role} device cannot record "${e.type}".`);
      if (e.status !== 'pending') throw new ApiError(400, 'VALIDATION_FAILED', `row ${i}: /status: a desk pushes events as "pending"`);
      events.push(e);
    }
    const foreign = await foreignEventIds(db, events.map((e) => e.id), device.id);
    if (foreign.length > 0) throw new ApiError(409, 'EVENT_ID_TAKEN', `Event id ${foreign[0]} belongs to another device; a desk must create its own ids.`);
    let out;
    try {
      out = await applier.apply(events, device.role === 'kiosk' ? 'library' : 'device');
    } catch (err) {
      req.log.error({ err }, 'applying a push failed');
      // Nothing was committed: the desk keeps the events and retries (RxDB retries a throwing push handler).
      throw new ApiError(503, 'DATABASE_UNAVAILABLE', 'The service could not store the events just now; they stay on the desk and are sent again.');
    }
    return { conflicts: out.conflicts.map((c) => ({ ...c, _deleted: false })), results: out.results };
  });

  app.get('/replication/stream', { preHandler: requireDevice }, (req, reply) => {
    const device = req.device!;
    reply.hijack();
    const raw = reply.raw;
    // A hijacked reply skips Fastify's header handling: carry over what the hooks set (CORS for desks in a browser).
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-server-time': new Date().toISOString(),
    });
    const write = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // Whatever happened while this desk was away, it must pull it: RESYNC first, then live changes.
    write('hello', { deviceId: device.id, serverTime: new Date().toISOString() });
    write('resync', {});
    const unsubscribe = feed.subscribe({
      deviceId: device.id,
      libraryId: device.libraryId,
      role: device.role,
      send: (batch) => write('change', batch),
      resync: () => write('resync', {}),
      close: () => {
        write('revoked', { message: 'This device has been revoked. Pair the desk again.' });
        raw.end();
      },
    });
    const heartbeat = setInterval(() => raw.write(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    raw.on('close', end);
    raw.on('error', end);
  });
}
