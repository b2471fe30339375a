// Versioned schema migrations, applied in order, each in its own transaction,
// recorded in schema_migrations. Never edit a released migration: add one.
import type { Database } from './database';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'replicated records, sequence, devices, pairing',
    sql: `
      -- Every replicated record (all collections) with the scope that decides who may read it.
      create table records (
        collection text not null,
        id text not null,
        seq bigint not null,
        public boolean not null,
        libraries text[] not null,
        device_id text,
        deleted boolean not null default false,
        data jsonb not null,
        primary key (collection, id)
      );
      create unique index records_seq on records (seq);
      create index records_collection_seq on records (collection, seq);
      create index records_request_item on records ((data->'item'->>'barcode')) where collection = 'requests';
      create index records_loan_patron on records ((data->>'patronId')) where collection = 'loans';
      -- The replication checkpoint: one counter, updated inside each writing transaction,
      -- so sequence numbers become visible strictly in order (never a client clock).
      create table seq_counter (id int primary key check (id = 1), value bigint not null);
      insert into seq_counter values (1, 0);
      create table devices (
        id text primary key,
        library_id text not null,
        role text not null check (role in ('staff', 'kiosk')),
        name text not null,
        token_hash text not null unique,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        last_seen_at timestamptz
      );
      create table pairing_codes (
        code_hash text primary key,
        library_id text not null,
        role text not null check (role in ('staff', 'kiosk')),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz,
        device_id text
      );
    `,
  },
  {
    version: 2,
    name: 'virtual cards: signing keys, card texts, service secrets, loans by item',
    sql: `
      -- The private halves of the card-signing keys: never replicated (the public halves are cardKeys records).
      -- private_key is 'aesgcm1.<iv>.<ciphertext+tag>' when CARD_KEY_SECRET is set, else 'plain.<seed>' (see card-secrets.ts).
      create table card_signing_keys (
        key_id text primary key,
        public_key text not null,
        private_key text not null,
        created_at timestamptz not null default now()
      );
      -- Each issued card's signed QR text, for its page; the signature is not replicated to desks.
      create table card_texts (
        card_id text primary key,
        card_text text not null,
        created_at timestamptz not null default now()
      );
      -- Secrets the service makes once and every process shares (the card-page link key).
      create table service_secrets (
        name text primary key,
        value text not null,
        created_at timestamptz not null default now()
      );
      -- "Is this item already on loan here?" for visitor loans.
      create index records_loan_item on records ((data->>'itemBarcode')) where collection = 'loans';
    `,
  },
  {
    version: 3,
    name: 'holds carry their lender (ownerLibraryId)',
    sql: `
      -- Holds schema v1: the lender is on the hold, so a kiosk (which may not read requests) can make the loan.
      -- Copied from the hold's request, which item.received always writes together with the hold.
      update records h
         set data = jsonb_set(h.data, '{ownerLibraryId}', r.data->'lenderLibraryId')
        from records r
       where h.collection = 'holds' and not (h.data ? 'ownerLibraryId')
         and r.collection = 'requests' and r.id = h.data->>'requestId'
         and jsonb_typeof(r.data->'lenderLibraryId') = 'string';
      -- A hold whose request is not here cannot become a loan at the service (loan.started refuses it,
      -- UNKNOWN_REQUEST); it still needs a library code to be a valid record, and the pickup library is the
      -- one real library that has the item in hand. The sequence is not bumped: desks pull every hold
      -- again from the start after the holds schema version change.
      update records
         set data = jsonb_set(data, '{ownerLibraryId}', data->'libraryId')
       where collection = 'holds' and not (data ? 'ownerLibraryId');
    `,
  },
];

const LOCK_KEY = 727_001;

export async function migrate(db: Database): Promise<number> {
  await db.query(`create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())`);
  let applied = 0;
  for (const m of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      // Several service processes may start at once on one database: one migrates, the others wait.
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const { rows } = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied++;
  }
  return applied;
}
