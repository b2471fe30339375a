// The cloud e-books' tables (issue 20): numbered 205x.
import type { Migration } from '#server/db/migrations';

export const EBOOK_MIGRATIONS: readonly Migration[] = [
  {
    version: 2051,
    name: 'cloud e-books: titles with copies, loans, waiting list, usage, vendor COUNTER usage',
    sql: `
      -- One row per title the consortium owns, from a vendor's KBART list. "out" counts the copies
      -- on loan plus those offered to the first in line; the CHECK is the rule "never more loans
      -- than copies", kept by the database itself: a borrow is one conditional UPDATE of this row
      -- (out = out + 1 where out < copies), which takes the row lock, so concurrent borrows queue
      -- on it and the last copy goes to exactly one of them, on PGlite and on PostgreSQL alike.
      create table ebook_titles (
        id text primary key,
        vendor text not null,
        vendor_title_id text not null,
        title text not null,
        print_identifier text,
        online_identifier text,
        first_author text,
        publisher text,
        publication_type text not null,
        title_url text not null,
        published_online text,
        copies int not null check (copies >= 0),
        out int not null default 0,
        loan_days int not null default 14 check (loan_days between 1 and 90),
        updated_at timestamptz not null default now(),
        check (out >= 0 and out <= copies),
        unique (vendor, vendor_title_id)
      );
      create index ebook_titles_online on ebook_titles (online_identifier) where online_identifier is not null;
      create index ebook_titles_print on ebook_titles (print_identifier) where print_identifier is not null;

      create table ebook_loans (
        id text primary key,
        title_id text not null references ebook_titles (id),
        patron_id text not null,
        library_id text not null,
        borrowed_at timestamptz not null,
        due_at timestamptz not null,
        ended_at timestamptz,
        ended text check (ended in ('returned', 'expired'))
      );
      -- A patron holds a title once at a time.
      create unique index ebook_loans_open on ebook_loans (title_id, patron_id) where ended_at is null;
      create index ebook_loans_patron on ebook_loans (patron_id) where ended_at is null;
      create index ebook_loans_due on ebook_loans (due_at) where ended_at is null;

      -- The waiting list: first placed, first offered. An offered copy is counted in "out".
      create table ebook_holds (
        id text primary key,
        title_id text not null references ebook_titles (id),
        patron_id text not null,
        library_id text not null,
        placed_at timestamptz not null,
        state text not null check (state in ('waiting', 'offered', 'borrowed', 'cancelled', 'lapsed')),
        offered_at timestamptz,
        offer_until timestamptz,
        closed_at timestamptz
      );
      create unique index ebook_holds_open on ebook_holds (title_id, patron_id) where state in ('waiting', 'offered');
      create index ebook_holds_queue on ebook_holds (title_id, placed_at, id) where state = 'waiting';
      create index ebook_holds_offers on ebook_holds (offer_until) where state = 'offered';

      -- The consortium's own counts per title, school and month (Taipei time).
      create table ebook_usage (
        title_id text not null references ebook_titles (id),
        library_id text not null,
        month date not null,
        loans int not null default 0,
        reads int not null default 0,
        turnaways int not null default 0,
        primary key (title_id, library_id, month)
      );

      -- The vendors' COUNTER R5 counts, as reported: per school (library_id '' = the consortium's
      -- account), platform, item, month and metric. Re-importing a report replaces its counts.
      create table ebook_counter_usage (
        library_id text not null,
        platform text not null,
        item_key text not null,
        title_id text references ebook_titles (id),
        item_title text not null,
        month date not null,
        metric_type text not null,
        count int not null check (count >= 0),
        report_id text not null,
        imported_at timestamptz not null default now(),
        primary key (library_id, platform, item_key, month, metric_type)
      );
      create index ebook_counter_title on ebook_counter_usage (title_id, month);
    `,
  },
];
