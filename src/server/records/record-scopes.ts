// The scope index (table record_scopes, migration 4): who may read each
// record, one row per scope key, so a device's pull is a merge of at most three
// index range scans (public, its library, itself) instead of a scan of every
// record after its checkpoint. Pulls pass the stored JSON through as text: the
// service never parses a record on its way out.
import type { Sql } from '#server/db/database';
import type { RecordScope } from '#shared/domain/access';
import type { ReplicatedCollection } from '#shared/domain/access';

/** The keys a record is filed under; the same rule as canRead (access.ts). */
export function scopeKeys(scope: RecordScope): string[] {
  if (scope.public) return ['public'];
  if (scope.deviceId !== null) return [`dev:${scope.deviceId}`];
  return [...new Set(scope.libraries)].map((l) => `lib:${l}`);
}

/** The keys a device reads: everything public, its library's, its own. */
export function readerKeys(device: { libraryId: string; deviceId: string }): [string, string, string] {
  return ['public', `lib:${device.libraryId}`, `dev:${device.deviceId}`];
}

/** The scope keys of the records' current rows, as SQL over `records r` (mirrors scopeKeys). */
const STORED_KEYS = `case when r.public then array['public']
                          when r.device_id is not null then array['dev:' || r.device_id]
                          else array(select distinct 'lib:' || l from unnest(r.libraries) as l) end`;

/** Before an upsert: drop the index rows of the records' current versions (their seq is about to change). */
export async function unfileScopes(tx: Sql, keys: ReadonlyArray<{ collection: string; id: string }>): Promise<void> {
  await tx.query(
    `delete from record_scopes s
       using (select k.scope, r.seq
                from records r
                join unnest($1::text[], $2::text[]) as x(collection, id) on r.collection = x.collection and r.id = x.id
                cross join lateral unnest(${STORED_KEYS}) as k(scope)) o
      where s.scope = o.scope and s.seq = o.seq`,
    [keys.map((k) => k.collection), keys.map((k) => k.id)],
  );
}

/** After an upsert: file the new versions under their scopes. */
export async function fileScopes(tx: Sql, rows: ReadonlyArray<{ collection: string; id: string; seq: number; scope: RecordScope }>): Promise<void> {
  const scope: string[] = [], seq: number[] = [], collection: string[] = [], id: string[] = [];
  for (const r of rows) {
    for (const k of scopeKeys(r.scope)) {
      scope.push(k);
      seq.push(r.seq);
      collection.push(r.collection);
      id.push(r.id);
    }
  }
  if (scope.length === 0) return;
  await tx.query(
    'insert into record_scopes (scope, seq, collection, id) select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[])',
    [scope, seq, collection, id],
  );
}

/** A record as stored, its JSON left as text. */
export interface RawRow {
  seq: number;
  collection: ReplicatedCollection;
  deleted: boolean;
  /** The stored document, JSON text exactly as the database gives it back. */
  json: string;
}

/**
 * The next page after a checkpoint of the given collections, as a device with
 * these reader keys may see it: each key's range scan is limited on its own,
 * then merged in sequence order, and each record fetched by its sequence number
 * (a bigint index lookup; the scope row's seq is the record's current seq,
 * both written in one transaction). The lateral LIMIT 1 keeps the planner on
 * those lookups instead of scanning the records table from the start.
 */
export async function pullScoped(db: Sql, keys: readonly [string, string, string], collections: readonly string[], afterSeq: number, limit: number): Promise<RawRow[]> {
  const branch = (k: number) =>
    `(select seq from record_scopes where scope = $${k} and seq > $4 and collection = any($5::text[]) order by seq limit $6)`;
  const { rows } = await db.query<{ seq: number | string; collection: string; deleted: boolean; json: string }>(
    `select s.seq, r.collection, r.deleted, r.data::text as json
       from (${branch(1)} union all ${branch(2)} union all ${branch(3)} order by seq limit $6) s
       cross join lateral (select collection, deleted, data from records where records.seq = s.seq limit 1) r
      order by s.seq`,
    [keys[0], keys[1], keys[2], afterSeq, [...collections], limit],
  );
  return rows.map((r) => ({ seq: Number(r.seq), collection: r.collection as ReplicatedCollection, deleted: r.deleted, json: r.json }));
}
