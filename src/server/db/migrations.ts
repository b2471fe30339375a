// Versioned schema migrations, applied in order, each in its own transaction,
// recorded in schema_migrations. Never edit a released migration: add one.
import type { Database } from './database';
import { PORTAL_MIGRATIONS } from '#server/portal/migrations';
import { NOTICE_MIGRATIONS } from '#server/notices/migrations';
import { EXCHANGE_MIGRATIONS } from '#server/exchange/migrations';
import { EBOOK_MIGRATIONS } from '#server/ebooks/migrations';
import { FAIR_MIGRATIONS } from '#server/fairs/migrations';

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
  {
    version: 4,
    name: 'record_scopes: pulls by the reader\'s scope',
    sql: `
      -- Who may read each record, one row per scope key: 'public', 'lib:<code>' or 'dev:<device id>'
      -- (the same rule as canRead in src/shared/domain/access.ts). A device's pull is a merge of at most
      -- three range scans of this index (public, its library, itself), so its cost grows with the
      -- device's own records, not the consortium's. Kept by writeDocs in the writing transaction.
      create table record_scopes (
        scope text not null,
        seq bigint not null,
        collection text not null,
        id text not null,
        primary key (scope, seq)
      );
      insert into record_scopes (scope, seq, collection, id)
        select k.scope, r.seq, r.collection, r.id
          from records r
          cross join lateral unnest(
            case when r.public then array['public']
                 when r.device_id is not null then array['dev:' || r.device_id]
                 else array(select distinct 'lib:' || l from unnest(r.libraries) as l) end
          ) as k(scope)
        on conflict do nothing;
    `,
  },
  {
    version: 5,
    name: 'statistics: aggregates kept from the event log, with the consumer checkpoint and state',
    sql: `
      -- The last event sequence number the statistics consumer has folded in (updated in the same transaction as the aggregates).
      create table stats_checkpoint (id int primary key check (id = 1), seq bigint not null);
      insert into stats_checkpoint values (1, 0);
      -- What the consumer remembers between events to measure durations (per request, parcel, hold, fine).
      create table stats_state (kind text not null, id text not null, data jsonb not null, primary key (kind, id));
      -- Counts and sums (minutes, NT$) per metric, grain (d = local day, m = month), school ('*' = consortium), partner.
      create table stats_agg (
        metric text not null, grain text not null, library_id text not null, period date not null, partner_id text not null,
        n bigint not null, total bigint not null,
        primary key (metric, grain, library_id, period, partner_id)
      );
      -- Duration histograms (see src/server/stats/buckets.ts), same keys plus the bucket.
      create table stats_hist (
        metric text not null, grain text not null, library_id text not null, period date not null, partner_id text not null,
        bucket int not null, n bigint not null,
        primary key (metric, grain, library_id, period, partner_id, bucket)
      );
    `,
  },
  {
    version: 6,
    name: 'console: accounts, sessions, audit log',
    sql: `
      -- People who sign in to the web console: the consortium office (every school) or one library's administrator.
      create table console_accounts (
        id text primary key,
        username text not null unique,
        display_name text not null,
        role text not null check (role in ('office', 'library')),
        library_id text,
        password_hash text not null,
        totp_secret text,
        failed_logins int not null default 0,
        locked_until timestamptz,
        disabled boolean not null default false,
        created_at timestamptz not null default now(),
        check ((role = 'office') = (library_id is null))
      );
      -- Sessions: only a hash of the cookie's secret is stored; the CSRF token is the synchronizer token for this session.
      create table console_sessions (
        token_hash text primary key,
        account_id text not null references console_accounts (id),
        csrf_token text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      );
      -- Every change made through the console, written in the transaction that makes it.
      create table console_audit (
        id bigserial primary key,
        at timestamptz not null default now(),
        account_id text not null,
        username text not null,
        library_id text,
        action text not null,
        target text not null,
        before jsonb,
        after jsonb
      );
      create index console_audit_library on console_audit (library_id, id);
    `,
  },
  {
    // Numbered 1501 (issue 15, first) so engineers appending at the same time cannot take the same number.
    version: 1501,
    name: 'union catalogue: sources, records, works, holdings',
    sql: `
      -- A member library's feed: an SRU endpoint or uploaded MARC files, its holdings rule, its harvest status.
      create table catalogue_sources (
        id text primary key,
        library_id text not null,
        name text not null,
        kind text not null check (kind in ('sru', 'file')),
        config jsonb not null,
        enabled boolean not null default true,
        status text not null default 'never' check (status in ('never', 'running', 'ok', 'partial', 'failed')),
        last_started_at timestamptz, last_finished_at timestamptz, last_success_at timestamptz, next_run_at timestamptz,
        last_error jsonb, last_report jsonb,
        created_at timestamptz not null default now(), updated_at timestamptz not null default now()
      );
      -- Works: what a request names. The id is derived from the match key (first ISBN-13, else folded
      -- title|author|year), so it survives re-harvests. terms is the union of its records' search terms.
      create table catalogue_works (
        id text primary key,
        match_key text not null,
        title_key text not null,
        title text not null, author text, year int, publisher text,
        isbns text[] not null default '{}',
        subjects text[] not null default '{}',
        terms text[] not null default '{}',
        copies int not null default 0,
        updated_at timestamptz not null default now()
      );
      create index catalogue_works_terms on catalogue_works using gin (terms);
      create index catalogue_works_isbns on catalogue_works using gin (isbns);
      create index catalogue_works_title_key on catalogue_works (title_key);
      -- One bibliographic record of one source, as harvested.
      create table catalogue_records (
        source_id text not null references catalogue_sources (id) on delete cascade,
        local_id text not null,
        work_id text not null,
        title text not null, author text, year int, publisher text,
        isbns text[] not null, subjects text[] not null, terms text[] not null,
        primary key (source_id, local_id)
      );
      create index catalogue_records_work on catalogue_records (work_id);
      -- Copies, per record, with the owning library's lending rule and last known availability.
      create table catalogue_holdings (
        source_id text not null,
        local_id text not null,
        ord int not null,
        work_id text not null,
        library_id text not null,
        call_number text, location text, barcode text,
        lendable boolean not null,
        availability text not null check (availability in ('available', 'on_loan', 'missing', 'unknown')),
        status_raw text,
        primary key (source_id, local_id, ord),
        foreign key (source_id, local_id) references catalogue_records (source_id, local_id) on delete cascade
      );
      create index catalogue_holdings_work on catalogue_holdings (work_id, library_id);
      create index catalogue_holdings_barcode on catalogue_holdings (library_id, barcode) where barcode is not null;
    `,
  },
  {
    // Numbered 1401 (issue 14, first) so engineers appending at the same time cannot take the same number.
    version: 1401,
    name: 'pairing attempts per code; exceptions per device and day',
    sql: `
      -- Failed pairing attempts made while the code was valid, whatever address they came from (auth.ts):
      -- past the limit the code is burnt, so guesses against one code are bounded however many addresses try.
      alter table pairing_codes add column failed_attempts int not null default 0;
      -- The per-device daily cap on stored exceptions counts them here (apply-events.ts).
      create index records_exceptions_device_day on records ((data->>'deviceId'), (data->>'createdAt')) where collection = 'exceptions';
    `,
  },
  {
    // Issue 15 (title requests), second number of that block.
    version: 1502,
    name: 'title requests: item-level requests get the new fields; open title requests per lender and awaiting routing',
    sql: `
      -- Requests stored before title requests name no work, were never reviewed and have no rota (the desk re-pulls them).
      update records set data = data || '{"work": null, "review": null, "rota": [], "rotaIndex": -1, "askedAt": null}'::jsonb
       where collection = 'requests' and not (data ? 'rotaIndex');
      -- The router finds approved title requests not yet routed, and the scheduler lenders that have not acted.
      create index records_title_requests_open on records ((data->>'rotaIndex'), (data->>'lenderState'))
       where collection = 'requests' and not deleted and data->'work' <> 'null'::jsonb
         and data->>'borrowerState' not in ('complete', 'unfilled', 'cancelled', 'lost');
    `,
  },
  {
    // Issue 13, first of its block: statistics for the scope index right after its backfill (migration 4), so the
    // first pulls plan ordered range scans instead of a bitmap scan and a sort of a library's whole scope.
    version: 1301,
    name: 'record_scopes statistics',
    sql: `analyze record_scopes;`,
  },
  {
    // Issue 18: the statistics read one (metric, grain, period) span across all schools for per-route and per-school
    // tables; the primary key leads with library_id after grain, so those spans need their own index.
    version: 1801,
    name: 'statistics: indexes for spans across schools',
    sql: `
      create index stats_agg_span on stats_agg (metric, grain, period);
      create index stats_hist_span on stats_hist (metric, grain, period);
    `,
  },
  {
    // Issue 15, union catalogue, second (1511: the 150x numbers are taken by the title requests).
    version: 1511,
    name: 'union catalogue: ISBN → work lookup table',
    sql: `
      -- Deduplication looks up thousands of ISBNs per batch; a btree on one row per ISBN answers "= any($1)"
      -- by index, where "isbns && $1" on the works' GIN is planned as a scan of every work.
      create table catalogue_work_isbns (isbn text primary key, work_id text not null);
      create index catalogue_work_isbns_work on catalogue_work_isbns (work_id);
      insert into catalogue_work_isbns (isbn, work_id)
        select distinct on (x) x, w.id from catalogue_works w cross join lateral unnest(w.isbns) x order by x, w.id;
    `,
  },
  // Feature folders keep their own tables' migrations.
  ...PORTAL_MIGRATIONS,
  ...NOTICE_MIGRATIONS,
  ...EXCHANGE_MIGRATIONS,
  ...EBOOK_MIGRATIONS,
  ...FAIR_MIGRATIONS,
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
