// The used-book exchange's tables (issue 20): numbered 20xx.
import type { Migration } from '#server/db/migrations';

export const EXCHANGE_MIGRATIONS: readonly Migration[] = [];
