// Patron notices' tables (issue 16): its own migrations, numbered 162x,
// appended to the service's list in src/server/db/migrations.ts.
import type { Migration } from '#server/db/migrations';

export const NOTICE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1621,
    name: 'patron notices: contacts, queue with dedupe keys, cursor, templates, senders',
    sql: `
      -- Where a patron's notices go. Only the service keeps this: desks never see an address.
      create table notice_contacts (
        patron_id text primary key,
        email text,
        language text not null default 'zh-TW' check (language in ('zh-TW', 'en')),
        opted_out text[] not null default '{}',
        updated_at timestamptz not null default now()
      );
      -- One row per notice. dedupe_key is the notice's identity (kind + record + the state change's
      -- event id or date): a replayed range, a restart or a second process inserts nothing new.
      -- The address is never copied here; it is read from notice_contacts at send time.
      create table notices (
        id text primary key,
        dedupe_key text not null unique,
        kind text not null,
        patron_id text not null,
        library_id text not null,
        request_id text,
        hold_id text,
        loan_id text,
        vars jsonb not null default '{}',
        state text not null check (state in ('queued', 'sent', 'failed', 'skipped')),
        skip_reason text,
        attempts int not null default 0,
        last_error text,
        next_attempt_at timestamptz not null default now(),
        lease_until timestamptz,
        lease_token text,
        source_seq bigint,
        created_at timestamptz not null default now(),
        sent_at timestamptz
      );
      create index notices_queued on notices (next_attempt_at) where state = 'queued';
      create index notices_request on notices (request_id, created_at) where request_id is not null;
      create index notices_patron on notices (patron_id, created_at);
      create index notices_state on notices (state, created_at);
      -- The consumer's place in the event log. A database that already has history starts at its
      -- head: deploying notices must not mail patrons about last year's requests.
      create table notice_cursor (id int primary key check (id = 1), seq bigint not null);
      insert into notice_cursor (id, seq) select 1, value from seq_counter where id = 1;
      -- Templates: library_id null is the consortium's default; built-in texts apply when neither exists.
      create table notice_templates (
        library_id text,
        kind text not null,
        language text not null check (language in ('zh-TW', 'en')),
        subject text not null,
        body text not null,
        updated_at timestamptz not null default now()
      );
      create unique index notice_templates_key on notice_templates ((coalesce(library_id, '')), kind, language);
      -- Per-library sender (From); without a row, the library's name and the service's default address.
      create table notice_senders (
        library_id text primary key,
        from_name text not null,
        from_address text not null,
        updated_at timestamptz not null default now()
      );
    `,
  },
];
