// Database migration 3: holds stored before holds carried their lender get
// `ownerLibraryId` from their request (the one real owner); a hold whose
// request is missing gets its pickup library, a valid code the service will
// never lend under (loan.started refuses it there: UNKNOWN_REQUEST). Run on
// PGlite and, when one answers, on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase } from '#test/support/service';
import type { Database } from '#server/db/database';
import { MIGRATIONS, migrate } from '#server/db/migrations';
import { openPglite } from '#server/db/pglite';
import { openPostgres } from '#server/db/postgres';
import { HoldSchema } from '#shared/domain/records';
import { Value } from '@sinclair/typebox/value';

const MIGRATION = 3;

/** A database at the schema just before migration 3, as a service released before it left it. */
async function databaseBefore(backend: 'pglite' | 'postgres', cleanup: Array<() => Promise<void>>): Promise<Database> {
  let db: Database;
  if (backend === 'pglite') db = await openPglite(undefined);
  else {
    const t = await createTestDatabase('relay_mig');
    db = await openPostgres(t.url, 2);
    cleanup.push(t.drop);
  }
  cleanup.unshift(() => db.close());
  await db.exec('create table schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())');
  for (const m of MIGRATIONS.filter((x) => x.version < MIGRATION)) {
    await db.exec(m.sql);
    await db.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
  }
  return db;
}

let seq = 0;
async function putRecord(db: Database, collection: string, data: Record<string, unknown>): Promise<void> {
  seq += 1;
  await db.query('insert into records (collection, id, seq, public, libraries, data) values ($1, $2, $3, false, $4, $5)', [collection, data['id'], seq, ['NKUST'], JSON.stringify(data)]);
}

function oldHold(id: string, requestId: string): Record<string, unknown> {
  return {
    id, requestId, patronId: 'p-1', libraryId: 'NKUST', itemBarcode: `b-${id}`, title: 'T', parts: 1,
    shelfSpot: 'H-1', shelvedOn: '2025-03-03', pickupBy: '2025-03-10', state: 'waiting', updatedAt: '2025-03-03T03:00:00.000Z',
  };
}

async function holdData(db: Database, id: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ data: Record<string, unknown> }>("select data from records where collection = 'holds' and id = $1", [id]);
  return rows[0]!.data;
}

for (const backend of await backends()) {
  describe(`database migration ${MIGRATION} (holds' ownerLibraryId) on ${backend}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const f of cleanup.splice(0)) await f();
    });

    it('copies the lender from the request, falls back to the pickup library, leaves the sequence alone', async () => {
      const db = await databaseBefore(backend, cleanup);
      await putRecord(db, 'requests', { id: 'r-1', borrowerLibraryId: 'NKUST', lenderLibraryId: 'NPTU' });
      await putRecord(db, 'requests', { id: 'r-2', borrowerLibraryId: 'NKUST', lenderLibraryId: 'NUK' });
      await putRecord(db, 'holds', oldHold('h-1', 'r-1'));
      await putRecord(db, 'holds', oldHold('h-2', 'r-2'));
      await putRecord(db, 'holds', oldHold('h-orphan', 'r-gone'));
      const seqBefore = await db.query<{ id: string; seq: string }>('select id, seq::text as seq from records order by id');

      expect(await migrate(db)).toBe(MIGRATIONS.length - (MIGRATION - 1));

      expect(await holdData(db, 'h-1')).toEqual({ ...oldHold('h-1', 'r-1'), ownerLibraryId: 'NPTU' });
      expect((await holdData(db, 'h-2'))['ownerLibraryId']).toBe('NUK');
      expect((await holdData(db, 'h-orphan'))['ownerLibraryId']).toBe('NKUST');
      for (const id of ['h-1', 'h-2', 'h-orphan']) expect(Value.Check(HoldSchema, await holdData(db, id))).toBe(true);
      // Requests keep their parties (a later migration, 1502, only adds the title-request fields
      // with their item-level defaults), and no record moved in the replication sequence.
      const { rows: reqs } = await db.query<{ data: Record<string, unknown> }>("select data from records where collection = 'requests' and id = 'r-1'");
      expect(reqs[0]!.data).toEqual({ id: 'r-1', borrowerLibraryId: 'NKUST', lenderLibraryId: 'NPTU', work: null, review: null, rota: [], rotaIndex: -1, askedAt: null });
      expect((await db.query('select id, seq::text as seq from records order by id')).rows).toEqual(seqBefore.rows);
      // Applied once: a second start changes nothing.
      expect(await migrate(db)).toBe(0);
    });

    it('leaves a hold that already carries its owner as it is', async () => {
      const db = await databaseBefore(backend, cleanup);
      await putRecord(db, 'requests', { id: 'r-1', borrowerLibraryId: 'NKUST', lenderLibraryId: 'NPTU' });
      await putRecord(db, 'holds', { ...oldHold('h-1', 'r-1'), ownerLibraryId: 'NUK' });
      await migrate(db);
      expect((await holdData(db, 'h-1'))['ownerLibraryId']).toBe('NUK');
    });
  });
}
