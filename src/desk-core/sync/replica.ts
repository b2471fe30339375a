// The desk's local replica: one RxDB database with a collection per
// replicated collection the device's role may read, each replicated live
// against the central service. The storage is a parameter: Dexie (IndexedDB)
// in the desk, the memory storage or Dexie on fake-indexeddb in Node tests.
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { ROLE_COLLECTIONS, type DeviceRole, type ReplicatedCollection } from '#shared/domain/access';
import { RX_SCHEMA_VERSIONS, rxSchemaFor } from '#shared/domain/rx-schemas';
import { DeviceStream, pullHandler, pushHandler, type Checkpoint, type SyncEndpoint } from './http-replication';
import { migrationStrategiesFor, replicationIdentifier } from './migrations';

addRxPlugin(RxDBMigrationSchemaPlugin);

export interface DeskReplica {
  db: RxDatabase;
  collections: Partial<Record<ReplicatedCollection, RxCollection>>;
  replications: Map<ReplicatedCollection, RxReplicationState<Record<string, unknown>, Checkpoint>>;
  stream: DeviceStream;
  /** Resolves when every collection has caught up with the service once. */
  awaitInSync(): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  storage: RxStorage<unknown, unknown>;
  endpoint: SyncEndpoint;
  role: DeviceRole;
  retryTimeMs?: number;
  /** Open the database and collections without replicating (repair reads the unsent events first). */
  replicate?: boolean;
}

export async function openDeskReplica(opts: ReplicaOptions): Promise<DeskReplica> {
  // One window per desk: no multi-instance coordination, no leader election (see notes/rxdb-sync.md).
  const db = await createRxDatabase({ name: opts.name, storage: opts.storage, multiInstance: false, closeDuplicates: true });
  const names = ROLE_COLLECTIONS[opts.role];
  const added = await db.addCollections(Object.fromEntries(names.map((n) => [n, { schema: rxSchemaFor(n) as never, migrationStrategies: migrationStrategiesFor(n) }])));
  const collections = added as Partial<Record<ReplicatedCollection, RxCollection>>;
  const stream = new DeviceStream(opts.endpoint, names);
  const replications = new Map<ReplicatedCollection, RxReplicationState<Record<string, unknown>, Checkpoint>>();
  if (opts.replicate !== false) {
    for (const name of names) {
      const collection = collections[name]!;
      const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
        collection: collection as never,
        replicationIdentifier: replicationIdentifier(name, RX_SCHEMA_VERSIONS[name], opts.endpoint.baseUrl),
        live: true,
        retryTime: opts.retryTimeMs ?? 2000,
        waitForLeadership: false,
        deletedField: '_deleted',
        pull: { handler: pullHandler(opts.endpoint, name), batchSize: 500, stream$: stream.stream$(name).asObservable() as never },
        // Only events travel up: desks never overwrite shared records.
        ...(name === 'events' ? { push: { handler: pushHandler(opts.endpoint) as never, batchSize: 500 } } : {}),
      });
      replications.set(name, state);
    }
    stream.start();
  }
  return {
    db,
    collections,
    replications,
    stream,
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
