// The patron portal's tables (issue 16): its own migrations, numbered 16xx,
// appended to the service's list in src/server/db/migrations.ts.
import type { Migration } from '#server/db/migrations';

export const PORTAL_MIGRATIONS: readonly Migration[] = [];
