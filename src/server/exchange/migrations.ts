// The used-book exchange's tables (issue 20): numbered 20xx.
import type { Migration } from '#server/db/migrations';

export const EXCHANGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 2001,
    name: 'used-book exchange: settings, listings, reservations, photos, threads and messages',
    sql: `
      -- The consortium's rules (one row): hold days, reservations per patron, listing lifetime, forbidden words, photo limits.
      create table exchange_settings (
        id int primary key check (id = 1),
        hold_days int not null default 3 check (hold_days between 1 and 30),
        max_active_reservations int not null default 3 check (max_active_reservations between 1 and 50),
        listing_days int not null default 90 check (listing_days between 1 and 730),
        forbidden_words text[] not null default '{}',
        max_photos int not null default 4 check (max_photos between 0 and 10),
        max_photo_bytes int not null default 2097152 check (max_photo_bytes between 1024 and 10485760),
        updated_at timestamptz not null default now()
      );
      insert into exchange_settings (id) values (1);
      -- A listing. library_id is the lister's school (moderation and statistics by school). kind 'fair' is
      -- reserved for a swap fair's books (fair_id), so fairs can reuse listings, reservations and statistics.
      create table exchange_listings (
        id text primary key,
        lister_id text not null,
        library_id text not null,
        kind text not null check (kind in ('sell', 'wanted', 'give', 'swap', 'fair')),
        subject text not null,
        title text not null,
        author text not null default '',
        isbn text,
        description text not null default '',
        condition text not null,
        price int not null default 0 check (price >= 0),
        campus text not null,
        fair_id text,
        state text not null check (state in ('open', 'reserved', 'matched', 'withdrawn', 'expired')),
        search_text text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        matched_at timestamptz,
        closed_at timestamptz,
        hidden_reason text,
        hidden_at timestamptz,
        hidden_by text
      );
      -- Browsing: visible listings newest first, optionally by kind, subject or school.
      create index exchange_listings_browse on exchange_listings (created_at desc, id desc) where state in ('open', 'reserved') and hidden_at is null;
      create index exchange_listings_kind on exchange_listings (kind, created_at desc) where state in ('open', 'reserved') and hidden_at is null;
      create index exchange_listings_subject on exchange_listings (subject, created_at desc) where state in ('open', 'reserved') and hidden_at is null;
      create index exchange_listings_school on exchange_listings (library_id, created_at desc) where state in ('open', 'reserved') and hidden_at is null;
      create index exchange_listings_lister on exchange_listings (lister_id, created_at desc);
      create index exchange_listings_expiry on exchange_listings (expires_at) where state in ('open', 'reserved');
      create table exchange_reservations (
        id text primary key,
        listing_id text not null references exchange_listings (id),
        patron_id text not null,
        library_id text not null,
        state text not null check (state in ('active', 'lapsed', 'released', 'matched')),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz
      );
      -- At most one live hold per listing, enforced by the database (two patrons reserving at once: one wins).
      create unique index exchange_reservations_one_active on exchange_reservations (listing_id) where state = 'active';
      create index exchange_reservations_patron on exchange_reservations (patron_id) where state = 'active';
      create index exchange_reservations_lapse on exchange_reservations (expires_at) where state = 'active';
      create index exchange_reservations_listing on exchange_reservations (listing_id);
      create table exchange_photos (
        id text primary key,
        listing_id text not null references exchange_listings (id),
        content_type text not null,
        bytes bytea not null,
        size int not null,
        created_at timestamptz not null default now()
      );
      create index exchange_photos_listing on exchange_photos (listing_id, created_at);
      -- A conversation about a listing between its lister and one asker; patrons see each other only masked.
      create table exchange_threads (
        id text primary key,
        listing_id text not null references exchange_listings (id),
        asker_id text not null,
        last_at timestamptz not null,
        unique (listing_id, asker_id)
      );
      create table exchange_messages (
        id text primary key,
        thread_id text not null references exchange_threads (id),
        from_patron text not null,
        body text not null,
        created_at timestamptz not null
      );
      create index exchange_messages_thread on exchange_messages (thread_id, created_at);
    `,
  },
  {
    version: 2002,
    name: 'used-book exchange: search terms (words and Han bigrams) with a GIN index',
    sql: `
      -- The same terms the union catalogue uses (src/shared/catalogue/tokens.ts): a word search is an
      -- index lookup instead of a scan of every listing's text. search_text stays for one-character queries.
      alter table exchange_listings add column search_terms text[] not null default '{}';
      create index exchange_listings_terms on exchange_listings using gin (search_terms);
    `,
  },
];
