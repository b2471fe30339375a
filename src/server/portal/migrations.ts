// The patron portal's tables (issue 16): its own migrations, numbered 16xx,
// appended to the service's list in src/server/db/migrations.ts.
import type { Migration } from '#server/db/migrations';

export const PORTAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1601,
    name: 'patron portal: passwords, SIP2 sign-in settings, sessions, failed sign-ins, renewal answers',
    sql: `
      -- Passwords the consortium keeps for libraries without a SIP2 sign-in (scrypt, as console accounts).
      create table portal_passwords (
        patron_id text primary key,
        hash text not null,
        updated_at timestamptz not null default now()
      );
      -- A library's own system, asked at sign-in (SIP2 63, or 23 where 63 is not offered). The login password
      -- is never answered by the API.
      create table portal_sip2_settings (
        library_id text primary key,
        host text not null,
        port int not null,
        tls boolean not null default false,
        institution_id text not null default '',
        login_user text not null default '',
        login_password text not null default '',
        location_code text not null default '',
        timeout_ms int not null default 5000,
        enabled boolean not null default true,
        updated_at timestamptz not null default now()
      );
      -- Sessions: only a hash of the cookie's secret is stored; the CSRF token is the synchronizer token.
      -- Expired rows are kept a day so a late call hears SESSION_EXPIRED, not NOT_SIGNED_IN.
      create table portal_sessions (
        token_hash text primary key,
        patron_id text not null,
        csrf_token text not null,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        absolute_expires_at timestamptz not null
      );
      create index portal_sessions_patron on portal_sessions (patron_id);
      -- Failed sign-ins, per account (a hash of library and account: no card number stored here) and per
      -- address, in the database so every service process counts the same failures.
      create table portal_sign_in_failures (
        kind text not null check (kind in ('account', 'address')),
        key text not null,
        at timestamptz not null default now()
      );
      create index portal_sign_in_failures_key on portal_sign_in_failures (kind, key, at);
      create table portal_account_locks (
        key text primary key,
        until timestamptz not null
      );
      -- The last renewal a patron asked for per loan and its answer (the account view shows it).
      create table portal_renewals (
        loan_id text primary key,
        patron_id text not null,
        state text not null,
        due_on text,
        reason text not null default '',
        decided_by text,
        at timestamptz not null default now()
      );
    `,
  },
  {
    version: 1602,
    name: 'patron portal: the character set of a library\'s SIP2 connection',
    sql: `
      -- UTF-8, Big5 (older Taiwanese systems), CP850, Latin-1 or ASCII: the bytes a PIN and its checksum are sent in.
      alter table portal_sip2_settings add column charset text not null default 'utf-8';
    `,
  },
];
