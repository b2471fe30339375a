// Test only: the desk replica as it was before the one record stream — a
// collection per record type, each replicated on its own over the
// per-collection endpoints, and `events` pushed under the identifier the
// desk still uses. A trimmed copy of the old opener (src/renderer/sync before
// the move), so the upgrade test starts from a database the old code really
// wrote, push checkpoint included. Only a few record collections are opened:
// the free RxDB allows 13 collections per JS realm, and this test opens the
// new layout in the same process afterwards.
import { createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { ReplicatedCollection } from '#shared/domain/access';
import { rxSchemaFor, RX_SCHEMA_VERSIONS } from '#shared/domain/rx-schemas';
import { eventMigrationStrategies, eventsReplicationIdentifier, recordsMigrationStrategies } from '#desk-core/sync/migrations';
import { collectionPullPath, pullQuery, SYNC_PATHS, type CollectionPage, type PushResponse } from '#shared/sync/protocol';

export interface LegacyReplica {
  db: RxDatabase;
  collections: Partial<Record<ReplicatedCollection, RxCollection>>;
  replications: Array<RxReplicationState<Record<string, unknown>, { seq: number }>>;
  close(): Promise<void>;
}

async function call<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}`);
  return (await res.json()) as T;
}

export async function openLegacyReplica(opts: {
  name: string;
  storage: RxStorage<unknown, unknown>;
  baseUrl: string;
  token: string;
  collections: readonly ReplicatedCollection[];
}): Promise<LegacyReplica> {
  const db = await createRxDatabase({ name: opts.name, storage: opts.storage, multiInstance: false, closeDuplicates: true });
  const names = [...opts.collections, 'events'] as ReplicatedCollection[];
  // The old strategies: records dropped for a re-pull, events carried over.
  const strategies = (c: ReplicatedCollection) => (c === 'events' ? eventMigrationStrategies() : recordsMigrationStrategies(RX_SCHEMA_VERSIONS[c]));
  const collections = (await db.addCollections(Object.fromEntries(names.map((n) => [n, { schema: rxSchemaFor(n) as never, migrationStrategies: strategies(n) }])))) as Partial<Record<ReplicatedCollection, RxCollection>>;
  const replications = names.map((name) => replicateRxCollection<Record<string, unknown>, { seq: number }>({
    collection: collections[name]! as never,
    replicationIdentifier: name === 'events' ? eventsReplicationIdentifier(opts.baseUrl) : `relay-${name}-v${RX_SCHEMA_VERSIONS[name]}-${opts.baseUrl}`,
    live: true,
    retryTime: 200,
    waitForLeadership: false,
    deletedField: '_deleted',
    pull: {
      batchSize: 500,
      handler: (cp: { seq: number } | undefined, n: number) => call<CollectionPage>(opts.baseUrl, opts.token, 'GET', `${collectionPullPath(name)}${pullQuery(cp?.seq ?? 0, n)}`) as never,
    },
    ...(name === 'events'
      ? { push: { batchSize: 500, handler: async (rows: unknown[]) => (await call<PushResponse>(opts.baseUrl, opts.token, 'POST', SYNC_PATHS.eventsPush, rows)).conflicts as never } }
      : {}),
  }));
  return {
    db,
    collections,
    replications,
    async close() {
      await Promise.all(replications.map((r) => r.cancel()));
      await db.close();
    },
  };
}
