// The desk's local replica: one RxDB database with two collections — every
// record the device may read in `record_pages` (a log of pages, pulled as one
// stream with one checkpoint: record-stream.ts) and the desk's own
// `events` (RxDB's replication protocol: pushed, and pulled back with their
// outcome). The storage is a parameter: Dexie
// (IndexedDB) in the desk, the memory storage or Dexie on fake-indexeddb in
// Node tests.
//
// Upgrade in place: a database from before the one record stream holds a
// collection per record type, and one from before the page log a `records`
// collection with a row per record. Those are removed on open (their records
// are pulled again into `record_pages`); `events` keeps its name, schema and
// replication identifier, so its unsent events and its push checkpoint survive
// and nothing is re-scanned or sent twice.
import type { Observable } from 'rxjs';
import { addRxPlugin, createRxDatabase, defaultConflictHandler, getAllCollectionDocuments, removeCollectionStorages, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { isRecordCollection } from '#shared/domain/records';
import { rxSchemaFor } from '#shared/domain/rx-schemas';
import { DESK_PULL_PAGE, MAX_PUSH_ROWS } from '#shared/sync/protocol';
import { DeviceStream, pullEventsHandler, pullRecordsHandler, pushHandler, type Checkpoint, type SyncEndpoint } from './http-replication';
import { RecordStream, type RecordPageRow } from './record-stream';
import { eventMigrationStrategies, eventsReplicationIdentifier, recordsMigrationStrategies, recordsReplicationIdentifier, recordsSchemaVersion } from './migrations';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export type ReplicaPart = 'records' | 'events';

/** What the desk uses of a replication: the record stream and RxDB's events replication both offer it. */
export interface Replication {
  readonly active$: Observable<boolean>;
  readonly received$: Observable<unknown>;
  awaitInitialReplication(): Promise<void>;
  awaitInSync(): Promise<unknown>;
  reSync(): void;
  cancel(): Promise<unknown>;
}

export interface DeskReplica {
  db: RxDatabase;
  records: RxCollection<RecordPageRow>;
  events: RxCollection;
  replications: Map<ReplicaPart, Replication>;
  stream: DeviceStream;
  /** Record collections of an older layout removed on open (their records are pulled again). */
  upgradedFrom: string[];
  /** Resolves when records and events have caught up with the service once. */
  awaitInSync(): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  storage: RxStorage<unknown, unknown>;
  endpoint: SyncEndpoint;
  retryTimeMs?: number;
  /** Open the database and collections without replicating (repair reads the unsent events first). */
  replicate?: boolean;
}

/** The `record_pages` collection: pages of the service's documents, opaque to RxDB (each was validated by the service). */
export function recordsRxSchema(version = recordsSchemaVersion()) {
  return {
    version,
    primaryKey: 'key',
    type: 'object',
    properties: {
      key: { type: 'string', maxLength: 20 },
      rows: { type: 'array', items: { type: 'object' } },
      compacted: { type: 'boolean' },
    },
    required: ['key', 'rows', 'compacted'],
    additionalProperties: false,
  } as const;
}

/** The collection names of older layouts: a collection per record type, then one row per record. */
const OLD_RECORD_STORES = new Set(['records']);

/** Remove the per-collection record stores of the layout before the one record stream; returns their names. */
async function removeOldLayout(db: RxDatabase): Promise<string[]> {
  const metas = await getAllCollectionDocuments(db.internalStore);
  const old = [...new Set(metas.map((m) => m.data.name).filter((n) => isRecordCollection(n) || OLD_RECORD_STORES.has(n)))];
  for (const name of old) {
    // Also removes each collection's replication meta stores (its pull checkpoint).
    await removeCollectionStorages(db.storage, db.internalStore, db.token, db.name, name, false, undefined, db.hashFunction);
  }
  return old;
}

export async function openDeskReplica(opts: ReplicaOptions): Promise<DeskReplica> {
  // One window per desk: no multi-instance coordination, no leader election (see notes/rxdb-sync.md).
  const db = await createRxDatabase({ name: opts.name, storage: opts.storage, multiInstance: false, closeDuplicates: true });
  const upgradedFrom = await removeOldLayout(db);
  const version = recordsSchemaVersion();
  const added = await db.addCollections({
    record_pages: { schema: recordsRxSchema(version) as never, migrationStrategies: recordsMigrationStrategies(version), localDocuments: true },
    // The service's copy of an event always wins (RxDB's default handler takes the master's state):
    // a push of an event it already has is answered with that copy as a conflict.
    events: { schema: rxSchemaFor('events') as never, migrationStrategies: eventMigrationStrategies(), conflictHandler: defaultConflictHandler },
  });
  const records = added.record_pages as RxCollection<RecordPageRow>;
  const events = added.events as RxCollection;
  const stream = new DeviceStream(opts.endpoint);
  const replications = new Map<ReplicaPart, Replication>();
  if (opts.replicate !== false) {
    const retryTime = opts.retryTimeMs ?? 2000;
    const recordStream = new RecordStream({
      records,
      pull: pullRecordsHandler(opts.endpoint),
      stream$: stream.records$.asObservable(),
      checkpointId: recordsReplicationIdentifier(version, opts.endpoint.baseUrl),
      batchSize: DESK_PULL_PAGE,
      retryTimeMs: retryTime,
    });
    replications.set('records', recordStream);
    replications.set('events', replicateRxCollection<Record<string, unknown>, Checkpoint>({
      live: true, retryTime, waitForLeadership: false, deletedField: '_deleted',
      collection: events as never,
      replicationIdentifier: eventsReplicationIdentifier(opts.endpoint.baseUrl),
      pull: { handler: pullEventsHandler(opts.endpoint) as never, batchSize: 1000, stream$: stream.events$.asObservable() as never },
      push: { handler: pushHandler(opts.endpoint) as never, batchSize: MAX_PUSH_ROWS },
    }));
    recordStream.start();
    stream.start();
  }
  return {
    db,
    records,
    events,
    replications,
    stream,
    upgradedFrom,
    async awaitInSync() {
      await Promise.all([...replications.values()].map((r) => r.awaitInSync()));
    },
    async close() {
      stream.stop();
      await Promise.all([...replications.values()].map((r) => r.cancel()));
      await db.close();
    },
  };
}
