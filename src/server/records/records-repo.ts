// Reading and writing replicated records in PostgreSQL. Writes take their
// sequence numbers from the counter row inside the same transaction, so a
// pulling client never sees a higher number before a lower one.
import type { Sql } from '#server/db/database';
import { scopeOf, type ReplicatedCollection } from '#shared/domain/access';
import { fileScopes, pullScoped, readerKeys, unfileScopes, type RawRow } from './record-scopes';
import type { MemoryStore} from '#shared/domain/store';
import { type RecordWrite } from '#shared/domain/store';
import type { RecordCollection } from '#shared/domain/records';

export const CHANGES_CHANNEL = 'relay_changes';

export interface StoredDoc {
  collection: ReplicatedCollection;
  doc: { id: string } & Record<string, unknown>;
  deleted?: boolean;
}

interface Row {
  collection: string;
  id: string;
  data: Record<string, unknown>;
}

/** Load the directory and policies, which every rule may consult. */
export async function preloadShared(tx: Sql, store: MemoryStore): Promise<void> {
  const { rows } = await tx.query<Row>(`select collection, id, data from records where collection in ('libraries', 'policies')`);
  for (const r of rows) store.put({ collection: r.collection as RecordCollection, doc: r.data } as RecordWrite);
}

/** Load what the reducer asked for and did not find; returns false when there was nothing to load. */
export async function loadMisses(tx: Sql, store: MemoryStore): Promise<boolean> {
  if (!store.hasMisses()) return false;
  const keys = [...store.misses.keys];
  const items = [...store.misses.items];
  const patronLoans = [...store.misses.patronLoans];
  const itemLoans = [...store.misses.itemLoans];
  store.clearMisses();
  const rows: Row[] = [];
  if (keys.length > 0) {
    const cols = keys.map((k) => k.split('\u0000')[0]!);
    const ids = keys.map((k) => k.split('\u0000')[1]!);
    const res = await tx.query<Row>(
      `select r.collection, r.id, r.data from records r
         join unnest($1::text[], $2::text[]) as k(collection, id) on r.collection = k.collection and r.id = k.id`,
      [cols, ids],
    );
    rows.push(...res.rows);
  }
  if (items.length > 0) {
    const res = await tx.query<Row>(
      `select collection, id, data from records where collection = 'requests' and data->'item'->>'barcode' = any($1::text[])`,
      [items],
    );
    rows.push(...res.rows);
  }
  if (patronLoans.length > 0) {
    const res = await tx.query<Row>(
      `select collection, id, data from records where collection = 'loans' and data->>'patronId' = any($1::text[]) and data->>'state' = 'active'`,
      [patronLoans],
    );
    rows.push(...res.rows);
  }
  if (itemLoans.length > 0) {
    const res = await tx.query<Row>(
      `select collection, id, data from records where collection = 'loans' and data->>'itemBarcode' = any($1::text[]) and data->>'state' = 'active'`,
      [itemLoans],
    );
    rows.push(...res.rows);
  }
  for (const r of rows) {
    // A record already in the overlay is newer (written earlier in this transaction): keep it.
    if (store.get(r.collection as RecordCollection, r.id) === undefined) store.put({ collection: r.collection as RecordCollection, doc: r.data } as RecordWrite);
  }
  store.markLoaded(keys, items, patronLoans, itemLoans);
  store.clearMisses();
  return true;
}

/** Upsert documents with fresh sequence numbers and announce the range to every listening service process. */
export async function writeDocs(tx: Sql, docs: readonly StoredDoc[]): Promise<{ fromSeq: number; toSeq: number }> {
  if (docs.length === 0) return { fromSeq: 0, toSeq: 0 };
  const { rows } = await tx.query<{ value: number | string }>('update seq_counter set value = value + $1 where id = 1 returning value', [docs.length]);
  const toSeq = Number(rows[0]!.value);
  const fromSeq = toSeq - docs.length + 1;
  const scopes = docs.map((d) => scopeOf(d.collection, d.doc as never));
  // The scope index follows the record in the same transaction: old keys out before the seq changes, new keys in after.
  await unfileScopes(tx, docs.map((d) => ({ collection: d.collection, id: d.doc.id })));
  const payload = docs.map((d, i) => {
    const scope = scopes[i]!;
    return {
      collection: d.collection,
      id: d.doc.id,
      seq: fromSeq + i,
      public: scope.public,
      libraries: scope.libraries,
      device_id: scope.deviceId,
      deleted: d.deleted ?? false,
      data: d.doc,
    };
  });
  await tx.query(
    `insert into records (collection, id, seq, public, libraries, device_id, deleted, data)
       select collection, id, seq, public, libraries, device_id, deleted, data
         from jsonb_to_recordset($1::jsonb) as x(collection text, id text, seq bigint, public boolean, libraries text[], device_id text, deleted boolean, data jsonb)
     on conflict (collection, id) do update
       set seq = excluded.seq, public = excluded.public, libraries = excluded.libraries,
           device_id = excluded.device_id, deleted = excluded.deleted, data = excluded.data`,
    [JSON.stringify(payload)],
  );
  await fileScopes(tx, docs.map((d, i) => ({ collection: d.collection, id: d.doc.id, seq: fromSeq + i, scope: scopes[i]! })));
  await tx.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ fromSeq, toSeq })]);
  return { fromSeq, toSeq };
}

export interface PullScope {
  libraryId: string;
  deviceId: string;
}

export interface PulledRow {
  seq: number;
  deleted: boolean;
  data: Record<string, unknown>;
}

/** The next page of the given collections after a checkpoint, as one device may see it (from the scope index; JSON left as text). */
export async function pullPage(db: Sql, collections: readonly ReplicatedCollection[], scope: PullScope, afterSeq: number, limit: number): Promise<RawRow[]> {
  return pullScoped(db, readerKeys(scope), collections, afterSeq, limit);
}

/** How many records of each collection a device's scope holds (the desk's first-replication progress bar). */
export async function scopeCounts(db: Sql, scope: PullScope): Promise<Record<string, number>> {
  const { rows } = await db.query<{ collection: string; n: number | string }>(
    `select collection, count(*) as n from records
      where not deleted and (public or (device_id is null and $1 = any(libraries)) or device_id = $2)
      group by collection`,
    [scope.libraryId, scope.deviceId],
  );
  return Object.fromEntries(rows.map((r) => [r.collection, Number(r.n)]));
}

/** All records committed in a sequence range (for the live stream; filtered per device by the caller). */
export async function changesInRange(db: Sql, fromSeq: number, toSeq: number): Promise<Array<PulledRow & { collection: ReplicatedCollection }>> {
  const { rows } = await db.query<{ collection: string; seq: number | string; deleted: boolean; data: Record<string, unknown> }>(
    'select collection, seq, deleted, data from records where seq between $1 and $2 order by seq',
    [fromSeq, toSeq],
  );
  return rows.map((r) => ({ collection: r.collection as ReplicatedCollection, seq: Number(r.seq), deleted: r.deleted, data: r.data }));
}

/** Tell every service process that a device was revoked, so its open streams end everywhere. */
export async function announceRevocation(db: Sql, deviceId: string): Promise<void> {
  await db.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ revokedDeviceId: deviceId })]);
}

/** Event ids in the list that another device already used (an id is a desk's own; reusing one is refused). */
export async function foreignEventIds(db: Sql, ids: readonly string[], deviceId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `select id from records where collection = 'events' and id = any($1::text[]) and device_id is distinct from $2`,
    [ids, deviceId],
  );
  return rows.map((r) => r.id);
}

export async function currentSeq(db: Sql): Promise<number> {
  const { rows } = await db.query<{ value: number | string }>('select value from seq_counter where id = 1');
  return Number(rows[0]?.value ?? 0);
}
