// Pull routes: one page of every record collection a device may read
// (SYNC_PATHS.pull, the desk's one record stream) and one page of one
// collection (the desk's events, and older clients). Both read the scope index
// and write the stored JSON through as text, so a page costs the database
// read and the compression, not a parse and a re-serialise per record.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { pullPage } from '#server/records/records-repo';
import type { RawRow } from '#server/records/record-scopes';
import { ROLE_COLLECTIONS, type DeviceRole, type ReplicatedCollection } from '#shared/domain/access';
import { isRecordCollection } from '#shared/domain/records';
import {
  DEFAULT_PULL_LIMIT, DESK_PULL_PAGE, MAX_PULL_LIMIT, MAX_RECORDS_PULL_LIMIT, PULL_PARAMS, SYNC_PATHS, SYNC_ROUTES,
} from '#shared/sync/protocol';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * @fastify/compress options for the service (app.ts registers it): gzip, which
 * every desk (Chromium, Electron, Node fetch) decodes natively, at a level that
 * keeps a 2,000-row page cheap to compress; brotli is left out because its
 * default quality costs far more CPU than it saves bytes here.
 */
export const COMPRESSION = { global: true, encodings: ['gzip', 'deflate'], threshold: 1024, zlibOptions: { level: 5 } } as const;

/** The collection named in the path, if this device's role may read it. */
export function collectionFor(req: FastifyRequest): ReplicatedCollection {
  const name = (req.params as { collection: string }).collection;
  if (name !== 'events' && !isRecordCollection(name)) throw new ApiError(404, 'UNKNOWN_COLLECTION', `There is no collection "${name.slice(0, 40)}".`);
  const device = req.device!;
  if (!ROLE_COLLECTIONS[device.role].includes(name)) throw new ApiError(403, 'FORBIDDEN_COLLECTION', `A ${device.role} device cannot read "${name}".`);
  return name;
}

/** The record collections (not events) a role reads: the all-collections pull's filter. */
export function recordCollectionsOf(role: DeviceRole): ReplicatedCollection[] {
  return ROLE_COLLECTIONS[role].filter((c) => c !== 'events');
}

/** `{…stored, "_deleted": x}` without parsing: a stored document is always a non-empty JSON object. */
function withDeletedFlag(r: RawRow): string {
  return `${r.json.slice(0, r.json.lastIndexOf('}'))}, "_deleted": ${r.deleted}}`;
}

function checkpointAfter(rows: readonly RawRow[], seq: number): string {
  return `{"seq":${rows.at(-1)?.seq ?? seq}}`;
}

export function registerPullRoutes(app: FastifyInstance, db: Database, requireDevice: Guard): void {
  app.get(SYNC_PATHS.pull, { preHandler: requireDevice }, async (req, reply) => {
    const seq = queryInt(req.query, PULL_PARAMS.seq, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = queryInt(req.query, PULL_PARAMS.limit, DESK_PULL_PAGE, 1, MAX_RECORDS_PULL_LIMIT);
    const device = req.device!;
    const rows = await pullPage(db, recordCollectionsOf(device.role), { libraryId: device.libraryId, deviceId: device.id }, seq, limit);
    // A RecordsPage, written as text around the stored JSON.
    const body = `{"rows":[${rows.map((r) => `{"collection":${JSON.stringify(r.collection)},"deleted":${r.deleted},"doc":${r.json}}`).join(',')}],"checkpoint":${checkpointAfter(rows, seq)}}`;
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get(SYNC_ROUTES.collectionPull, { preHandler: requireDevice }, async (req, reply) => {
    const collection = collectionFor(req);
    const seq = queryInt(req.query, PULL_PARAMS.seq, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = queryInt(req.query, PULL_PARAMS.limit, DEFAULT_PULL_LIMIT, 1, MAX_PULL_LIMIT);
    const device = req.device!;
    const rows = await pullPage(db, [collection], { libraryId: device.libraryId, deviceId: device.id }, seq, limit);
    // A CollectionPage, written as text around the stored JSON.
    return reply.type('application/json; charset=utf-8').send(`{"documents":[${rows.map(withDeletedFlag).join(',')}],"checkpoint":${checkpointAfter(rows, seq)}}`);
  });
}
