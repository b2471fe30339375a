// Patron notices' tables (issue 16): its own migrations, numbered 162x,
// appended to the service's list in src/server/db/migrations.ts.
import type { Migration } from '#server/db/migrations';

export const NOTICE_MIGRATIONS: readonly Migration[] = [];
